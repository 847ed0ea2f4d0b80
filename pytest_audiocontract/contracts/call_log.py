"""The calls a loaded model has answered, in order, so a replay can put a fresh model through them.

A model that keeps state across calls fails on an input only after the calls before it; a
replay on a fresh model would then wrongly say the rule holds. Each call is logged as the
case's description (a few hundred bytes), up to MAX_LOGGED_CALLS; `total` keeps counting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pytest_audiocontract.contracts.cases import Case, encode_case
from pytest_audiocontract.json_types import JSONObject

MAX_LOGGED_CALLS = 5000


@dataclass
class CallLog:
    calls: list[JSONObject] = field(default_factory=list)
    total: int = 0

    def add(self, surface: str, case: Case) -> None:
        self.total += 1
        if len(self.calls) < MAX_LOGGED_CALLS:
            self.calls.append({"surface": surface, "case": encode_case(case)})

    def first(self, count: int) -> list[JSONObject]:
        """The first `count` calls (fewer where the log stopped at MAX_LOGGED_CALLS)."""
        return self.calls[:count]
