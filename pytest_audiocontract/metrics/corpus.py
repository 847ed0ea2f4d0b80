"""The checks a corpus metric makes of its inputs, with one message format for all of them."""

from __future__ import annotations

from collections.abc import Sized


def require_one_each(references: Sized, others: Sized, name: str, per: str = "") -> None:
    """Raise ValueError unless `others` (the argument called `name`) holds one entry per
    reference; `per` says what one entry is."""
    if len(others) != len(references):
        hint = f": {per}" if per else ""
        raise ValueError(
            f"len({name})={len(others)}, but should equal len(references)={len(references)}{hint}"
        )


def require_some(references: Sized, unit: str) -> None:
    """Raise ValueError unless there is at least one reference `unit` (clip, stem, ...)."""
    if not len(references):
        raise ValueError(f"references is empty, but should hold at least one {unit}")
