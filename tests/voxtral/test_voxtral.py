"""The voxtral pack over a local server: batch and streaming requests, retries, errors."""

from __future__ import annotations

import io
import time
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from voxtral_server import PACK, SECRET, WORDS, Drop, DropMidStream, Fail, VoxtralServer

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.spec.datasets import load_dataset


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, int]:
    dataset = load_dataset("speech_en")
    file = dataset.items[0].file
    assert file is not None
    return dataset.audio(file)


def _stream_all(model: Any, audio: np.ndarray, sr: int, chunk: int) -> tuple[list[Any], Any]:
    stream = model.start_stream(sr)
    events = []
    for start in range(0, audio.size, chunk):
        events += stream.push_audio(audio[start : start + chunk])
    events += stream.flush()
    transcript = stream.finalize()
    stream.close()
    return events, transcript


def test_batch_request_and_reply(model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]) -> None:
    audio, sr = speech
    transcript = model.transcribe(audio, sr)
    (request,) = server.requests
    assert request.authorization == f"Bearer {SECRET}"
    assert request.accept == "application/json"
    assert request.fields["model"] == "voxtral-mini-latest"
    assert request.fields["stream"] == "false"
    assert request.fields["timestamp_granularities"] == "segment"
    assert request.audio_s == pytest.approx(audio.size / sr, abs=1e-3)
    words = transcript.text.split()
    assert words and set(words) <= set(WORDS)
    assert " ".join(s.text for s in transcript.segments) == transcript.text
    assert all(0 <= s.start <= s.end <= audio.size / sr + 0.01 for s in transcript.segments)
    assert transcript.language == "en"


def test_silence_is_empty_and_empty_audio_is_not_sent(model: Any, server: VoxtralServer) -> None:
    assert model.transcribe(np.zeros(8000, np.float32), 8000).text == ""
    assert len(server.requests) == 1
    assert model.transcribe(np.zeros(0, np.float32), 16000).text == ""
    assert len(server.requests) == 1


def test_sent_audio_is_16k_pcm16_of_the_input(model: Any, server: VoxtralServer) -> None:
    sr = 44100
    t = np.arange(sr) / sr
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    model.transcribe(tone, sr)
    (request,) = server.requests
    info = sf.info(io.BytesIO(request.wav))
    assert (info.samplerate, info.frames, info.subtype) == (16000, 16000, "PCM_16")
    sent, _ = sf.read(io.BytesIO(request.wav), dtype="float32")
    # a 440 Hz tone stays a 440 Hz tone at the API's rate
    peak_hz = np.argmax(np.abs(np.fft.rfft(sent))) * 16000 / sent.size
    assert peak_hz == pytest.approx(440, abs=2)


def test_stream_partials_then_finals_match_batch(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    audio, sr = speech
    batch = model.transcribe(audio, sr)
    events, transcript = _stream_all(model, audio, sr, chunk=sr // 10)
    request = server.requests[-1]
    assert request.fields["stream"] == "true"
    assert request.accept == "text/event-stream"
    assert len(server.requests) == 2  # one streaming request, sent at flush
    assert [e.seq for e in events] == sorted({e.seq for e in events})
    assert any(not e.is_final for e in events) and events[-1].is_final
    assert transcript.text == batch.text
    assert transcript.language == "en"


def test_audio_after_a_flush_continues_the_timeline(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    audio, sr = speech
    stream = model.start_stream(sr)
    stream.push_audio(audio)
    stream.flush()
    stream.push_audio(audio)
    stream.flush()
    transcript = stream.finalize()
    duration = audio.size / sr
    assert len(server.requests) == 2
    first = [s for s in transcript.segments if s.start < duration]
    second = [s for s in transcript.segments if s.start >= duration]
    assert [s.text for s in first] == [s.text for s in second]
    for a, b in zip(first, second, strict=True):
        assert b.start == pytest.approx(a.start + duration, abs=0.01)


def test_rate_limit_waits_for_retry_after(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The SDK's retry loop sleeps through time.sleep: record the waits instead of timing them.
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    server.script.append(Fail(429, retry_after=1))
    transcript = model.transcribe(*speech)
    assert waits == [1.0]
    assert len(server.requests) == 2 and transcript.text


def test_server_error_is_retried_then_reported(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    server.always = Fail(500)
    with pytest.raises(RuntimeError, match=r"HTTP 500 \(server error\)") as info:
        model.transcribe(*speech)
    assert len(server.requests) >= 2
    assert type(info.value).__name__ == "VoxtralError"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_one_server_error_is_retried(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    server.script.append(Fail(503))
    assert model.transcribe(*speech).text
    assert len(server.requests) == 2


def test_bad_key_names_the_variable_and_hides_the_key(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    server.always = Fail(401, echo_auth=True)
    with pytest.raises(RuntimeError, match=r"HTTP 401 \(check MISTRAL_API_KEY") as info:
        model.transcribe(*speech)
    assert SECRET not in str(info.value) and "Bearer ***" in str(info.value)
    assert len(server.requests) == 1  # 401 is not retried


def test_dropped_connection_is_retried_once(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    server.script.append(Drop())
    assert model.transcribe(*speech).text
    server.always = Drop()
    with pytest.raises(RuntimeError, match="connection dropped"):
        model.transcribe(*speech)


def test_stream_dropped_mid_way_raises(
    model: Any, server: VoxtralServer, speech: tuple[np.ndarray, int]
) -> None:
    server.script.append(DropMidStream())
    stream = model.start_stream(speech[1])
    stream.push_audio(speech[0])
    with pytest.raises(RuntimeError, match=r"ended before transcription\.done"):
        stream.flush()
    stream.close()


def test_missing_key_is_a_missing_requirement(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_audiocontract.packs.discovery import read_pack
    from pytest_audiocontract.packs.loading import load_model

    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    spec = read_pack(PACK).spec
    assert spec is not None
    with pytest.raises(MissingRequirement, match=r"needs MISTRAL_API_KEY .*set it \(export MISTRAL_API_KEY="):
        load_model(spec, "mini", "cpu")


def test_repr_hides_the_key(model: Any) -> None:
    assert SECRET not in repr(model) and SECRET not in repr(vars(model))
