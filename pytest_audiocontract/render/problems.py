"""What did not run or did not pass, grouped so a reader sees each cause once: skipped items
by reason (with the command that enables them), failed items by pack, and figures that could
not be computed (a benchmark's `<metric>_error`), each from report data only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pytest_audiocontract.json_fields import obj, objs, text
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.tables import pack_label

# Commands that messages name as the fix, e.g. "... which is not installed: pip install -r X".
_COMMAND = re.compile(
    r"(audiocontract replay \S+ --pack \S+|(?:pip|apt-get) install (?:(?! or |: )[^;,\n])*[^;,.\s]|"
    r"tox -e [\w.-]*\w|export [A-Z_][A-Z0-9_]*=\S*)"
)
_OUTCOMES = ("failed", "error", "skipped")


@dataclass
class Group:
    outcome: str  # "skipped" or "failed"
    reason: str  # the message's first line, the pack named as PACK where it was named
    packs: set[str] = field(default_factory=set)
    items: int = 0
    commands: list[str] = field(default_factory=list)  # one per pack, in pack order


@dataclass(frozen=True)
class FigureError:
    pack: str
    surface: str
    input: str
    metric: str
    error: str


def commands_in(text: str) -> list[str]:
    """The fix commands a message names, in order, each once."""
    return list(dict.fromkeys(m.group(1) for m in _COMMAND.finditer(text)))


def groups(data: JSONObject) -> list[Group]:
    """Skipped and failed items grouped by (outcome, reason): failures first, larger groups first."""
    found: dict[tuple[str, str], Group] = {}
    for pack, entries in sorted(obj(data.get("packs")).items()):
        for entry in _entries(obj(entries)):
            outcome = "failed" if entry.get("outcome") in ("failed", "error") else "skipped"
            message = text(entry.get("message")) or "no message"
            reason = _reason(message, pack)
            group = found.setdefault((outcome, reason), Group(outcome, reason))
            label = pack_label({**entry, "pack": pack})
            group.packs.add(label)
            group.items += 1
            for command in commands_in(message):
                if command not in group.commands:
                    group.commands.append(command)
    return sorted(found.values(), key=lambda g: (g.outcome != "failed", -g.items, g.reason))


def figure_errors(data: JSONObject) -> list[FigureError]:
    """Each quality figure a benchmark could not compute, with its error text."""
    return [
        FigureError(
            pack_label(b),
            text(b.get("surface")),
            text(b.get("input")),
            key.removesuffix("_error"),
            str(value),
        )
        for found in obj(data.get("packs")).values()
        for b in objs(obj(found).get("benchmarks"))
        for key, value in sorted(obj(b.get("quality")).items())
        if key.endswith("_error")
    ]


def _entries(entries: JSONObject) -> list[JSONObject]:
    return [
        e
        for kind in ("contracts", "claims", "benchmarks", "docs")
        for e in objs(entries.get(kind))
        # a claim that was measured is shown with its figures in the claims table
        if e.get("outcome") in _OUTCOMES and not (kind == "claims" and "metric" in e)
    ]


def _reason(message: str, pack: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    # a failure's text is a traceback: its reason is the first "E   ..." line
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    first = (errors or lines or ["no message"])[0]
    first = first.removeprefix("Skipped: ")
    if len(first) > 300:
        first = first[:297] + "..."
    return re.sub(rf"\b{re.escape(pack)}\b", "PACK", first)
