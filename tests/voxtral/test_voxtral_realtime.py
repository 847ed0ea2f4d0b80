"""The voxtral realtime variant and its option `transcription_delay_ms`, offline: the option is
checked before anything connects, and a local WebSocket stand-in (realtime_server.py) sees
the value in the session it is sent in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from voxtral_server import PACK, SECRET, WORDS

from pytest_audiocontract.errors import PackLoadError
from pytest_audiocontract.packs.discovery import read_pack
from pytest_audiocontract.packs.loading import load_model

pytest.importorskip(
    "websockets", reason="websockets is not installed (pip install -r model_packs/voxtral/requirements.txt)"
)
from realtime_server import RealtimeServer  # after the skip: it needs websockets

DELAY_ENV = "VOXTRAL_TRANSCRIPTION_DELAY_MS"


def _spec() -> Any:
    spec = read_pack(PACK).spec
    assert spec is not None
    return spec


def _factory() -> Any:
    from pytest_audiocontract.packs.loading import import_factory

    return import_factory(_spec())


@pytest.fixture
def realtime_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RealtimeServer]:
    with RealtimeServer(SECRET) as running:
        monkeypatch.setenv("MISTRAL_API_KEY", SECRET)
        monkeypatch.setenv("MISTRAL_SERVER_URL", running.url)
        monkeypatch.setenv("VOXTRAL_RETRY_S", "1.5")
        monkeypatch.delenv(DELAY_ENV, raising=False)
        yield running


def _tone(sr: int, seconds: float) -> np.ndarray:
    t = np.arange(int(sr * seconds)) / sr
    return (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (79, "transcription_delay_ms=79 is out of range: it should be from 80 to 2400 ms (default 200)"),
        (2401, "transcription_delay_ms=2401 is out of range"),
        (
            "fast",
            "transcription_delay_ms='fast', but should be a whole number of milliseconds from 80 to 2400",
        ),
        (2.5, "transcription_delay_ms=2.5, but should be a whole number"),
    ],
)
def test_a_bad_delay_names_pack_variant_and_key_before_connecting(
    monkeypatch: pytest.MonkeyPatch, value: object, named: str
) -> None:
    # No key and no server: the option is checked first, so a typo never costs a request.
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with pytest.raises(ValueError, match="voxtral/realtime: ") as info:
        _factory()("realtime", "cpu", transcription_delay_ms=value)
    assert named in str(info.value)


def test_the_variable_is_checked_and_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # The plugin asks for the key (claims.yaml secrets:) before the factory; no server runs.
    monkeypatch.setenv("MISTRAL_API_KEY", SECRET)
    monkeypatch.setenv("MISTRAL_SERVER_URL", "http://127.0.0.1:9")
    monkeypatch.setenv(DELAY_ENV, "5000")
    with pytest.raises(PackLoadError) as info:
        load_model(_spec(), "realtime", "cpu")
    message = str(info.value)
    assert "pack 'voxtral'" in message and "('realtime', 'cpu')" in message
    assert f"transcription_delay_ms=5000 (from {DELAY_ENV}) is out of range" in message


def test_the_delay_belongs_to_the_realtime_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with pytest.raises(
        ValueError, match="voxtral/mini: transcription_delay_ms=480 is an option of the realtime"
    ):
        _factory()("mini", "cpu", transcription_delay_ms=480)
    # The variable is the realtime variant's alone: the batch variant runs beside it.
    monkeypatch.setenv(DELAY_ENV, "480")
    from pytest_audiocontract.errors import MissingRequirement

    with pytest.raises(MissingRequirement, match="MISTRAL_API_KEY"):
        _factory()("mini", "cpu")


@pytest.mark.parametrize(
    ("keyword", "variable", "sent"), [(None, None, 200), (None, "2400", 2400), (80, "480", 80)]
)
def test_the_delay_reaches_the_session(
    realtime_server: RealtimeServer,
    monkeypatch: pytest.MonkeyPatch,
    keyword: int | None,
    variable: str | None,
    sent: int,
) -> None:
    if variable is not None:
        monkeypatch.setenv(DELAY_ENV, variable)
    model = _factory()("realtime", "cpu", transcription_delay_ms=keyword)
    assert model.transcription_delay_ms == sent
    transcript = model.transcribe(_tone(44100, 1.2), 44100)
    (session,) = realtime_server.sessions
    assert session.model == "voxtral-mini-realtime-latest"
    assert session.authorization == f"Bearer {SECRET}"
    (update,) = session.updates
    assert update["target_streaming_delay_ms"] == sent
    assert update["audio_format"] == {"encoding": "pcm_s16le", "sample_rate": 16000}
    assert len(session.pcm) == 2 * round(1.2 * 16000)
    words = transcript.text.split()
    assert words and set(words) <= set(WORDS)
    assert all(0 <= s.start <= s.end <= 1.2 + 0.01 for s in transcript.segments)
    assert transcript.language == "en"
    assert SECRET not in repr(model) and f"transcription_delay_ms={sent}" in repr(model)


def test_stream_events_arrive_as_partials_then_finals(realtime_server: RealtimeServer) -> None:
    model = _factory()("realtime", "cpu")
    stream = model.start_stream(16000)
    audio = _tone(16000, 1.5)
    events = [
        e for start in range(0, audio.size, 1600) for e in stream.push_audio(audio[start : start + 1600])
    ]
    assert events == []  # the session starts at flush
    events = stream.flush()
    transcript = stream.finalize()
    stream.close()
    assert [e.is_final for e in events][-1] is True
    assert " ".join(e.text for e in events if e.is_final) == transcript.text
    assert len(realtime_server.sessions) == 1


def test_an_error_event_is_a_voxtral_error_without_the_key(realtime_server: RealtimeServer) -> None:
    realtime_server.reject = f"target_streaming_delay_ms not supported for Bearer {SECRET}"
    model = _factory()("realtime", "cpu", transcription_delay_ms=480)
    with pytest.raises(RuntimeError, match="voxtral realtime transcription at ") as info:
        model.transcribe(_tone(16000, 1.0), 16000)
    assert type(info.value).__name__ == "VoxtralError"
    assert "error 422" in str(info.value) and SECRET not in str(info.value)


def test_contracts_of_the_realtime_variant_pass(
    pytester: pytest.Pytester, realtime_server: RealtimeServer
) -> None:
    from pytest_audiocontract.opt_outs import OPT_OUT_RULES

    # As for the batch variant: the hallucination rules judge what Voxtral says, and the
    # stand-in is not Voxtral (it names windows of energy).
    result = pytester.runpytest_subprocess(
        f"--model-pack={PACK}",
        "--variant=realtime",
        "-p",
        "no:cacheprovider",
        "-q",
        "-k",
        f"not ({' or '.join(OPT_OUT_RULES)})",
        "--audiocontract-failures",
        str(pytester.path / "failures"),
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == outcomes.get("errors", 0) == 0, result.stdout.str()[-3000:]
    assert outcomes.get("passed", 0) > 0, result.stdout.str()[-2000:]
    assert realtime_server.sessions, "the contracts never reached the stand-in"
    assert {
        update["target_streaming_delay_ms"] for s in realtime_server.sessions for update in s.updates
    } == {200}
