"""PackCrashed: a pack's worker process died, hung or ran out of memory during a call.

It derives from BaseException, like pytest's own outcomes, on purpose: rules and claims catch
`Exception` to report what a model raised, and Hypothesis shrinks any `Exception`. A crash is
neither: it must reach the test item untouched, and shrinking it would restart the worker (and
wait out --pack-timeout) once per shrink step. Hypothesis lets a BaseException through at once.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path


class PackCrashed(BaseException):  # a BaseException on purpose: see the module docstring
    """The worker running `pack` stopped answering during `call`.

    `kind` is "signal" (SIGSEGV, SIGABRT...), "exit" (the process exited), "timeout" (no
    answer within the limit) or "memory" (resident memory past the limit).
    """

    def __init__(self, pack: str, kind: str, call: str, detail: str) -> None:
        self.pack, self.kind, self.call, self.detail = pack, kind, call, detail
        super().__init__(self.headline())

    def headline(self) -> str:
        if self.kind == "timeout":
            return f"pack {self.pack} hung in {self.call}: {self.detail}"
        if self.kind == "memory":
            return f"pack {self.pack} ran out of memory in {self.call}: {self.detail}"
        return f"pack {self.pack} crashed ({self.detail}) in {self.call}"

    def report(self) -> str:
        """The headline, then the notes (input, frames, replay command), for repr_failure."""
        notes = [n for n in getattr(self, "__notes__", []) if n.strip()]
        return "\n".join([self.headline(), *notes])

    def __reduce__(self) -> tuple[Callable[..., PackCrashed], tuple[str, str, str, str, list[str]]]:
        # Keep the notes when pytest-xdist or multiprocessing pickles the error.
        return (
            _rebuild,
            (self.pack, self.kind, self.call, self.detail, list(getattr(self, "__notes__", []))),
        )


def _rebuild(pack: str, kind: str, call: str, detail: str, notes: list[str]) -> PackCrashed:
    error = PackCrashed(pack, kind, call, detail)
    for note in notes:
        error.add_note(note)
    return error


def exit_detail(exitcode: int | None) -> tuple[str, str]:
    """(kind, detail) for a worker that ended with `exitcode` (negative: killed by a signal)."""
    if exitcode is not None and exitcode < 0:
        try:
            return "signal", signal.Signals(-exitcode).name
        except ValueError:
            return "signal", f"signal {-exitcode}"
    return "exit", f"exited with status {exitcode}"


def describe_call(method: str, args: tuple[object, ...], kwargs: Mapping[str, object]) -> str:
    """`enhance(<float32[16000]>, 16000)`: arrays by dtype and shape, the rest by short repr."""
    parts = [_describe(a) for a in args] + [f"{k}={_describe(v)}" for k, v in kwargs.items()]
    return f"{method}({', '.join(parts)})"


def _describe(value: object) -> str:
    dtype, shape = getattr(value, "dtype", None), getattr(value, "shape", None)
    if dtype is not None and isinstance(shape, Iterable):  # a numpy array (or a tensor)
        return f"<{dtype}[{','.join(str(n) for n in shape)}]>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def note_input(error: PackCrashed, case: object, bundle: Path | None, replay: str | None) -> None:
    """Say which generated input the crash happened on, and where it was saved."""
    describe = getattr(case, "describe", None)
    error.add_note(f"on input: {describe() if callable(describe) else repr(case)}")
    if bundle is not None:
        wav = bundle.with_suffix(".wav")
        error.add_note(f"input saved: {wav if wav.exists() else bundle}")
    if replay:
        error.add_note(f"replay it (it runs in the replaying process, not a worker): {replay}")
