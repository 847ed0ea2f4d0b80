"""`audiocontract run` and `audiocontract pipeline` on the numpy reference packs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pytest_audiocontract.cli import main
from pytest_audiocontract.packs.discovery import read_pack
from pytest_audiocontract.packs.loading import load_model

PACKS = Path(__file__).resolve().parents[2] / "model_packs"


def _model(pack: str) -> object:
    spec = read_pack(PACKS / pack).spec
    assert spec is not None
    return load_model(spec, spec.default_variant, "cpu")


@pytest.fixture
def tones(tmp_path: Path) -> tuple[Path, np.ndarray, int]:
    sr = 22050
    t = np.arange(sr) / sr
    burst = (0.5 * np.sin(2 * np.pi * 300 * t[: sr // 2])).astype(np.float32)
    audio = np.concatenate(
        [
            np.zeros(sr // 4, np.float32),
            burst,
            np.zeros(sr // 4, np.float32),
            (0.4 * np.sin(2 * np.pi * 2500 * t[: sr // 2])).astype(np.float32),
            np.zeros(sr // 4, np.float32),
        ]
    )
    path = tmp_path / "tones.flac"
    sf.write(path, audio, sr, subtype="PCM_24")
    written, _ = sf.read(path, dtype="float32")
    return path, written, sr


def test_asr_prints_what_the_model_returns(
    tones: tuple[Path, np.ndarray, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, audio, sr = tones
    expected = _model("reference_asr").transcribe(audio, sr)  # type: ignore[attr-defined]
    assert main(["run", "reference_asr", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["type"] == "Transcript" and out["text"] == expected.text
    assert [s["text"] for s in out["segments"]] == [s.text for s in expected.segments]
    assert main(["run", "reference_asr", str(path)]) == 0
    captured = capsys.readouterr()
    assert f"text: {expected.text!r}" in captured.out
    assert "running reference_asr/asr on 1.75 s of audio at 22050 Hz" in captured.err


def test_separate_writes_stems_that_sum_to_the_input(
    tones: tuple[Path, np.ndarray, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, audio, sr = tones
    out_dir = tmp_path / "out"
    assert main(["run", "reference_separate", str(path), "--out", str(out_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    low, low_sr = sf.read(report["audio"]["low"]["file"], dtype="float32")
    high, _ = sf.read(report["audio"]["high"]["file"], dtype="float32")
    assert low_sr == sr and low.size == audio.size
    np.testing.assert_allclose(low + high, audio, atol=1e-5)


def test_tts_takes_text_and_writes_a_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "reference_tts", "--text", "hi 2", "--out", str(tmp_path)]) == 0
    expected = _model("reference_tts").synthesize("hi 2")  # type: ignore[attr-defined]
    written, sr = sf.read(tmp_path / "reference_tts.audio.wav", dtype="float32")
    assert sr == expected.sr
    np.testing.assert_array_equal(written, expected.audio)
    assert "reference_tts.audio.wav" in capsys.readouterr().out


def test_stream_prints_events_then_the_transcript(
    tones: tuple[Path, np.ndarray, int], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = tones
    assert main(["run", "reference_asr_stream", str(path), "--chunk-ms", "100", "--json", "--quiet"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    events = [line["event"] for line in lines[:-1]]
    assert events and all(set(e) == {"seq", "segment_id", "text", "is_final"} for e in events)
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)
    finals = " ".join(e["text"] for e in events if e["is_final"] and e["text"])
    assert lines[-1]["transcript"]["text"] == finals


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "reference_asr", "missing.wav"], "audio file 'missing.wav' does not exist"),
        (["run", "no_such_pack", "x.wav"], "pack no_such_pack: no pack with that id"),
        (
            ["run", "reference_asr", "{tones}", "--surface", "vad"],
            "pack 'reference_asr' has no surface 'vad'; it offers asr",
        ),
        (
            ["run", "reference_asr", "{tones}", "--variant", "big"],
            "pack 'reference_asr' has no variant 'big'",
        ),
        (["run", "reference_asr", "{text}"], "cannot be read as audio"),
        (["run", "reference_tts"], "reference_tts/tts needs --text TEXT"),
        (["pipeline", "{text}", "{tones}"], "is not valid YAML"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str],
    message: str,
    tones: tuple[Path, np.ndarray, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = tmp_path / "notes.yaml"
    text.write_text("a: [unclosed\n", encoding="utf-8")
    argv = [a.format(tones=tones[0], text=text) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert "Traceback" not in err[0]


def test_pipeline_command_shows_every_step(
    tones: tuple[Path, np.ndarray, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, audio, sr = tones
    pipeline = tmp_path / "p.yaml"
    pipeline.write_text(
        "name: p\nsteps:\n  - {id: vad, pack: reference_vad, surface: vad}\n"
        "  - {id: asr, pack: reference_asr, surface: asr}\n",
        encoding="utf-8",
    )
    assert main(["pipeline", str(pipeline), str(path), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert list(report["artifacts"]) == ["vad", "asr"]
    assert report["final"] == report["artifacts"]["asr"]
    regions = _model("reference_vad").detect_speech(audio, sr)  # type: ignore[attr-defined]
    assert [tuple(r) for r in report["artifacts"]["vad"]["regions"]] == regions.regions
    assert "step 2/2 step 'asr' (reference_asr/asr)" in captured.err
