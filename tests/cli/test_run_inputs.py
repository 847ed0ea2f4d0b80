"""`audiocontract run` checks its audio file: cut short, NaN/inf, past full scale, rates
outside 8..48 kHz are refused with what is wrong, or fixed with a line saying so (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pytest_audiocontract.cli import main
from pytest_audiocontract.cli.run_input import wav_truncation


def _tone(sr: int, seconds: float = 1.0, level: float = 0.5) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def _run(path: Path, *extra: str) -> list[str]:
    return ["run", "reference_enhance", str(path), "--json", *extra]


def test_a_truncated_wav_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cut.wav"
    sf.write(path, _tone(16000, 3.0), 16000, subtype="PCM_16")
    data = path.read_bytes()
    path.write_bytes(data[: 44 + 1000])  # header, then 500 of its 48000 samples
    assert wav_truncation(path) == (96000, 1000)
    assert main(_run(path)) == 2
    err = capsys.readouterr().err
    assert f"audio file {str(path)!r} is cut short: its header declares 96000 bytes" in err
    assert "only 1000 are there" in err and "Traceback" not in err


def test_a_complete_wav_is_not_truncated(tmp_path: Path) -> None:
    path = tmp_path / "ok.wav"
    sf.write(path, _tone(16000), 16000, subtype="PCM_16")
    assert wav_truncation(path) is None
    assert wav_truncation(tmp_path) is None  # not a file: nothing to say here


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_samples_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: float
) -> None:
    audio = _tone(16000)
    audio[8000] = bad
    path = tmp_path / "nan.wav"
    sf.write(path, audio, 16000, subtype="FLOAT")
    assert main(_run(path)) == 2
    assert "holds 1 samples that are NaN or infinite (the first at 0.500 s)" in capsys.readouterr().err


def test_peaks_past_full_scale_are_refused_or_scaled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "loud.wav"
    sf.write(path, _tone(16000, level=8.0), 16000, subtype="FLOAT")
    assert main(_run(path)) == 2
    assert "peaks at 8, past full scale (1.0)" in capsys.readouterr().err
    assert main(_run(path, "--normalise")) == 0
    captured = capsys.readouterr()
    assert "scaled by 1/8: the file peaked at 8" in captured.err
    assert json.loads(captured.out)["type"] == "Enhanced"


@pytest.mark.parametrize(("rate", "target"), [(4000, 8000), (96000, 48000)])
def test_rates_outside_8_to_48_khz_are_resampled_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rate: int, target: int
) -> None:
    path = tmp_path / "odd_rate.wav"
    sf.write(path, _tone(rate), rate, subtype="PCM_16")
    assert main([*_run(path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert f"resampled from {rate} Hz to {target} Hz" in captured.err  # said even with --quiet
    assert json.loads(captured.out)["sr"] == target
