"""Skips that say their cause: a pack item that skips records why (grouped at the end of the run)
and what enables it, beside its message, on the report (`user_properties`, so xdist carries it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

import pytest

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.item_outcomes import PackSkip

PROPERTY = "audiocontract_skip"
DOES_NOT_APPLY = "rule does not apply (the pack's declared facts)"
RANDOM_WEIGHTS = "random weights: behaviour rules not judged"
METRIC_LIBRARY = "metric library not installed"


def skip_item(item: pytest.Item, message: str, cause: str, fix: str = "", detail: str = "") -> NoReturn:
    """Skip `item` with `message` (reported at the pack, not at this line), recording `cause`."""
    item.user_properties.append((PROPERTY, {"cause": cause, "fix": fix, "detail": detail}))
    raise PackSkip(message)  # reported at the item (item_outcomes.py)


def skip_missing(item: pytest.Item, exc: MissingRequirement, message: str | None = None) -> NoReturn:
    """Skip for a requirement the pack lacks: its blocker's cause where it is known."""
    blocker = getattr(exc, "blocker", None)  # an unpickled one may lack it
    if blocker is None:
        skip_item(item, message or str(exc), "needs something not installed", detail=str(exc))
    skip_item(item, message or str(exc), blocker.cause, blocker.fix, blocker.detail)


def cause_of(report: pytest.TestReport) -> Mapping[str, object] | None:
    for name, value in report.user_properties:
        if name == PROPERTY and isinstance(value, dict):
            return value
    return None
