"""report.html's leaderboards: per surface, the real packs ranked with the best value of each
column marked, the leaders named above the table, then that surface's figures; reference and
no-op packs in a section of their own."""

from __future__ import annotations

from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render import plots
from pytest_audiocontract.render.board import Board, Column, Leader
from pytest_audiocontract.render.html_cells import esc, note, num, table


def column_heading(column: Column) -> str:
    where = f'<br><span class="note">on {esc(column.input)}</span>' if column.input else ""
    return f'<span title="{esc(_direction(column))}">{esc(column.heading)}</span>{where}'


def _direction(column: Column) -> str:
    better = column.display.higher_is_better
    return "no better direction" if better is None else ("higher is better" if better else "lower is better")


def board_table(board: Board, reference: bool = False) -> str:
    rows_of = board.reference if reference else board.rows
    columns = [c for c in board.columns if any(c.key in v for v in rows_of.values())]
    best = {} if reference else {c.key: board.best(c) for c in columns}
    packs = sorted(rows_of) if reference else board.ordered()
    rows = []
    for pack in packs:
        values = rows_of[pack]
        cells = [f'<th scope="row">{esc(pack)}</th>']
        for column in columns:
            value = values.get(column.key)
            shown = None if value is None else value * column.display.scale
            cells.append(num(column.text(value), shown, "best" if pack in best.get(column.key, ()) else ""))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    headers = ["pack", *(column_heading(c) for c in columns)]
    return table(headers, rows, cls="board")


def leader_figure(leader: Leader) -> str:
    """e.g. "WER 11.0 % on speech_en", then why nothing ranks it when it stands alone."""
    column = leader.column
    unit = f" {column.display.unit}" if column.display.unit else ""
    shown = f"{column.display.label} {column.text(leader.value)}{unit} on {column.input or 'all inputs'}"
    if leader.alone and leader.others:
        others = f"{leader.others} other{'s' if leader.others > 1 else ''}"
        return f"{shown}; the only real pack measured on it ({others} on other inputs only)"
    return f"{shown}; the only real pack measured" if leader.alone else shown


def leaders(board: Board) -> str:
    """The best real pack on quality and on speed, in words, above the table."""
    parts = []
    for kind, title in (("quality", "Best quality"), ("speed", "Fastest")):
        found = board.leader(kind)
        if found is None:
            continue
        parts.append(
            f'<div class="leader">{title}: <b>{esc(found.pack)}</b> '
            f"<span class=note>({esc(leader_figure(found))})</span></div>"
        )
    if not parts:
        count = len(board.rows)
        parts.append(
            '<div class="note">'
            + esc(
                "one real pack measured here: nothing to rank it against"
                if count == 1
                else "the real packs here were measured on different inputs: no column ranks them"
            )
            + "</div>"
        )
    return f'<div class="leaders">{"".join(parts)}</div>'


def surface_section(data: JSONObject, board: Board, figures: bool) -> str:
    parts = [f'<h2 id="surface-{esc(board.surface)}">{esc(board.surface)}</h2>']
    if board.rows:
        parts += [leaders(board), board_table(board)]
    else:
        parts.append(note("only reference packs measured this surface (below, in Reference packs)"))
    if figures:
        drawn = [*plots.quality_speed(board), plots.rtf_spread(data, board.surface)]
        if board.surface == "asr_stream":
            drawn += [plots.stream_latency(data), plots.push_latency(data)]
        shown = [f"<div>{svg}</div>" for svg in drawn if svg]
        if shown:
            parts.append(f'<div class="figures">{"".join(shown)}</div>')
    return "".join(parts)


def reference_section(boards: list[Board]) -> str:
    found = [b for b in boards if b.reference]
    if not found:
        return ""
    parts = [
        '<h2 id="reference">Reference and no-op packs</h2>',
        note(
            "numpy stand-ins (reference_*) and the no-op model (noop, the harness floor): they pass "
            "every contract and show what the harness itself costs; they are not ranked with the real packs"
        ),
    ]
    for board in found:
        parts += [f"<h3>{esc(board.surface)}</h3>", board_table(board, reference=True)]
    return "".join(parts)


def glance_section(found: list[Board]) -> str:
    """One row per surface: which real pack leads on quality and which on speed."""
    rows = []
    for board in found:
        cells = [f'<th scope="row"><a href="#surface-{esc(board.surface)}">{esc(board.surface)}</a></th>']
        for kind in ("quality", "speed"):
            leader = board.leader(kind)
            if leader is None:
                cells.append('<td class="note">–</td>')
                continue
            alone = ' class="alone"' if leader.alone else ""
            figure = esc(leader_figure(leader))
            cells.append(f"<td{alone}><b>{esc(leader.pack)}</b> <span class=note>{figure}</span></td>")
        cells.append(num(str(len(board.rows)), len(board.rows)))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        return ""
    return (
        '<h2 id="glance">At a glance</h2>'
        + note(
            "the best real pack per surface on its first quality column and on RTF that rank two "
            "or more; where one real pack alone was measured, that pack, marked as the only one; "
            "reference packs are not ranked"
        )
        + table(["surface", "best quality", "fastest", "real packs"], rows)
    )
