"""The seed's batch ASR record fields, and the sweep table's CER and wall time."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.bench.record import asr_output_figures
from pytest_audiocontract.bench.sweep import SweepRow, render_rows, run_sweep, sweep_pack
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.types import Segment, Transcript

SR = 16000


def test_asr_record_fields_sum_the_last_round() -> None:
    outputs = [
        Transcript("the cat", [Segment(0.0, 0.4, "the"), Segment(0.4, 0.9, "cat")]),
        Transcript("", []),
        Transcript("sat", [Segment(0.1, 0.5, "sat")]),
    ]
    assert asr_output_figures(outputs, 0.25) == {"wall_ms": 250.0, "text_len": 10, "num_segments": 3}


ADAPTER = """
from pytest_audiocontract import Transcript


class Fixed:
    def transcribe(self, audio, sr):
        return Transcript("the cap sat")


def load(variant, device):
    return Fixed()
"""


def _pack(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "adapter.py").write_text(ADAPTER)
    (root / "claims.yaml").write_text(
        textwrap.dedent(
            """\
            id: fixed_text
            name: always the same text
            adapter: adapter:load
            runtime: numpy
            devices: [cpu]
            ci: true
            surfaces:
              asr:
                sample_rate: 16000
            """
        )
    )
    return root


class CountingClock:
    """Each reading is one second after the last."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        return float(self.readings)


def test_sweep_row_has_wer_cer_and_wall_time(tmp_path: Path) -> None:
    spec = load_pack_spec(_pack(tmp_path / "packs" / "fixed_text"))
    inputs = [(np.zeros(2 * SR, dtype=np.float32), SR)]
    clock = CountingClock()
    row = sweep_pack(spec, "asr", inputs, ["the cat sat"], 160.0, clock=clock)
    assert clock.readings == 2  # one timed pass, the warm-up untimed
    assert row.wall_s == 1.0 and row.rtf == 0.5
    assert row.wer == pytest.approx(1 / 3)  # cap for cat
    assert row.cer == pytest.approx(1 / 11)  # one character of "the cat sat"


def test_sweep_table_shows_every_column_even_where_a_figure_is_missing() -> None:
    rows = [
        SweepRow("a", wer=0.25, cer=0.1, rtf=0.5, wall_s=1.0, audio_s=2.0, text="x"),
        SweepRow("b", wer=None, cer=None, rtf=None, wall_s=None, audio_s=0.0, text=""),
        SweepRow("c", problem="skipped: needs foo"),
    ]
    lines = render_rows(rows, with_wer=True).splitlines()
    assert lines[0].split() == ["pack", "WER", "CER", "RTF", "wall", "s", "audio", "s", "text"]
    assert lines[1].split() == ["a", "0.2500", "0.1000", "0.5", "1.000", "2.00", "x"]
    assert lines[2].split() == ["b", "–", "–", "–", "–", "0.00"]
    assert lines[3].split()[-3:] == ["skipped:", "needs", "foo"]


def test_sweep_command_prints_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import soundfile as sf

    monkeypatch.chdir(tmp_path)  # no model_packs/ here: only the pack of --pack-path

    _pack(tmp_path / "packs" / "fixed_text")
    sf.write(tmp_path / "a.wav", np.zeros(SR, dtype=np.float32), SR)
    args = argparse.Namespace(
        dataset=None,
        audio=str(tmp_path / "a.wav"),
        ref="the cat sat",
        surface="asr",
        pack=[],
        pack_path=[str(tmp_path / "packs")],
        sort="cer",
        chunk_ms=160.0,
    )
    assert run_sweep(args) == 0
    header, row, note = capsys.readouterr().out.splitlines()
    assert header.split()[:4] == ["pack", "WER", "CER", "RTF"] and "wall s" in header
    assert row.split()[:3] == ["fixed_text", "0.3333", "0.0909"]
    assert note.startswith("WER and CER after the text normaliser")
