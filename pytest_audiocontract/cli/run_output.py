"""How `audiocontract run` and `audiocontract pipeline` show results: readable text or JSON.

Audio results (tts, enhance, separate) are summarised (duration in seconds, rate in Hz,
peak) and, with an output folder, written as WAV files whose paths are shown.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from pytest_audiocontract import types as rt
from pytest_audiocontract.audio.io import write_audio
from pytest_audiocontract.json_types import JSON, JSONObject

_NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


AudioResult = rt.Stems | rt.Speech | rt.Enhanced


def audio_of(result: object) -> dict[str, rt.AudioArray]:
    """The audio a result carries, by a short name ("audio", or each stem's name)."""
    if isinstance(result, rt.Stems):
        return dict(result.stems)
    if isinstance(result, rt.Speech | rt.Enhanced):
        return {"audio": result.audio}
    return {}


def write_outputs(result: object, out_dir: Path, stem: str) -> dict[str, Path]:
    """Write the result's audio as float WAVs named `<stem>.<name>.wav` in `out_dir`."""
    if not isinstance(result, AudioResult):
        return {}
    return {
        name: write_audio(out_dir / f"{stem}.{name}.wav", audio, int(result.sr))
        for name, audio in audio_of(result).items()
    }


def describe(result: object, written: dict[str, Path] | None = None) -> list[str]:
    """Readable lines for one surface result."""
    written = written or {}
    if isinstance(result, rt.Transcript):
        lines = [f"text: {result.text!r}"]
        lines += [
            f"  [{s.start:7.2f} - {s.end:7.2f}] {s.speaker + ': ' if s.speaker else ''}{s.text}"
            for s in result.segments
        ]
        return [*lines, f"language: {result.language or '(not given)'}"]
    if isinstance(result, rt.SpeechRegions):
        speech = sum(end - start for start, end in result.regions)
        lines = [f"{len(result.regions)} speech region(s), {speech:.2f} s of speech"]
        return lines + [f"  [{start:7.2f} - {end:7.2f}]" for start, end in result.regions]
    if isinstance(result, rt.Diarization):
        speakers = sorted({t.speaker for t in result.turns})
        lines = [f"{len(result.turns)} turn(s), {len(speakers)} speaker(s)"]
        return lines + [f"  [{t.start:7.2f} - {t.end:7.2f}] {t.speaker}" for t in result.turns]
    if isinstance(result, rt.Classification):
        return [f"  {label.score:6.3f}  {label.name}" for label in result.labels] or ["no labels"]
    if isinstance(result, rt.Embedding):
        vector = np.asarray(result.vector, dtype=np.float64)
        head = ", ".join(f"{x:.4f}" for x in vector[:8])
        return [
            f"embedding: {vector.size} values, L2 norm {np.linalg.norm(vector):.4f}",
            f"  first values: [{head}{', ...' if vector.size > 8 else ''}]",
        ]
    if isinstance(result, rt.Notes):
        lines = [f"{len(result.notes)} note(s)", "   onset_s  offset_s  pitch  velocity"]
        return lines + [
            f"  {n.onset:8.3f}  {n.offset:8.3f}  {_note_name(n.pitch):>5}  {n.velocity:8.3f}"
            for n in result.notes
        ]
    audio = audio_of(result)
    if audio and isinstance(result, AudioResult):
        lines = []
        for name, samples in audio.items():
            peak = float(np.max(np.abs(samples))) if samples.size else 0.0
            line = f"{name}: {samples.size / result.sr:.2f} s at {result.sr} Hz, peak {peak:.3f}"
            lines.append(line + (f" -> {written[name]}" if name in written else ""))
        if not written:
            lines.append("(write the audio with --out DIR)")
        return lines
    return [repr(result)]


def describe_event(event: rt.StreamEvent) -> str:
    kind = "final  " if event.is_final else "partial"
    return f"[{event.seq:4d}] segment {event.segment_id} {kind} {event.text}"


def to_json(result: object, written: dict[str, Path] | None = None) -> JSON:
    """A JSON-ready form of a result; audio becomes a summary (and its file paths)."""
    written = written or {}
    audio = audio_of(result)
    if audio and isinstance(result, AudioResult):
        return {
            "type": type(result).__name__,
            "sr": int(result.sr),
            "audio": {
                name: {
                    "samples": int(x.size),
                    "duration_s": x.size / result.sr,
                    "peak": float(np.max(np.abs(x))) if x.size else 0.0,
                    "file": str(written[name]) if name in written else None,
                }
                for name, x in audio.items()
            },
        }
    if isinstance(result, rt.Embedding):
        return {"type": "Embedding", "vector": [float(x) for x in result.vector]}
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        fields: JSONObject = {str(k): _plain(v) for k, v in dataclasses.asdict(result).items()}
        return {"type": type(result).__name__, **fields}
    return _plain(result)


def _plain(value: object) -> JSON:
    """`value` as JSON: mappings and sequences walked, numpy scalars made Python numbers;
    anything else is what json.dumps refuses too."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return _plain(value.item())
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _note_name(pitch: int) -> str:
    return f"{_NOTE_NAMES[pitch % 12]}{pitch // 12 - 1}"
