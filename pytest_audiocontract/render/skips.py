"""The end of the run in the terminal: skipped items grouped by cause, the packs --ci-only left
out, and one line naming the report files."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.safe_text import one_line

MAX_PACKS = 5  # packs named on one line; the rest counted


@dataclass
class CauseGroup:
    """Items (or packs) that share a cause and the command that enables them."""

    cause: str
    fix: str
    packs: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.packs.values())


def group_causes(entries: list[tuple[str, str, str]]) -> list[CauseGroup]:
    """(pack, cause, fix) triples as groups, the largest first (then by cause and fix)."""
    groups: dict[tuple[str, str], CauseGroup] = {}
    for pack, cause, fix in entries:
        groups.setdefault((cause, fix), CauseGroup(cause, fix)).packs[pack] += 1
    return sorted(groups.values(), key=lambda g: (-g.count, g.cause, g.fix))


def skip_entry(report: pytest.TestReport) -> tuple[str, str, str]:
    """(pack, cause, fix) of a skipped report; a skip that recorded no cause is grouped by its
    message (first line, without the pack's own path)."""
    from pytest_audiocontract.item_key import key_of
    from pytest_audiocontract.skip_causes import cause_of

    key = key_of(report)
    pack = key.pack if key else report.nodeid.split("::")[0]  # not a pack item: its file
    found = cause_of(report)
    if found:
        return pack, str(found.get("cause") or ""), str(found.get("fix") or "")
    longrepr = report.longrepr
    message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    message = message.removeprefix("Skipped: ").splitlines()[0] if message else "no reason given"
    return pack, message, ""


def cause_lines(groups: list[CauseGroup], unit: str) -> list[str]:
    """One aligned line per group: count, cause, packs (with their counts), the enabling command."""
    rows = []
    for g in groups:
        several = unit == "items" and len(g.packs) > 1
        named = [f"{p} ({n})" if several else p for p, n in sorted(g.packs.items())]
        packs = ", ".join(named[:MAX_PACKS]) + (
            f" +{len(named) - MAX_PACKS} more" if len(named) > MAX_PACKS else ""
        )
        rows.append([f"{g.count:>4}", one_line(g.cause), packs, f"-> {g.fix}" if g.fix else ""])
    return ["  " + line for line in aligned(rows)]


def write_skip_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Every skipped pack item, grouped by cause; `-rs` still lists each one."""
    from pytest_audiocontract.item_key import key_of

    # Pack items only: the project's own tests and other plugins' skips are pytest's to show.
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if isinstance(r, pytest.TestReport) and key_of(r)
    ]
    if not skipped:
        return
    groups = group_causes([skip_entry(r) for r in skipped])
    terminalreporter.section(f"audiocontract: {len(skipped)} skipped, by cause", sep="-")
    for line in cause_lines(groups, "items"):
        terminalreporter.write_line(line)
    terminalreporter.write_line("  (-rs lists each skipped item with its message)")


def write_left_out(terminalreporter: pytest.TerminalReporter) -> None:
    """The packs --ci-only left out because they cannot run here, grouped by cause."""
    left = left_out(terminalreporter.config)
    if not left:
        return
    terminalreporter.section(
        f"audiocontract: --ci-only left out {len(left)} pack(s) that cannot run here", sep="-"
    )
    for line in cause_lines(group_causes(left), "packs"):
        terminalreporter.write_line(line)
    terminalreporter.write_line("  (--ci-marked selects every pack marked ci: true, as before)")


def left_out(config: pytest.Config) -> list[tuple[str, str, str]]:
    """(pack, cause, fix) of each selected pack that the readiness check of --ci-only drops."""
    from pytest_audiocontract.session import RUN_STATE

    state = config.stash.get(RUN_STATE, None)
    if state is None or not state.pack_filter.runnable_only or not state.selected_roots:
        return []
    # imported only now: a run without packs (pytester's host session) loads no numpy here
    from pytest_audiocontract.packs.discovery import read_pack

    found = []
    for root in state.selected_roots:
        spec = read_pack(root).spec
        blocker = state.pack_filter.left_out(spec) if spec is not None else None
        if spec is not None and blocker is not None:
            found.append((spec.id, blocker.cause, blocker.fix))
    return found


def report_files_line(config: pytest.Config) -> str | None:
    """`audiocontract report: reports/main/report.html, report.json, report.md`, or None when
    no report was asked for or it could not be written (that error is printed instead)."""
    from pytest_audiocontract.session import RUN_STATE

    state = config.stash.get(RUN_STATE, None)
    writer = state.report if state is not None else None
    if writer is None or writer.write_error is not None:
        return None
    folder = Path(writer.folder)
    try:
        shown = folder.resolve().relative_to(Path(config.invocation_params.dir).resolve()).as_posix()
    except ValueError:
        shown = str(folder)
    return f"audiocontract report: {shown}/report.html, report.json, report.md"
