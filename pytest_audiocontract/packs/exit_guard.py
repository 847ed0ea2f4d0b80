"""An adapter that calls `os._exit` inside the test process ends pytest on the spot: exit
status 0, no summary, no junit XML, a report left `running`. While a pack item runs, the
test process's `os._exit` raises `AdapterExited` instead, so the item fails by name and the
rest of the run goes on. Forked children (multiprocessing ends them with `os._exit`) keep
the real one: the guard acts only in the process that installed it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

_REAL_EXIT = os._exit


class AdapterExited(Exception):
    """The model code called os._exit(code) inside the test process."""

    def __init__(self, code: int) -> None:
        self.code = code
        super().__init__(
            f"the adapter called os._exit({code}) inside the test process, which would end the "
            "whole pytest run with no summary or report; pytest-audiocontract stopped it. "
            "Raise an exception instead, or run the pack with --isolate so a dying model "
            "takes only its worker down"
        )


@contextmanager
def exit_guarded() -> Iterator[None]:
    owner = os.getpid()

    def guarded_exit(status: int) -> NoReturn:
        if os.getpid() != owner:
            _REAL_EXIT(status)
        raise AdapterExited(status)

    previous = os._exit
    os._exit = guarded_exit
    try:
        yield
    finally:
        os._exit = previous
