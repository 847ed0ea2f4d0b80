"""One writer per report folder: a second run writing the same folder is refused.

The writer holds an exclusive `flock` on `DIR/.report.lock` for its whole run; the lock goes
with the process, so a killed run leaves no stale lock behind. A reader that finds a report
`running` while nobody holds the lock knows the run that wrote it ended without finishing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

LOCK_NAME = ".report.lock"


class ReportFolderBusy(Exception):
    """Another live process is writing reports into this folder."""


def acquire(folder: Path) -> IO[str] | None:
    """Hold the folder's lock; raise ReportFolderBusy if another process holds it.

    Returns None where the platform has no flock (the folder is then not guarded)."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks through fcntl
        return None
    handle = open(folder / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise ReportFolderBusy(
            f"{folder}: another pytest run ({holder}) is writing its report into this folder; "
            "wait for it to end, or give this run its own folder (--audiocontract-report DIR)"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle


def is_held(folder: Path) -> bool | None:
    """Whether a live process holds the folder's lock; None when that cannot be told."""
    try:
        import fcntl
    except ImportError:
        return None
    path = folder / LOCK_NAME
    if not path.is_file():
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return False
    except OSError:
        return None


def release(handle: IO[str] | None) -> None:
    if handle is not None and not handle.closed:
        handle.close()  # closing the descriptor drops the flock
