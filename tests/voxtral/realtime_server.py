"""A local stand-in for the Mistral realtime transcription WebSocket, on 127.0.0.1 in a thread.

It speaks the protocol of /work/shared/MODELS.md as mistralai 3.7 drives it:
`/v1/audio/transcriptions/realtime?model=...` with a Bearer header; the server speaks first
(`session.created`), then takes `session.update`, `input_audio.append` (base64 PCM),
`input_audio.flush` and `input_audio.end`, and answers with the same recognition as
voxtral_server.py (`transcription.language`, `.text.delta`, `.segment`, `.done`). Every
session's updates and audio are recorded in `sessions`. `reject` makes it answer the next
session.update with an `error` event.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import numpy as np
import soundfile as sf
from voxtral_server import _reply, fake_transcription

PATH = "/v1/audio/transcriptions/realtime"


@dataclass
class Session:
    model: str
    authorization: str
    updates: list[dict[str, Any]] = field(default_factory=list)
    pcm: bytearray = field(default_factory=bytearray)
    flushed: bool = False


class RealtimeServer:
    """Start with `with RealtimeServer(key) as server:`; `server.url` is its base URL (http)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.sessions: list[Session] = []
        self.reject: str | None = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Future[None] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def __enter__(self) -> RealtimeServer:
        self._thread.start()
        assert self._ready.wait(10), "the realtime stand-in did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set_result, None)
        self._thread.join(10)

    def _run(self) -> None:
        from websockets.asyncio.server import serve

        async def main() -> None:
            self._stop = self._loop.create_future()
            async with serve(self._session, "127.0.0.1", 0) as server:
                port = next(iter(server.sockets)).getsockname()[1]
                self.url = f"http://127.0.0.1:{port}"
                self._ready.set()
                await self._stop

        self._loop.run_until_complete(main())

    async def _session(self, websocket: Any) -> None:
        request = websocket.request
        url = urlparse(request.path)
        auth = request.headers.get("Authorization", "")
        if url.path != PATH or auth != f"Bearer {self.key}":
            error = {"message": "Unauthorized" if url.path == PATH else "Not Found", "code": 401}
            await websocket.send(json.dumps({"type": "error", "error": error}))
            return
        session = Session(parse_qs(url.query).get("model", [""])[0], auth)
        self.sessions.append(session)
        state = {
            "request_id": f"req-{len(self.sessions)}",
            "model": session.model,
            "audio_format": {"encoding": "pcm_s16le", "sample_rate": 16000},
        }
        await websocket.send(json.dumps({"type": "session.created", "session": state}))
        async for raw in websocket:
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "session.update":
                session.updates.append(message["session"])
                if self.reject is not None:
                    error = {"message": self.reject, "code": 422}
                    await websocket.send(json.dumps({"type": "error", "error": error}))
                    return
                state.update(message["session"])
                await websocket.send(json.dumps({"type": "session.updated", "session": state}))
            elif kind == "input_audio.append":
                session.pcm += base64.b64decode(message["audio"])
            elif kind == "input_audio.flush":
                session.flushed = True
            elif kind == "input_audio.end":
                for event in _events(session):
                    await websocket.send(json.dumps(event))
                return


def _events(session: Session) -> list[dict[str, Any]]:
    audio = np.frombuffer(bytes(session.pcm), "<i2").astype(np.float32) / 32767.0
    buffer = io.BytesIO()
    sf.write(buffer, audio, 16000, format="WAV", subtype="PCM_16")
    segments, duration = fake_transcription(buffer.getvalue()) if audio.size else ([], 0.0)
    text = " ".join(s["text"] for s in segments)
    events: list[dict[str, Any]] = [{"type": "transcription.language", "audio_language": "en"}]
    for segment in segments:
        for i, word in enumerate(segment["text"].split()):
            events.append({"type": "transcription.text.delta", "text": word if i == 0 else f" {word}"})
        events.append({"type": "transcription.segment", **segment})
    done = _reply({"model": session.model}, segments, text, duration)
    return [*events, {"type": "transcription.done", **done}]
