"""The harness-floor pack: a model that does nothing (pytest_audiocontract.bench.null_model)."""

from __future__ import annotations

from pytest_audiocontract.bench.null_model import NullModel


def load(variant: str, device: str) -> NullModel:
    """The pack factory: variant "default", device "cpu"."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"variant={variant!r}, device={device!r}, but this pack has only "
            "variant 'default' on device 'cpu'"
        )
    return NullModel()
