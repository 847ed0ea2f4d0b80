"""The progress lines of long work: a bar on a terminal, plain lines in a log; the clock and
the stream are injected, so nothing here waits or needs a terminal."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.progress import BAR_WIDTH, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_when_not_a_terminal() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(3, stream=out, clock=clock, tty=False)
    for label in ("faster_whisper asr_stream chunk 320 ms", "pocketsphinx asr", "piper tts"):
        progress.step(label)
        clock.now += 2.0
    progress.note("pocketsphinx: skipped")
    progress.done()
    assert out.getvalue().splitlines() == [
        "[1/3] faster_whisper asr_stream chunk 320 ms",
        "[2/3] pocketsphinx asr",
        "[3/3] piper tts",
        "pocketsphinx: skipped",
    ]
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_a_bar_redrawn_in_place_on_a_terminal() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(4, stream=out, clock=clock, tty=True)
    progress.step("a asr")
    clock.now += 1.5
    progress.step("b asr")
    progress.note("a: done")  # its own line; the bar comes back with the next step
    clock.now += 1.0
    progress.step("c asr")
    progress.done()
    frames = out.getvalue().split("\r\x1b[K")[1:]
    half = "#" * (BAR_WIDTH // 4) + "-" * (BAR_WIDTH - BAR_WIDTH // 4)
    assert frames[0] == f"[{'-' * BAR_WIDTH}] 1/4 a asr (0.0 s)"
    assert frames[1] == f"[{half}] 2/4 b asr (1.5 s)"
    assert frames[2] == "a: done\n"
    assert frames[3].startswith("[") and "3/4 c asr (2.5 s)" in frames[3]
    assert frames[4] == "4/4 done in 2.5 s\n"
    assert "\n" not in "".join(frames[:2])  # redrawn, not scrolled


def test_a_bar_line_is_cut_to_the_width() -> None:
    out = io.StringIO()
    Progress(1, stream=out, clock=Clock(), tty=True, width=30).step("x" * 200)
    assert len(out.getvalue().removeprefix("\r\x1b[K")) == 30


def test_the_mode_follows_the_stream() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Progress(1, stream=Terminal()).tty
    assert not Progress(1, stream=io.StringIO()).tty


def test_sweep_says_which_pack_runs_in_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import soundfile as sf

    from pytest_audiocontract.bench.sweep import run_sweep
    from tests.core.packkit import write_pack

    monkeypatch.chdir(tmp_path)  # no model_packs/ here: only the packs of --pack-path
    adapter = (
        "from pytest_audiocontract import Transcript\n"
        "class M:\n    def transcribe(self, audio, sr, language=None):\n"
        "        return Transcript(text='hi')\n"
        "def load(variant, device):\n    return M()\n"
    )
    for name in ("one", "two"):
        write_pack(tmp_path / "packs", name, adapter, surfaces="asr: {}")
    sf.write(tmp_path / "a.wav", np.zeros(16000, dtype=np.float32), 16000)
    args = argparse.Namespace(
        dataset=None,
        audio=str(tmp_path / "a.wav"),
        ref=None,
        surface="asr",
        pack=[],
        pack_path=[str(tmp_path / "packs")],
        sort="rtf",
        chunk_ms=160.0,
    )
    log = io.StringIO()
    assert run_sweep(args, progress_stream=log) == 0
    assert log.getvalue().splitlines() == [
        "[1/2] one asr on a.wav (1 file(s), 1.0 s)",
        "[2/2] two asr on a.wav (1 file(s), 1.0 s)",
    ]
    assert "one" in capsys.readouterr().out  # the table still goes to stdout
