"""`torchaudio.functional.resample`, which df.io imports; the pack resamples with soxr."""

from __future__ import annotations

from typing import Any, NoReturn

from torchaudio import _unavailable


def resample(*args: Any, **kwargs: Any) -> NoReturn:
    """Not available (df.io.resample calls it; the pack never does)."""
    _unavailable("functional.resample")
