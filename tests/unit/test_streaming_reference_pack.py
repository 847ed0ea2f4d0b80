"""The numpy reference streaming pack keeps every asr_stream rule and says the expected words."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_audiocontract.streaming import (
    check_stream_events,
    drive_stream,
    transcript_problems,
)
from pytest_audiocontract.streaming.fake import FakeClock

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "reference_asr_stream"
RATES = [8000, 11025, 16000, 22050, 44100, 48000]


def _load_adapter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reference_asr_stream_adapter", PACK / "adapter.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ADAPTER = _load_adapter()
MODEL = ADAPTER.load("default", "cpu")


def _tone(hz: float, seconds: float, sr: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * sr)) / sr
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def _silence(seconds: float, sr: int) -> np.ndarray:
    return np.zeros(round(seconds * sr), dtype=np.float32)


def _melody(sr: int) -> np.ndarray:
    # 300 Hz (re) and 1500 Hz (fa) with a 100 ms gap: two words, one segment; 600 ms of
    # silence ends it; 3 kHz (sol) is a second segment, ended by flush.
    return np.concatenate(
        [
            _silence(0.2, sr),
            _tone(300, 0.2, sr),
            _silence(0.1, sr),
            _tone(1500, 0.3, sr),
            _silence(0.6, sr),
            _tone(3000, 0.2, sr),
            _silence(0.1, sr),
        ]
    )


def _assert_rules(audio: np.ndarray, sr: int, **drive: object) -> str:
    run = drive_stream(MODEL, audio, sr, **drive)  # type: ignore[arg-type]
    assert check_stream_events(run.events, run.transcript.text) == []
    assert transcript_problems(run.transcript, audio.size / sr) == []
    return run.transcript.text


@pytest.mark.parametrize("sr", RATES)
def test_bursts_become_band_words_with_segment_times(sr: int) -> None:
    run = drive_stream(MODEL, _melody(sr), sr)
    assert [(e.segment_id, e.text, e.is_final) for e in run.events] == [
        (0, "re", False),
        (0, "re fa", False),
        (0, "re fa", True),
        (1, "sol", False),
        (1, "sol", True),
    ]
    assert run.transcript.text == "re fa sol"
    starts_ends = [(s.start, s.end) for s in run.transcript.segments]
    # Bursts at 0.2-0.4, 0.5-0.8 and 1.4-1.6 s. Tolerance: one 20 ms frame, plus the
    # resampler's filter ringing, which can make the frame next to an onset loud.
    np.testing.assert_allclose(starts_ends, [(0.2, 0.8), (1.4, 1.6)], rtol=0, atol=0.03)


@pytest.mark.parametrize("sr", RATES)
def test_silence_gives_no_events(sr: int) -> None:
    quiet = np.full(sr, 9e-5, dtype=np.float32)  # below the -80 dBFS silence line
    for audio in (_silence(1.0, sr), quiet, _silence(0.0, sr)):
        run = drive_stream(MODEL, audio, sr)
        assert run.events == [] and run.transcript.text == ""


@pytest.mark.parametrize("sizes", [[0, 1] * 500, [1, 0, 0, 7, 1, 333], [4410] * 3, []])
def test_any_chunking_gives_the_same_transcript(sizes: list[int]) -> None:
    sr = 44100
    whole = _assert_rules(_melody(sr), sr, chunk_ms=10_000)
    assert whole == "re fa sol"
    assert _assert_rules(_melody(sr), sr, chunk_sizes=sizes) == whole


def test_stream_lifecycle_rules() -> None:
    stream = MODEL.start_stream(16000)
    stream.push_audio(_tone(700, 0.3, 16000))
    first = stream.finalize()
    assert first.text == "mi"  # 500-1000 Hz
    assert stream.finalize() == first
    with pytest.raises(RuntimeError):
        stream.push_audio(_tone(440, 0.1, 16000))
    stream.close()
    stream.close()
    unfinished = MODEL.start_stream(8000)
    unfinished.push_audio(_tone(440, 0.3, 8000))
    unfinished.close()
    with pytest.raises(RuntimeError):
        unfinished.push_audio(np.zeros(0, np.float32))


def test_interleaved_streams_equal_sequential_ones() -> None:
    sr_a, sr_b = 16000, 22050
    audio_a, audio_b = _melody(sr_a), _tone(200, 0.5, sr_b)
    alone_a = drive_stream(MODEL, audio_a, sr_a, chunk_ms=100)
    alone_b = drive_stream(MODEL, audio_b, sr_b, chunk_ms=100)
    a, b = MODEL.start_stream(sr_a), MODEL.start_stream(sr_b)
    events_a, events_b = [], []
    step_a, step_b = sr_a // 10, sr_b // 10
    for i in range(max(audio_a.size // step_a, audio_b.size // step_b) + 1):
        events_a += a.push_audio(audio_a[i * step_a : (i + 1) * step_a])
        events_b += b.push_audio(audio_b[i * step_b : (i + 1) * step_b])
    events_a += a.flush()
    events_b += b.flush()
    assert events_a == alone_a.events and a.finalize() == alone_a.transcript
    assert events_b == alone_b.events and b.finalize() == alone_b.transcript
    assert alone_b.transcript.text == "do"


@st.composite
def _signals(draw: st.DrawFn) -> tuple[np.ndarray, int, list[int]]:
    # Draw parameters, then synthesise with numpy (small examples, as Hypothesis advises).
    sr = draw(st.sampled_from(RATES) | st.integers(8000, 48000))
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        seconds = draw(st.floats(0.0, 0.4))
        kind = draw(st.sampled_from(["tone", "silence", "noise", "dc", "clipped"]))
        n = round(seconds * sr)
        if kind == "tone":
            pieces.append(_tone(draw(st.floats(50, 7000)), seconds, sr, draw(st.floats(0, 1))))
        elif kind == "noise":
            pieces.append(np.random.default_rng(n).uniform(-1, 1, n).astype(np.float32))
        elif kind == "dc":
            pieces.append(np.full(n, draw(st.floats(-1, 1)), dtype=np.float32))
        elif kind == "clipped":
            pieces.append(np.clip(_tone(500, seconds, sr, 4.0), -1, 1))
        else:
            pieces.append(_silence(seconds, sr))
    audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    sizes = draw(st.lists(st.integers(0, 3000), max_size=12))
    return audio, sr, sizes


@settings(max_examples=30, deadline=None)
@given(_signals())
def test_rules_hold_for_any_rate_signal_and_chunking(
    case: tuple[np.ndarray, int, list[int]],
) -> None:
    audio, sr, sizes = case
    chunked = _assert_rules(audio, sr, chunk_sizes=sizes)
    assert _assert_rules(audio, sr, chunk_ms=160) == chunked  # deterministic, chunking-free


def test_claims_hold_on_synthetic_input() -> None:
    # Paced on a fake clock that only the pacing moves: the first token's time is then where in
    # the audio it came out (the model's own latency), whatever the machine's speed. The rtf
    # claim is gated by the claims run (pytest --model-pack reference_asr_stream), not here.
    claims = yaml.safe_load((PACK / "claims.yaml").read_text())
    bounds = {claim["metric"]: claim["max"] for claim in claims["claims"]}
    assert set(bounds) == {"rtf", "first_token_latency_ms"}
    audio = np.tile(_melody(16000), 3)  # 5.1 s
    clock = FakeClock()
    run = drive_stream(MODEL, audio, 16000, paced=True, clock=clock, sleep=clock.sleep)
    assert run.first_token_latency_ms is not None
    assert 0 < run.first_token_latency_ms <= bounds["first_token_latency_ms"]


def test_factory_refuses_unknown_variant_or_device() -> None:
    with pytest.raises(ValueError, match="only variant 'default' on device 'cpu'"):
        ADAPTER.load("large", "cpu")
    with pytest.raises(ValueError, match="only variant 'default'"):
        ADAPTER.load("default", "cuda")
