"""The object a Binding holds under --isolate: the pack's surface methods, answered by a worker.

`IsolatedModel` has the model's public methods and simple attributes; `start_stream` returns an
`IsolatedStream`. Arguments and results are pickled (numpy arrays included). Rules, claims and
the stream machine call it exactly as they call the model itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pytest_audiocontract.errors import PackLoadError
from pytest_audiocontract.isolation.crash import PackCrashed, describe_call
from pytest_audiocontract.isolation.process import IsolationLimits, WorkerProcess
from pytest_audiocontract.isolation.wire import Opened, Raised, Usage, rebuild_error

if TYPE_CHECKING:
    from pytest_audiocontract.spec.model import PackSpec

# A forwarded method returns whatever the pack's own method returned (a Transcript, a Stems,
# ...), unpickled: callers narrow it as they narrow a model's result.
Forwarded = Callable[..., object]


class WorkerUsage(Usage):
    baseline_rss_mb: float | None  # resident MB before the model loaded


class StreamLost(RuntimeError):
    """A stream whose worker crashed during an earlier call; it died with the worker."""


class IsolatedModel:
    def __init__(self, worker: WorkerProcess) -> None:
        self._worker = worker
        self.last_call_s = 0.0  # seconds the last call took inside the worker (no pickling, no pipe)
        self.busy_s = 0.0  # the same, summed over every call so far

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        facts = self._worker.facts
        if name in facts["attrs"]:
            return facts["attrs"][name]
        if name in facts["methods"]:
            return self._method(name)
        raise AttributeError(f"{self._worker.spec.id}'s model has no attribute {name!r}")

    def __dir__(self) -> list[str]:
        facts = self._worker.facts
        return sorted([*facts["methods"], *facts["attrs"]])

    def __repr__(self) -> str:
        return f"<{self._worker.spec.id} model in worker process (generation {self._worker.generation})>"

    def worker_cpu_seconds(self) -> float:
        """CPU seconds used so far by every thread of the worker (the process doing the work)."""
        return float(self._worker.usage()["cpu_s"])

    def worker_usage(self) -> WorkerUsage:
        """The worker's `cpu_s`, `rss_mb` and `peak_rss_mb` now, and `baseline_rss_mb`."""
        return WorkerUsage(**self._worker.usage(), baseline_rss_mb=self._worker.baseline_rss_mb)

    def close_worker(self) -> None:
        """Stop the worker process (the end of the run)."""
        self._worker.stop()

    def _method(self, name: str) -> Forwarded:
        def forward(*args: object, **kwargs: object) -> object:
            return self._call(None, name, args, kwargs)

        forward.__name__ = name
        return forward

    def _call(
        self, handle: int | None, method: str, args: tuple[object, ...], kwargs: dict[str, object]
    ) -> object:
        answer = self._worker.call(handle, method, args, kwargs, describe_call(method, args, kwargs))
        self.last_call_s = answer.seconds
        self.busy_s += self.last_call_s
        if isinstance(answer, Raised):
            raise rebuild_error(answer.error)
        if isinstance(answer, Opened):
            return IsolatedStream(self, answer.handle, self._worker.generation)
        return answer.value


class IsolatedStream:
    """A stream living in the worker; after the worker restarts it is gone (close() stays safe)."""

    def __init__(self, model: IsolatedModel, handle: int, generation: int) -> None:
        self._model, self._handle, self._generation = model, handle, generation

    def __getattr__(self, name: str) -> Forwarded:
        if name.startswith("_"):
            raise AttributeError(name)

        def forward(*args: object, **kwargs: object) -> object:
            worker = self._model._worker
            if worker.generation != self._generation or not worker.alive:
                if name == "close":
                    return None
                raise StreamLost(
                    f"{name}() on a stream of a worker that crashed in an earlier "
                    "call; the stream ended with it"
                )
            return self._model._call(self._handle, name, args, kwargs)

        forward.__name__ = name
        return forward


def isolated_model(spec: PackSpec, variant: str, device: str, limits: IsolationLimits) -> IsolatedModel:
    """Start a worker for (pack, variant, device); its load errors are raised here, as in-process."""
    from pytest_audiocontract.packs.loading import load_model
    from pytest_audiocontract.packs.requirements import missing_requirements

    if missing_requirements(spec):
        load_model(spec, variant, device)  # raises MissingRequirement without importing anything
    worker = WorkerProcess(spec, variant, device, limits)
    try:
        worker.start()
    except PackCrashed as exc:
        # A load that crashes is a load failure: every item of the pack reports it, none retries.
        raise PackLoadError(
            f"{exc.report()}\n(while loading the model: "
            f"{spec.adapter_module}:{spec.adapter_factory}({variant!r}, "
            f"{device!r}))"
        ) from None
    return IsolatedModel(worker)
