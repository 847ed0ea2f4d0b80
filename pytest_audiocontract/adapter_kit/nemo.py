"""NeMo checkpoints: one `.nemo` file per weights folder, and NeMo's INFO logging off."""

from __future__ import annotations

import logging
from pathlib import Path

from pytest_audiocontract.errors import MissingRequirement


def find_nemo(folder: Path) -> Path:
    """The one `.nemo` file in `folder`; MissingRequirement when there is none or several."""
    files = sorted(folder.glob("*.nemo"))
    if len(files) != 1:
        found = ", ".join(f.name for f in files) or "none"
        raise MissingRequirement(
            f"{folder} should hold exactly one .nemo file, found {found}: keep only the model to test there"
        )
    return files[0]


def quiet_nemo() -> None:
    """NeMo logs every restore and transcribe at INFO; keep warnings and errors only."""
    from nemo.utils import logging as nemo_logging

    nemo_logging.setLevel(logging.WARNING)
