"""What crosses the pipe between the test process and a pack's worker.

Values are pickled. An exception whose class the test process could not import (one defined in
the pack's own modules, or in a runtime the test process never loads) travels as a stand-in: a
class of the same name and module deriving from its nearest builtin base, so rules that expect
`RuntimeError` still see one, and messages still name the pack's class.
"""

from __future__ import annotations

import builtins
import functools
import pickle
from dataclasses import dataclass
from typing import TypedDict

# Exceptions from these modules unpickle in the test process without importing anything heavy.
_PORTABLE_MODULES = ("builtins", "pytest_audiocontract", "_pytest", "pytest")


@dataclass(frozen=True)
class RemoteError:
    """An exception raised in the worker, as the test process will rebuild it."""

    base: str  # a builtins exception class name
    module: str
    qualname: str
    message: str


def portable_error(exc: BaseException) -> BaseException | RemoteError:
    cls = type(exc)
    if cls.__module__.split(".")[0] in _PORTABLE_MODULES:
        try:
            pickle.loads(pickle.dumps(exc))
            return exc
        except Exception:
            pass
    base = next(
        (c.__name__ for c in cls.__mro__ if c.__module__ == "builtins" and issubclass(c, Exception)),
        "Exception",
    )
    return RemoteError(base, cls.__module__, cls.__qualname__, str(exc))


def rebuild_error(error: BaseException | RemoteError) -> BaseException:
    if isinstance(error, BaseException):
        return error
    return _stand_in(error.base, error.module, error.qualname)(error.message)


@functools.cache
def _stand_in(base: str, module: str, qualname: str) -> type[Exception]:
    parent = getattr(builtins, base, Exception)
    if not (isinstance(parent, type) and issubclass(parent, Exception)):
        parent = Exception
    return type(qualname.rsplit(".", 1)[-1], (parent,), {"__module__": module, "__qualname__": qualname})


# The messages, test process -> worker: one call on the model (handle None) or on a stream it
# opened, a request for its usage figures, or the end.
@dataclass(frozen=True)
class Call:
    handle: int | None
    method: str
    args: tuple[object, ...]
    kwargs: dict[str, object]


@dataclass(frozen=True)
class AskUsage:
    pass


@dataclass(frozen=True)
class Stop:
    pass


Request = Call | AskUsage | Stop

Simple = bool | int | float | str | None


class SurfaceFacts(TypedDict):
    """The model's public methods, and its public attributes of simple types (with values)."""

    methods: list[str]
    attrs: dict[str, Simple | list[Simple] | tuple[Simple, ...]]


class Usage(TypedDict):
    """CPU seconds so far; resident memory now and at peak, MB."""

    cpu_s: float
    rss_mb: float
    peak_rss_mb: float


# The replies, worker -> test process.
@dataclass(frozen=True)
class Ready:
    facts: SurfaceFacts
    baseline_mb: float  # resident MB before the model loaded


@dataclass(frozen=True)
class LoadFailed:
    error: BaseException | RemoteError


@dataclass(frozen=True)
class Returned:
    value: object  # what the pack's method returned, unpickled as it came
    seconds: float  # inside the worker: the call alone, no pickling, no pipe


@dataclass(frozen=True)
class Raised:
    error: BaseException | RemoteError
    seconds: float


@dataclass(frozen=True)
class Opened:
    handle: int  # start_stream's stream, kept in the worker under this handle
    seconds: float


@dataclass(frozen=True)
class UsageReport:
    usage: Usage


Answer = Returned | Raised | Opened
Reply = Ready | LoadFailed | Answer | UsageReport
