"""The part of Ray's module API the driver calls, as Protocols.

Ray is imported only when `--audiocontract-ray` is given (the `ray` extra), so the driver is
typed against these rather than against `ray` itself: `connect` hands back the imported module
as a `RayApi`. A task's stream (`num_returns="streaming"`) is Ray's ObjectRefGenerator: each
`next()` gives the reference of the task's next yielded value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class TaskStream(Protocol):
    """One streaming task's generator of object references (hashable: it keys the running map)."""

    def __next__(self) -> object: ...


class RemoteFunction(Protocol):
    def options(self, **options: object) -> RemoteFunction: ...
    def remote(self, *args: object) -> TaskStream: ...


class RayApi(Protocol):
    def remote(self, function: Callable[..., object], /) -> RemoteFunction: ...
    def wait(
        self, refs: list[TaskStream], *, num_returns: int, timeout: float
    ) -> tuple[list[TaskStream], list[TaskStream]]: ...
    def get(self, ref: object, *, timeout: float) -> object: ...
    def cancel(self, ref: TaskStream, *, force: bool) -> None: ...
    def shutdown(self) -> None: ...
