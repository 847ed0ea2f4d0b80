"""Errors the plugin raises, each carrying what was received, what was expected and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.packs.readiness import Blocker


class AudioContractError(Exception):
    """Base class of every error pytest-audiocontract raises on purpose."""


@dataclass
class ClaimsProblem:
    """One problem in a claims.yaml: where it is (file, line, key) and what to do about it."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}"


class ClaimsError(AudioContractError):
    """A claims.yaml (or a fixture manifest) that cannot be used; lists every problem found."""

    def __init__(self, problems: list[ClaimsProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PackLoadError(AudioContractError):
    """The pack's adapter could not be imported or its factory failed."""


class MissingRequirement(AudioContractError):
    """The pack needs a module that is not installed; the message says how to get it.

    `blocker`, when the plugin knows it, is the cause and the command that enables the pack
    (the terminal groups skips by it)."""

    def __init__(self, message: str = "", *, blocker: Blocker | None = None) -> None:
        super().__init__(message)
        self.blocker = blocker


class MissingWeights(MissingRequirement):
    """A variant's weights folder is unset or incomplete; no environment has it either."""


class ContractViolation(AssertionError):
    """A model broke a contract rule.

    The message has one format everywhere:
    ``{pack}/{surface}: {rule}: {what}={got!r}, but should be {expected} [{call}]``.
    """

    def __init__(
        self,
        *,
        pack: str,
        surface: str,
        rule: str,
        what: str,
        got: object,
        expected: str,
        call: str,
    ) -> None:
        self.pack, self.surface, self.rule = pack, surface, rule
        self.what, self.got, self.expected, self.call = what, got, expected, call
        self.failed_on: object = None  # the runner's record of the check and input
        self.bundle_saved = False  # its input has been saved (once per violation)
        super().__init__(self.headline())

    def headline(self) -> str:
        got = _short(repr(self.got))
        return (
            f"{self.pack}/{self.surface}: {self.rule}: {self.what}={got}, "
            f"but should be {self.expected} [{self.call}]"
        )


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
