"""A local stand-in for the Mistral transcription API, on 127.0.0.1 in a thread.

It speaks what mistralai 3.7 sends and parses (see /work/shared/MODELS.md): `POST
/v1/audio/transcriptions`, multipart form (`model`, `file`, `stream`, ...), JSON replies, or
server-sent events (`transcription.language`, `transcription.text.delta`,
`transcription.segment`, `transcription.done`) when `stream=true`.

Its "recognition" is a deterministic function of the audio: each 0.5 s window whose RMS is
at least 1e-3 is one word, chosen by the window's zero-crossing count; consecutive voiced
windows make one segment. Silence gives empty text, as the asr contracts require.

Failures are scripted: `server.script` holds actions for the next requests, in order
(`Fail(status, retry_after=None)`, `Drop()` before any reply, `DropMidStream()` after the
first events); `server.always` applies one action to every request.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "voxtral"
SECRET = "sk-test-5e3c7d1f9a0b4c2e8d6f"
"""A throw-away key: the tests check it never shows up in any output."""
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
WINDOW_S = 0.5


@dataclass(frozen=True)
class Fail:
    status: int
    retry_after: float | None = None
    echo_auth: bool = False
    """Put the request's Authorization header in the error body (a careless server)."""


@dataclass(frozen=True)
class Drop:
    """Close the connection without a reply."""


@dataclass(frozen=True)
class DropMidStream:
    """Send the first streaming events, then close the connection."""


Action = Fail | Drop | DropMidStream


@dataclass
class Request:
    path: str
    authorization: str
    accept: str
    fields: dict[str, str]
    audio_s: float
    wav: bytes


def fake_transcription(wav: bytes) -> tuple[list[dict[str, Any]], float]:
    """Segments ({text, start, end}) of the audio in `wav`, and its duration in seconds."""
    audio, sr = sf.read(io.BytesIO(wav), dtype="float32", always_2d=False)
    audio = np.asarray(audio, dtype=np.float64)
    duration = audio.size / sr
    step = int(WINDOW_S * sr)
    segments: list[dict[str, Any]] = []
    open_words: list[str] = []
    start = 0.0
    for first in range(0, audio.size, step):
        window = audio[first : first + step]
        voiced = np.sqrt(np.mean(window**2)) >= 1e-3
        if voiced:
            if not open_words:
                start = first / sr
            crossings = int(np.count_nonzero(np.diff(np.signbit(window))))
            open_words.append(WORDS[(crossings // 10) % len(WORDS)])
        if open_words and (not voiced or first + step >= audio.size):
            end = min(duration, (first + (step if voiced else 0)) / sr)
            segments.append({"text": " ".join(open_words), "start": start, "end": end})
            open_words = []
    return segments, duration


class VoxtralServer:
    """Start with `with VoxtralServer(key) as server:`; `server.url` is its base URL."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.script: deque[Action] = deque()
        self.always: Action | None = None
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> VoxtralServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def next_action(self) -> Action | None:
        with self._lock:
            return self.script.popleft() if self.script else self.always


def _handler(server: VoxtralServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            return None  # quiet: the test output stays readable

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path.split("?")[0] != "/v1/audio/transcriptions":
                return self._json(404, {"detail": "Not Found"})
            fields, wav = _multipart(self.headers.get("Content-Type", ""), body)
            auth = self.headers.get("Authorization", "")
            segments, duration = fake_transcription(wav) if wav else ([], 0.0)
            server.requests.append(
                Request(self.path, auth, self.headers.get("Accept", ""), fields, duration, wav)
            )
            action = server.next_action()
            if isinstance(action, Drop):
                return self._drop()
            if isinstance(action, Fail):
                return self._fail(action, auth)
            if auth != f"Bearer {server.key}":
                return self._json(401, {"detail": "Unauthorized"})
            if not wav:
                return self._json(422, {"detail": "file is required"})
            text = " ".join(s["text"] for s in segments)
            if fields.get("stream") == "true":
                return self._sse(fields, segments, text, duration, drop=isinstance(action, DropMidStream))
            return self._json(200, _reply(fields, segments, text, duration))

        def _fail(self, action: Fail, auth: str) -> None:
            detail = {"detail": f"status {action.status}"}
            if action.echo_auth:
                detail["received_authorization"] = auth
            headers = {}
            if action.retry_after is not None:
                headers["Retry-After"] = f"{action.retry_after:g}"
            self._json(action.status, detail, headers)

        def _drop(self) -> None:
            self.close_connection = True
            self.connection.close()

        def _json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _sse(
            self,
            fields: dict[str, str],
            segments: list[dict[str, Any]],
            text: str,
            duration: float,
            drop: bool,
        ) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self._event({"type": "transcription.language", "audio_language": "en"})
            for segment in segments:
                for i, word in enumerate(segment["text"].split()):
                    self._event({"type": "transcription.text.delta", "text": word if i == 0 else f" {word}"})
                    if drop:
                        self.wfile.flush()
                        return self._drop()
                self._event({"type": "transcription.segment", **segment})
            self._event({"type": "transcription.done", **_reply(fields, segments, text, duration)})

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(f"event: {data['type']}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

    return Handler


def _reply(
    fields: dict[str, str], segments: list[dict[str, Any]], text: str, duration: float
) -> dict[str, Any]:
    return {
        "model": fields.get("model", ""),
        "text": text,
        "language": "en" if text else None,
        "segments": [{**s, "type": "transcription_segment"} for s in segments],
        "usage": {
            "prompt_audio_seconds": round(duration),
            "prompt_tokens": 0,
            "completion_tokens": len(text.split()),
            "total_tokens": len(text.split()),
        },
    }


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], bytes]:
    """The text fields and the file's bytes of a multipart/form-data body."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    wav = b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if name == "file":
            wav = payload
        elif isinstance(name, str):
            fields[name] = payload.decode()
    return fields, wav
