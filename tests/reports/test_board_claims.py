"""The leaderboard takes a pack's quality and speed figures from its claims where no benchmark
of that pack measured the metric (der, cpwer, dnsmos: corpus metrics a benchmark cannot
compute per item), each column labelled with the claim's inputs and never mixing inputs;
a surface measured for one real pack still names it in "At a glance"."""

from __future__ import annotations

from typing import Any

import pytest
from page_parser import Page

from pytest_audiocontract.render import svg_figure
from pytest_audiocontract.render.board import Board, boards, is_reference
from pytest_audiocontract.render.html import render_html
from pytest_audiocontract.render.labels import claim_input
from pytest_audiocontract.render.tables import per_machine

BURSTS = "synthetic bursts of 2/5/10 s at 16000 Hz"


@pytest.fixture(autouse=True)
def tables_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_figure, "available", lambda: False)


def _claim(pack: str, metric: str, measured: float, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": "claim",
        "pack": pack,
        "variant": "default",
        "device": "cpu",
        "surface": "diarize",
        "metric": metric,
        "bound": "max",
        "claimed": 1.0,
        "measured": measured,
        "dataset": "conversations" if metric != "rtf" else None,
        "outcome": "passed",
        "fingerprint": "cpu: test x2",
        "details": {"inputs": BURSTS} if metric == "rtf" else {},
    }
    record.update(extra)
    return record


def _report(claims: list[dict[str, Any]], benchmarks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    packs: dict[str, Any] = {}
    for record in [*claims, *(benchmarks or [])]:
        found = packs.setdefault(record["pack"], {"claims": [], "benchmarks": []})
        found["claims" if record["kind"] == "claim" else "benchmarks"].append(record)
    return {"schema_version": 1, "status": "complete", "packs": packs}


def _diarize(data: dict[str, Any]) -> Board:
    [board] = [b for b in boards(data) if b.surface == "diarize"]
    return board


CLAIMS = [
    _claim("dvector", "der", 0.19),
    _claim("pyannote", "der", 0.11),
    _claim("reference_diarize", "der", 0.0),  # a stand-in: ranked apart, never the leader
    _claim("dvector", "rtf", 0.026),
    _claim("pyannote", "rtf", 0.31),
    _claim("pyannote", "rtf", 0.02, details={"inputs": "dataset conversations (3 items)"}),
]


def test_claims_alone_give_a_surface_its_board_and_both_leaders() -> None:
    board = _diarize(_report(CLAIMS))
    real = [c for c in CLAIMS if not is_reference(c["pack"])]
    quality = board.leader("quality")
    speed = board.leader("speed")
    assert quality is not None and speed is not None
    best_der = min((c for c in real if c["metric"] == "der"), key=lambda c: c["measured"])
    on_bursts = [c for c in real if c["metric"] == "rtf" and claim_input(c) == BURSTS]
    assert (quality.pack, quality.value, quality.alone) == (best_der["pack"], best_der["measured"], False)
    fastest = min(on_bursts, key=lambda c: c["measured"])
    assert (speed.pack, speed.value, speed.column.input) == (fastest["pack"], fastest["measured"], BURSTS)
    assert set(board.reference) == {"reference_diarize"}
    assert board.ordered()[0] == best_der["pack"]


def test_figures_measured_on_different_inputs_are_never_in_one_column() -> None:
    board = _diarize(_report(CLAIMS))
    speed = [c for c in board.columns if c.kind == "speed"]
    assert sorted(c.input or "" for c in speed) == sorted(
        {claim_input(c) for c in CLAIMS if c["metric"] == "rtf"}
    )
    for column in speed:  # each column holds the figures of its own input only
        held = {pack: values[column.key] for pack, values in board.rows.items() if column.key in values}
        expected = {
            c["pack"]: c["measured"]
            for c in CLAIMS
            if c["metric"] == "rtf" and claim_input(c) == column.input and not is_reference(c["pack"])
        }
        assert held == expected


def test_a_claims_options_give_it_a_column_of_its_own() -> None:
    collared = _claim("dvector", "der", 0.06, details={"collar_s": 0.5, "skip_overlap": True})
    board = _diarize(_report([_claim("dvector", "der", 0.19), collared]))
    der = [c for c in board.columns if c.metric == "der"]
    assert len(der) == 2 and any(
        "collar 0.5 s" in (c.input or "") and "no overlap" in (c.input or "") for c in der
    )
    assert sorted(board.rows["dvector"][c.key] for c in der) == [0.06, 0.19]


def test_a_benchmarks_figure_wins_over_a_claim_of_the_same_metric() -> None:
    bench = {
        "kind": "benchmark",
        "pack": "dvector",
        "variant": "default",
        "device": "cpu",
        "surface": "diarize",
        "input": "conversations",
        "stats_s": {"median": 1.0},
        "rtf": 0.5,
        "quality": {"der_error": "ValueError: a benchmark computes only per-item metrics"},
    }
    board = _diarize(_report([_claim("dvector", "der", 0.19), _claim("dvector", "rtf", 0.03)], [bench]))
    assert [(c.metric, c.source) for c in board.columns] == [("der", "claim"), ("rtf", "benchmark")]
    speed = board.leader("speed")
    assert speed is not None and speed.value == bench["rtf"] and speed.column.input == bench["input"]


def test_one_real_pack_is_named_at_a_glance_as_the_only_one_and_not_starred() -> None:
    claims = [_claim("dvector", "der", 0.19), _claim("dvector", "rtf", 0.026)]
    board = _diarize(_report(claims))
    for kind in ("quality", "speed"):
        leader = board.leader(kind)
        assert leader is not None and leader.pack == "dvector" and leader.alone and leader.others == 0
    assert not any(board.best(c) for c in board.columns)
    page = Page(render_html(_report(claims)))
    [glance] = page.in_section("glance")
    [row] = [r for r in glance.rows if r[0].text == "diarize"]
    for cell in row[1:3]:
        assert cell.text.startswith("dvector") and "the only real pack measured" in cell.text
        assert "alone" in cell.classes
    [table] = page.in_section("surface-diarize")
    assert not any("best" in cell.classes for r in table.rows for cell in r)
    assert any("on dataset conversations" in h for h in table.headers) and any(
        f"on {BURSTS}" in h for h in table.headers
    )


def test_packs_measured_on_different_inputs_only_name_one_and_count_the_others() -> None:
    claims = [
        _claim("dvector", "rtf", 0.026),
        _claim("pyannote", "rtf", 0.31, details={"inputs": "dataset conversations (3 items)"}),
    ]
    speed = _diarize(_report(claims)).leader("speed")
    assert speed is not None and speed.alone and speed.others == 1


def test_a_declared_role_reads_through_the_report() -> None:
    data = _report([_claim("plain_diarize", "der", 0.1), _claim("dvector", "der", 0.2)])
    data["packs"]["plain_diarize"]["role"] = "reference"
    assert is_reference("plain_diarize", data) and not is_reference("plain_diarize")
    assert is_reference("noop", data) and not is_reference("dvector", data)
    data["packs"]["dvector"]["role"] = 3  # malformed: the id decides
    assert not is_reference("dvector", data)


def test_timed_claims_are_ranked_only_with_their_own_machine() -> None:
    slow, fast = "cpu: slow x2", "cpu: fast x16"
    claims = [
        _claim("dvector", "der", 0.19, fingerprint=slow),
        _claim("dvector", "rtf", 0.3, fingerprint=slow),
        _claim("pyannote", "rtf", 0.02, fingerprint=fast),
    ]
    bench = {
        "kind": "benchmark",
        "pack": "pyannote",
        "surface": "vad",
        "input": "burst1s",
        "stats_s": {"median": 1.0},
        "rtf": 0.1,
        "fingerprint": fast,
    }
    slow_bench = {**bench, "pack": "dvector", "fingerprint": slow}
    data = {**_report(claims, [bench, slow_bench]), "timing_note": "merged"}
    for machine, view in per_machine(data):
        board = _diarize(view)
        timed = {pack for pack, values in board.rows.items() if any(k.startswith("c:speed:") for k in values)}
        assert timed == {c["pack"] for c in claims if c["metric"] == "rtf" and c["fingerprint"] == machine}
        assert "der" in {c.metric for c in board.columns}  # quality is in every view
