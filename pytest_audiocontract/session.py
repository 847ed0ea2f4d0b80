"""One run's state: the options it was given and the models it loaded, kept in the config stash."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_audiocontract.claims.model import PackSpec
    from pytest_audiocontract.contracts.binding import Binding
    from pytest_audiocontract.isolation import IsolationLimits
    from pytest_audiocontract.packs.selection import PackFilter


@dataclass
class RunState:
    """What one pytest run knows about packs. Each model loads at most once per run."""

    pack_filter: PackFilter
    selected_roots: list[Path] | None  # None: no --model-pack, collect any claims.yaml met
    search_roots: list[Path]
    failures_dir: Path
    profile: str
    max_examples: int | None
    max_audio_s: float | None
    run_contracts: bool = True
    run_claims: bool = True
    isolation: IsolationLimits | None = None  # set: each model runs in a worker process
    bindings: dict[tuple[str, str, str], Binding | BaseException] = field(default_factory=dict)
    children_before: frozenset[int] | None = None  # this process's children before a model loaded
    pack_ids: dict[str, Path] = field(default_factory=dict)  # id -> the first folder collected with it
    extras: dict[str, Any] = field(default_factory=dict)  # later stages (reports) keep theirs here

    def binding(self, spec: PackSpec, variant: str, device: str) -> Binding:
        """The loaded model for (pack, variant, device); a failed load re-raises the same error."""
        from pytest_audiocontract.contracts.binding import Binding
        from pytest_audiocontract.packs.loading import load_model

        key = (str(spec.root), variant, device)
        if key not in self.bindings:
            if self.children_before is None and self.isolation is None:
                from pytest_audiocontract.isolation.children import descendants

                self.children_before = frozenset(descendants(os.getpid()))
            try:
                if self.isolation is not None:
                    from pytest_audiocontract.isolation import isolated_model

                    model = isolated_model(spec, variant, device, self.isolation)
                else:
                    model = load_model(spec, variant, device)
                self.bindings[key] = Binding(spec, variant, device, model)
            except Exception as exc:
                self.bindings[key] = exc
        found = self.bindings[key]
        if isinstance(found, BaseException):
            raise found
        return found

    def close(self) -> None:
        """Stop the worker processes of isolated models, and end the processes that models
        loaded in this process started (any child not there before the first model loaded)."""
        for found in self.bindings.values():
            close_worker = getattr(getattr(found, "model", None), "close_worker", None)
            if close_worker is not None:
                close_worker()
        if self.children_before is not None:
            from pytest_audiocontract.isolation.children import end_descendants

            end_descendants(keep=self.children_before)

    def wants(self, claims_file: Path) -> bool:
        if self.selected_roots is None:
            return True
        return claims_file.parent.resolve() in self.selected_roots


RUN_STATE = pytest.StashKey[RunState]()


def run_state(config: pytest.Config) -> RunState:
    return config.stash[RUN_STATE]
