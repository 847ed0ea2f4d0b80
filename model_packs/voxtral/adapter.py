"""Voxtral speech recognition over the Mistral API, through the `mistralai` SDK.

- `asr`: `transcribe` sends the audio (16 kHz 16-bit WAV) to `POST /v1/audio/transcriptions`
  with segment timestamps and returns the text and segments.
- `asr_stream`: a `StreamingAdapter` that buffers pushed audio and, on `flush()` (or
  `finalize()`), sends the buffer to the same endpoint in SSE mode: `transcription.text.delta`
  events become partials, `transcription.segment` events finals, `transcription.language`
  the transcript's language. Audio pushed after a flush is sent as the next request; its
  segment times continue on the stream's timeline.

Configuration (environment): `MISTRAL_API_KEY` (required), `MISTRAL_SERVER_URL` (default the
Mistral service), `VOXTRAL_RETRY_S` (how long 429 / 5xx / dropped connections are retried,
seconds; default 30; the SDK waits what a 429's Retry-After asks).

The key never leaves this module in text: the SDK gets it through a callable, the model's
repr leaves it out, and every error raised here is a `VoxtralError` whose message has the key
(and any bearer token) replaced by `***`, raised without the SDK exception chained to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import soundfile as sf

from pytest_audiocontract import Segment, Transcript, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.streaming import StreamingAdapter, Update
from pytest_audiocontract.types import AudioArray

from . import realtime

API_SR = 16000
KEY_ENV = "MISTRAL_API_KEY"
URL_ENV = "MISTRAL_SERVER_URL"
RETRY_ENV = "VOXTRAL_RETRY_S"
DEFAULT_URL = "https://api.mistral.ai"
# The realtime model id is the one mistralai's own voice-agent docs name.
MODEL_IDS = {"mini": "voxtral-mini-latest", realtime.REALTIME_VARIANT: "voxtral-mini-realtime-latest"}
_BEARER = re.compile(r"""(?i)bearer\s+[^\s"',;}]+""")
# httpx errors of a connection closed before or during the reply.
_DROPPED = frozenset({"RemoteProtocolError", "ReadError"})


class VoxtralError(RuntimeError):
    """A Mistral API call failed; the message is safe to log (no key in it)."""


class _Secret:
    """Holds the API key; its repr and str never show it."""

    def __init__(self, value: str) -> None:
        self._value = value

    @classmethod
    def from_env(cls, name: str) -> _Secret | None:
        """The variable's value, wrapped at once (None when unset or blank)."""
        secret = cls(os.environ.get(name, "").strip())
        return secret if secret._value else None

    def reveal(self) -> str:
        return self._value

    def redact(self, text: str) -> str:
        text = text.replace(self._value, "***") if self._value else text
        return _BEARER.sub("Bearer ***", text)

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


class VoxtralModel:
    """The `asr` and `asr_stream` surfaces over one SDK client."""

    def __init__(self, client: Any, model_id: str, server_url: str, secret: _Secret) -> None:
        self._client = client
        self.model_id = model_id
        self.server_url = server_url
        self._secret = secret

    def __repr__(self) -> str:
        return f"VoxtralModel(model={self.model_id!r}, server_url={self.server_url!r})"

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); segment times in seconds. Empty audio is not
        sent: it gives an empty transcript."""
        wav = _wav_bytes(audio, sr)
        if wav is None:
            return Transcript("", [], None)
        reply = self._call(
            "transcription",
            lambda: self._client.audio.transcriptions.complete(
                model=self.model_id, file=_file(wav), timestamp_granularities=["segment"]
            ),
            retry_dropped=True,
        )
        segments = [
            Segment(float(s.start or 0.0), float(s.end or 0.0), s.text.strip())
            for s in (reply.segments or [])
            if s.text.strip()
        ]
        segments.sort(key=lambda s: s.start)
        return Transcript(" ".join(reply.text.split()), segments, reply.language or None)

    def start_stream(self, sr: int) -> VoxtralStream:
        return VoxtralStream(sr, self)

    def stream_events(self, audio: AudioArray) -> Iterator[tuple[str, Any]]:
        """(event type, data) pairs of one streaming request of `audio` (float32, 16 kHz,
        not empty), in the order they arrive."""
        wav = _wav_bytes(audio, API_SR)
        assert wav is not None
        events = self._call(
            "streaming transcription",
            lambda: self._client.audio.transcriptions.stream(
                model=self.model_id, file=_file(wav), timestamp_granularities=["segment"]
            ),
            retry_dropped=True,
        )
        iterator = iter(events)
        while True:
            try:
                event = self._call("streaming transcription", lambda: next(iterator, None))
            except VoxtralError:
                _close_quietly(events)
                raise
            if event is None:
                return
            yield str(event.event), event.data

    def _call(self, what: str, call: Any, *, retry_dropped: bool = False) -> Any:
        """`call()`, with SDK errors turned into a redacted VoxtralError. The SDK retries
        429, 5xx and refused connections; a connection dropped before the reply it does not
        retry, so `retry_dropped` does that once."""
        for attempt in (1, 2):
            try:
                return call()
            except VoxtralError:
                raise
            except Exception as exc:
                if retry_dropped and attempt == 1 and type(exc).__name__ in _DROPPED:
                    continue
                message = self._secret.redact(_describe(exc))
                failure = f"voxtral {what} at {self.server_url} failed: {message}"
            raise VoxtralError(failure) from None
        raise AssertionError("unreachable")


class VoxtralRealtimeModel(VoxtralModel):
    """The realtime variant: each request is one session on the realtime WebSocket, with the
    variant's `transcription_delay_ms` (realtime.py); its events are the same types."""

    def __init__(self, client: Any, model_id: str, server_url: str, secret: _Secret, delay_ms: int) -> None:
        super().__init__(client, model_id, server_url, secret)
        self.transcription_delay_ms = delay_ms

    def __repr__(self) -> str:
        return (
            f"VoxtralRealtimeModel(model={self.model_id!r}, server_url={self.server_url!r}, "
            f"transcription_delay_ms={self.transcription_delay_ms})"
        )

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """The whole input streamed through one realtime session; segment times in seconds."""
        stream = self.start_stream(sr)
        try:
            stream.push_audio(audio)
            stream.flush()
            return stream.finalize()
        finally:
            stream.close()

    def stream_events(self, audio: AudioArray) -> Iterator[tuple[str, Any]]:
        pcm = realtime.pcm16(audio)
        session = realtime.session_events(
            self._client, self.model_id, pcm, API_SR, self.transcription_delay_ms
        )
        events = self._call("realtime transcription", lambda: asyncio.run(session))
        for kind, event in events:
            if kind == "error":
                message = self._secret.redact(realtime.error_text(event))
                raise VoxtralError(f"voxtral realtime transcription at {self.server_url} failed: {message}")
            yield kind, event


class VoxtralStream(StreamingAdapter):
    """Buffers audio; each flush sends the buffer and turns the SSE events into updates."""

    sample_rate = API_SR

    def __init__(self, sr: int, model: VoxtralModel) -> None:
        super().__init__(sr)
        self._model = model
        self._buffer: list[AudioArray] = []
        self._sent_s = 0.0
        self._language: str | None = None

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        self._buffer.append(chunk)
        return ()

    def _on_flush(self) -> Iterable[Update]:
        audio = np.concatenate(self._buffer) if self._buffer else np.zeros(0, np.float32)
        self._buffer = []
        offset, self._sent_s = self._sent_s, self._sent_s + audio.size / API_SR
        if audio.size == 0:
            return []
        updates: list[Update] = []
        partial = ""
        done = False
        for kind, data in self._model.stream_events(audio):
            if kind == "transcription.language":
                self._language = getattr(data, "audio_language", None) or self._language
            elif kind == "transcription.text.delta":
                partial += data.text
                updates.append(Update(partial))
            elif kind == "transcription.segment":
                updates.append(
                    Update(data.text, is_final=True, start=_at(data.start, offset), end=_at(data.end, offset))
                )
                partial = ""
            elif kind == "transcription.done":
                self._language = getattr(data, "language", None) or self._language
                if partial.strip():
                    updates.append(Update(partial, is_final=True))
                done = True
        if not done:
            raise VoxtralError(
                f"voxtral streaming transcription at {self._model.server_url}: "
                "the event stream ended before transcription.done (connection "
                "dropped?); the audio of this flush was not transcribed"
            )
        return updates

    def finalize(self) -> Transcript:
        transcript = super().finalize()
        if transcript.language is None and self._language:
            transcript = Transcript(transcript.text, transcript.segments, self._language)
        return transcript


def _at(seconds: float | None, offset: float) -> float | None:
    return None if seconds is None else offset + float(seconds)


def _wav_bytes(audio: AudioArray, sr: int) -> bytes | None:
    """16 kHz 16-bit mono WAV bytes of `audio`, or None for empty audio."""
    x = resample(as_float32_mono(audio), sr, API_SR)
    if x.size == 0:
        return None
    buffer = io.BytesIO()
    sf.write(buffer, np.clip(x, -1.0, 1.0), API_SR, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def _file(wav: bytes) -> dict[str, Any]:
    return {"file_name": "audio.wav", "content": wav, "content_type": "audio/wav"}


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    if status is None:
        dropped = "connection dropped: " if type(exc).__name__ in _DROPPED else ""
        return f"{dropped}{type(exc).__name__}: {exc}"
    body = " ".join(str(getattr(exc, "body", "") or "").split())[:300]
    hint = {
        401: f"check {KEY_ENV}",
        403: f"check {KEY_ENV} and the model's access",
        429: f"rate limited past {RETRY_ENV} seconds of retries",
    }.get(int(status), "server error" if int(status) >= 500 else "request refused")
    return f"HTTP {status} ({hint}): {body or '(empty body)'}"


def _close_quietly(events: Any) -> None:
    with contextlib.suppress(Exception):  # the connection is gone; nothing else to release
        events.close()


def load(variant: str, device: str, *, transcription_delay_ms: int | str | None = None) -> VoxtralModel:
    """Factory: `variant` "mini" (voxtral-mini-latest, batch and SSE) or "realtime"
    (voxtral-mini-realtime-latest over the realtime WebSocket); `device` "cpu" (the work is
    remote). `transcription_delay_ms` (realtime only; 80 to 2400, default 200, else
    $VOXTRAL_TRANSCRIPTION_DELAY_MS) is checked before anything connects."""
    if variant not in MODEL_IDS or device != "cpu":
        raise ValueError(
            f"voxtral got variant={variant!r}, device={device!r}, but offers "
            f"variants {', '.join(MODEL_IDS)} on device 'cpu'"
        )
    delay_ms = realtime.delay_option(variant, transcription_delay_ms)
    secret = _Secret.from_env(KEY_ENV)  # never a local holding the key: `pytest -l` shows locals
    if secret is None:
        raise MissingRequirement(
            f"the voxtral pack calls the Mistral API: set {KEY_ENV} (and "
            f"{URL_ENV} to use another server than {DEFAULT_URL})"
        )
    try:
        from mistralai.client import Mistral
        from mistralai.client.utils import BackoffStrategy, RetryConfig
    except ImportError:
        raise MissingRequirement(
            "the voxtral pack needs the mistralai SDK: pip install -r model_packs/voxtral/requirements.txt"
        ) from None
    server_url = os.environ.get(URL_ENV, "").strip() or DEFAULT_URL
    retry_ms = int(1000 * float(os.environ.get(RETRY_ENV, "30")))
    retries = RetryConfig("backoff", BackoffStrategy(250, 4000, 2.0, retry_ms), retry_connection_errors=True)
    client = Mistral(api_key=secret.reveal, server_url=server_url, retry_config=retries, timeout_ms=120_000)
    if delay_ms is None:
        return VoxtralModel(client, MODEL_IDS[variant], server_url, secret)
    try:
        import mistralai.extra.realtime  # noqa: F401  (needs websockets)
    except ImportError:
        raise MissingRequirement(
            "the voxtral realtime variant needs websockets>=13: "
            "pip install -r model_packs/voxtral/requirements.txt"
        ) from None
    return VoxtralRealtimeModel(client, MODEL_IDS[variant], server_url, secret, delay_ms)
