"""The realtime variant's pieces: its one option, `transcription_delay_ms`, and one session on
the Mistral API's realtime WebSocket (`/v1/audio/transcriptions/realtime`), through the
SDK's `client.audio.realtime.transcribe_stream`.

The delay is how far behind the audio the model may write text (milliseconds): lower gives
text sooner, higher gives the model more context. It is sent as the session's
`target_streaming_delay_ms` (the SDK's name for it) in `session.update`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

import numpy as np

from pytest_audiocontract.types import AudioArray

DELAY_KEY = "transcription_delay_ms"
DELAY_ENV = "VOXTRAL_TRANSCRIPTION_DELAY_MS"
DELAY_RANGE_MS = (80, 2400)
DEFAULT_DELAY_MS = 200
REALTIME_VARIANT = "realtime"
CHUNK_BYTES = 6400  # 200 ms of 16 kHz 16-bit audio per input_audio.append


def delay_option(variant: str, value: int | str | None = None) -> int | None:
    """The transcription delay of `variant` in ms: `value` (the factory's keyword), else
    $VOXTRAL_TRANSCRIPTION_DELAY_MS, else 200; None for the other variants (they have no
    such option, and the variable is the realtime variant's alone).

    Raises ValueError naming the pack, the variant, the key and where the value came from,
    for a value given to another variant, one that is not an integer, or one out of range.
    """
    low, high = DELAY_RANGE_MS
    source = ""  # where the value came from, when not the factory's keyword
    if value is None and variant == REALTIME_VARIANT:
        value, source = os.environ.get(DELAY_ENV, "").strip() or None, f" (from {DELAY_ENV})"
    if value is None:
        return DEFAULT_DELAY_MS if variant == REALTIME_VARIANT else None
    if variant != REALTIME_VARIANT:
        raise ValueError(
            f"voxtral/{variant}: {DELAY_KEY}={value!r} is an option of the {REALTIME_VARIANT} variant "
            f"only; leave it out, or load variant {REALTIME_VARIANT!r}"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        delay = value
    elif isinstance(value, str) and value.strip().isdigit():
        delay = int(value)
    else:
        raise ValueError(
            f"voxtral/{variant}: {DELAY_KEY}={value!r}{source}, but should be a whole number of milliseconds "
            f"from {low} to {high} (default {DEFAULT_DELAY_MS})"
        )
    if not low <= delay <= high:
        raise ValueError(
            f"voxtral/{variant}: {DELAY_KEY}={delay}{source} is out of range: it should be from {low} to "
            f"{high} ms (default {DEFAULT_DELAY_MS}); set it within that range or unset it"
        )
    return delay


def pcm16(audio: AudioArray) -> bytes:
    """Little-endian 16-bit PCM of float audio in [-1, 1] (the session's pcm_s16le)."""
    return (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


async def session_events(
    client: Any, model_id: str, pcm: bytes, sr: int, delay_ms: int
) -> list[tuple[str, Any]]:
    """(event type, event) of one realtime session that sends `pcm` (at `sr` Hz) and ends it,
    up to `transcription.done`. An `error` event ends the list; the caller raises it."""
    from mistralai.client.models import AudioFormat

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(pcm), CHUNK_BYTES):
            yield pcm[start : start + CHUNK_BYTES]

    events: list[tuple[str, Any]] = []
    stream = client.audio.realtime.transcribe_stream(
        chunks(),
        model=model_id,
        audio_format=AudioFormat(encoding="pcm_s16le", sample_rate=sr),
        target_streaming_delay_ms=delay_ms,
    )
    async for event in stream:
        events.append((str(getattr(event, "type", None)), event))
    return events


def error_text(event: Any) -> str:
    """The message of a realtime `error` event."""
    detail = getattr(event, "error", None)
    message = getattr(detail, "message", detail)
    message = getattr(message, "detail", message)
    code = getattr(detail, "code", None)
    return f"error {code}: {message}" if code is not None else f"error: {message}"
