"""Deliberately broken packs: for every contract rule, a pack that breaks exactly that rule.

Each case wraps one reference pack's model and changes its result in one way. Many breakages
show only on some inputs (odd lengths, high rates, long or silent audio), so Hypothesis has to
find them. The hallucination rules' cases wrap the fixture oracle (fixture_oracle.py), which
holds them all (the reference packs opt out of some, with their reasons): the change is to
the text it gives for an input.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

REFERENCE_PACKS = Path(__file__).resolve().parents[2] / "model_packs"
ORACLE = Path(__file__).resolve().with_name("fixture_oracle.py")


@dataclass(frozen=True)
class Broken:
    surface: str
    rule: str
    body: str  # the wrapper method's body: `r` is the reference result, `audio`/`sr`/`text` inputs
    oracle: bool = False  # wraps the fixture oracle's text_for: `r` is its text (str)

    @property
    def pack_id(self) -> str:
        return f"broken_{self.surface}_{self.rule}"[:60]


REFERENCE_OF = {
    "asr": "reference_asr",
    "asr_stream": "reference_asr_stream",
    "tts": "reference_tts",
    "classify": "reference_classify",
    "embed": "reference_embed",
    "enhance": "reference_enhance",
    "separate": "reference_separate",
    "music_transcription": "reference_music_transcription",
    "vad": "reference_vad",
    "diarize": "reference_diarize",
}

SIGNATURES = {
    "asr": ("transcribe(self, audio, sr)", "self.inner.transcribe(audio, sr)"),
    "tts": ("synthesize(self, text, voice=None)", "self.inner.synthesize(text, voice)"),
    "classify": (
        "classify(self, audio, sr, top_k=5, labels=None)",
        "self.inner.classify(audio, sr, top_k, labels=labels)",
    ),
    "embed": ("embed(self, audio, sr)", "self.inner.embed(audio, sr)"),
    "enhance": ("enhance(self, audio, sr)", "self.inner.enhance(audio, sr)"),
    "separate": ("separate(self, audio, sr)", "self.inner.separate(audio, sr)"),
    "music_transcription": ("transcribe_notes(self, audio, sr)", "self.inner.transcribe_notes(audio, sr)"),
    "vad": ("detect_speech(self, audio, sr)", "self.inner.detect_speech(audio, sr)"),
    "diarize": ("diarize(self, audio, sr)", "self.inner.diarize(audio, sr)"),
}

CASES = [
    # enhance
    Broken(
        "enhance",
        "returns_result_type",
        "if audio.size > 3 * sr:\n    raise ValueError('too long')\nreturn r",
    ),
    Broken(
        "enhance",
        "finite_outputs",
        "if silent(audio):\n    return r\na = r.audio.copy()\na[0] = NAN\nreturn Enhanced(a, r.sr)",
    ),
    Broken(
        "enhance",
        "deterministic",
        "if silent(audio):\n    return r\n"
        "return Enhanced((r.audio * (1 + 0.1 * self.rng.random())).astype(np.float32), r.sr)",
    ),
    Broken("enhance", "length_matches_input", "return Enhanced(r.audio[:-1], r.sr) if audio.size % 2 else r"),
    Broken("enhance", "rate_matches_input", "return Enhanced(r.audio, 16000)"),
    Broken(
        "enhance",
        "silence_stays_silent",
        "if silent(audio):\n    return Enhanced(np.full_like(r.audio, 0.01), r.sr)\nreturn r",
    ),
    # asr
    Broken("asr", "returns_result_type", "return {'text': r.text} if sr < 12000 else r"),
    Broken(
        "asr",
        "finite_outputs",
        "if not r.segments:\n    return r\n"
        "return replace(r, segments=[replace(r.segments[0], end=NAN), *r.segments[1:]])",
    ),
    Broken(
        "asr",
        "deterministic",
        "return replace(r, text=r.text + ' ' + str(self.rng.random())) if r.text else r",
    ),
    Broken(
        "asr",
        "segments_within_duration",
        "return replace(r, segments=[replace(s, start=s.start + 1, end=s.end + 1) for s in r.segments])",
    ),
    Broken(
        "asr",
        "segments_ordered",
        "if not r.segments:\n    return r\ns = r.segments[0]\n"
        "return replace(r, segments=[replace(s, start=s.end, end=s.start), *r.segments[1:]])",
    ),
    Broken("asr", "silence_gives_empty_text", "return Transcript('uh', [], 'en') if silent(audio) else r"),
    # tts
    Broken(
        "tts",
        "returns_result_type",
        "return Speech(r.audio.astype(np.float64), r.sr) if len(text) > 3 else r",
    ),
    Broken(
        "tts",
        "finite_outputs",
        "if not r.audio.size:\n    return r\na = r.audio.copy()\na[0] = NAN\nreturn Speech(a, r.sr)",
    ),
    Broken(
        "tts",
        "deterministic",
        "return Speech((r.audio * (0.5 + 0.1 * self.rng.random())).astype(np.float32), r.sr)",
    ),
    Broken("tts", "text_gives_audio", "return Speech(r.audio * 3, r.sr) if len(text) > 10 else r"),
    Broken(
        "tts",
        "blank_text_gives_no_audio",
        "return Speech(np.zeros(100, np.float32), 16000) if not text.strip() else r",
    ),
    Broken(
        "tts",
        "any_unicode_is_safe",
        "if text.strip() and not any(c.isalnum() for c in text):\n    raise KeyError(text)\nreturn r",
    ),
    # classify
    Broken("classify", "returns_result_type", "return Classification(tuple(r.labels))"),
    Broken(
        "classify",
        "finite_outputs",
        "if len(r.labels) < 2:\n    return r\n"
        "return Classification([*r.labels[:-1], Label(r.labels[-1].name, NAN)])",
    ),
    Broken(
        "classify",
        "deterministic",
        "k = 0.9 + 0.05 * self.rng.random()\n"
        "return Classification([Label(x.name, x.score * k) for x in r.labels])",
    ),
    Broken("classify", "at_most_top_k", "return self.inner.classify(audio, sr, top_k + 1, labels=labels)"),
    Broken(
        "classify",
        "scores_in_unit_interval",
        "return Classification([Label(x.name, x.score * 2.5) for x in r.labels])",
    ),
    Broken("classify", "sorted_by_score", "return Classification(list(reversed(r.labels)))"),
    Broken(
        "classify",
        "labels_declared",
        "if labels is not None:\n    return r\n"
        "return Classification([Label(x.name.upper(), x.score) for x in r.labels])",
    ),
    # the labels of the call are ignored: the declared ones come back
    Broken(
        "classify",
        "per_call_labels_returned",
        "return r if labels is None else self.inner.classify(audio, sr, top_k)",
    ),
    # embed
    Broken("embed", "returns_result_type", "return Embedding(r.vector.astype(np.float64))"),
    Broken(
        "embed",
        "finite_outputs",
        "if silent(audio):\n    return r\nv = r.vector.copy()\nv[0] = NAN\nreturn Embedding(v)",
    ),
    Broken(
        "embed", "deterministic", "return Embedding((r.vector + 0.01 * self.rng.random()).astype(np.float32))"
    ),
    Broken("embed", "vector_length_is_dim", "return Embedding(r.vector[:-1]) if sr > 30000 else r"),
    # separate
    Broken("separate", "returns_result_type", "return Stems(list(r.stems.values()), r.sr)"),
    Broken(
        "separate",
        "finite_outputs",
        "if silent(audio):\n    return r\nlow = r.stems['low'].copy()\nlow[0] = NAN\n"
        "return Stems({**r.stems, 'low': low}, r.sr)",
    ),
    Broken(
        "separate",
        "deterministic",
        "k = np.float32(1 + 0.1 * self.rng.random())\n"
        "return Stems({**r.stems, 'high': r.stems['high'] * k}, r.sr)",
    ),
    Broken(
        "separate", "declared_stems", "return Stems({'low': r.stems['low'], 'treble': r.stems['high']}, r.sr)"
    ),
    Broken(
        "separate",
        "stems_match_input",
        "if audio.size % 2:\n    return Stems({**r.stems, 'low': r.stems['low'][:-1]}, r.sr)\nreturn r",
    ),
    # music_transcription
    Broken(
        "music_transcription",
        "returns_result_type",
        "return Notes([replace(n, pitch=float(n.pitch)) for n in r.notes])",
    ),
    Broken(
        "music_transcription", "finite_outputs", "return Notes([replace(n, velocity=NAN) for n in r.notes])"
    ),
    Broken(
        "music_transcription",
        "deterministic",
        "k = 0.5 + 0.1 * self.rng.random()\n"
        "return Notes([replace(n, velocity=n.velocity * k) for n in r.notes])",
    ),
    Broken(
        "music_transcription",
        "notes_within_duration",
        "return Notes([replace(n, offset=n.offset + 1.0) for n in r.notes])",
    ),
    Broken(
        "music_transcription",
        "pitch_in_midi_range",
        "return Notes([replace(n, pitch=n.pitch + 128) for n in r.notes])",
    ),
    Broken(
        "music_transcription",
        "velocity_in_unit_interval",
        "return Notes([replace(n, velocity=1.5) for n in r.notes])",
    ),
    Broken("music_transcription", "sorted_by_onset", "return Notes(list(reversed(r.notes)))"),
    # vad
    Broken("vad", "returns_result_type", "return SpeechRegions([list(x) for x in r.regions])"),
    Broken(
        "vad",
        "finite_outputs",
        "if not r.regions:\n    return r\nreturn SpeechRegions([(r.regions[0][0], NAN), *r.regions[1:]])",
    ),
    Broken(
        "vad",
        "deterministic",
        "d = 1e-3 * self.rng.random()\nreturn SpeechRegions([(a, b - d) for a, b in r.regions])",
    ),
    Broken(
        "vad",
        "regions_sorted_disjoint",
        "return SpeechRegions([*r.regions, r.regions[-1]]) if r.regions else r",
    ),
    Broken(
        "vad", "regions_within_duration", "return SpeechRegions([(a + 1.0, b + 1.0) for a, b in r.regions])"
    ),
    Broken(
        "vad",
        "silence_gives_no_regions",
        "if silent(audio) and audio.size:\n    return SpeechRegions([(0.0, audio.size / sr)])\nreturn r",
    ),
]

DIARIZE_CASES = [
    Broken("diarize", "returns_result_type", "return Diarization(tuple(r.turns))"),
    Broken(
        "diarize",
        "finite_outputs",
        "if not r.turns:\n    return r\nreturn Diarization([replace(r.turns[0], end=NAN), *r.turns[1:]])",
    ),
    Broken(
        "diarize",
        "deterministic",
        "d = 1e-3 * self.rng.random()\nreturn Diarization([replace(t, end=t.end - d) for t in r.turns])",
    ),
    Broken(
        "diarize",
        "turns_within_duration",
        "return Diarization([replace(t, start=t.start + 1.0, end=t.end + 1.0) for t in r.turns])",
    ),
    Broken(
        "diarize",
        "turns_ordered",
        "if not r.turns:\n    return r\nt = r.turns[0]\n"
        "return Diarization([replace(t, start=t.end, end=t.start), *r.turns[1:]])",
    ),
    Broken(
        "diarize",
        "speaker_labels_are_strings",
        "return Diarization([replace(t, speaker=int(t.speaker[3:])) for t in r.turns])",
    ),
    Broken(
        "diarize",
        "silence_gives_no_turns",
        "if silent(audio) and audio.size:\n    return Diarization([Turn(0.0, audio.size / sr, 'spk0')])\n"
        "return r",
    ),
    Broken(
        "diarize",
        "single_speaker_gives_one_speaker",
        "return Diarization([replace(t, speaker=f'spk{i % 2}') for i, t in enumerate(r.turns)])",
    ),
]
CASES += DIARIZE_CASES

# asr_stream breakages are methods of a stream wrapper (see STREAM_WRAPPER below).
STREAM_CASES = [
    Broken(
        "asr_stream",
        "seq_strictly_increasing",
        "def fix(self, events):\n    return [replace(e, seq=0) for e in events]",
    ),
    Broken(
        "asr_stream",
        "segment_ids_stable",
        "def fix(self, events):\n    return [replace(e, segment_id=0) for e in events]",
    ),
    Broken(
        "asr_stream",
        "finalize_idempotent",
        "def finalize(self):\n    t = self.inner.finalize()\n    self.calls += 1\n"
        "    return t if self.calls == 1 else replace(t, text=t.text + ' again')",
    ),
    Broken(
        "asr_stream",
        "push_after_end_raises",
        "def push_audio(self, chunk):\n    if self.ended:\n        return []\n"
        "    return self.fix(self.inner.push_audio(chunk))",
    ),
    Broken(
        "asr_stream",
        "close_always_safe",
        "def close(self):\n    if self.closed:\n        raise RuntimeError('closed twice')\n"
        "    self.closed = True\n    self.ended = True\n    self.inner.close()",
    ),
    Broken(
        "asr_stream",
        "finals_join_to_transcript",
        "def finalize(self):\n    self.ended = True\n"
        "    t = self.inner.finalize()\n    return replace(t, text=t.text + ' extra') if t.text else t",
    ),
    Broken(
        "asr_stream",
        "interleaved_streams_independent",
        "def fix(self, events):\n    if self.model.open_streams > 1:\n"
        "        return [e for e in events if e.is_final]\n    return events",
    ),
    Broken(
        "asr_stream",
        "returns_result_type",
        "def finalize(self):\n    self.ended = True\n    t = self.inner.finalize()\n"
        "    return {'text': t.text} if self.sr < 12000 else t",
    ),
    Broken(
        "asr_stream",
        "finite_outputs",
        "def finalize(self):\n    self.ended = True\n    t = self.inner.finalize()\n"
        "    return replace(t, segments=[replace(s, end=NAN) for s in t.segments])",
    ),
    Broken(
        "asr_stream",
        "deterministic",
        "def finalize(self):\n    self.ended = True\n    t = self.inner.finalize()\n"
        "    return replace(t, segments=[replace(s, start=s.start + self.jitter) "
        "for s in t.segments])",
    ),
]

# Hallucination breakages, one per rule, the same for asr and asr_stream (text_for's body).
_HALLUCINATIONS = {
    "no_text_on_non_speech": "if not r and not silent(audio) and audio.size >= sr:\n"
    "    return 'thank you'\nreturn r",
    # 40 made-up words, none repeated: too many for the time, but no loop
    "words_per_second_ceiling": "if not r:\n    return r\n"
    "return r + ' ' + ' '.join(chr(97 + i // 26) + chr(97 + i % 26) + 'x' for i in range(40))",
    # the last three words, three more times (a decoder stuck at the end of the speech)
    "no_runaway_repetition": "words = r.split()\n"
    "return ' '.join(words + words[-3:] * 3) if len(words) >= 5 else r",
    # quiet speech loses the second half of its words
    "stable_under_gain": "if r and float(np.max(np.abs(audio))) < 0.5:\n"
    "    words = r.split()\n    return ' '.join(words[: len(words) // 2])\nreturn r",
    # a quarter second of digital silence first, and all but the first word are lost
    "stable_under_padding": "loud = np.flatnonzero(audio)\n"
    "if r and loud.size and loud[0] >= sr // 4:\n    return r.split()[0]\nreturn r",
}
HALLUCINATION_CASES = [
    Broken(surface, rule, body, oracle=True)
    for surface in ("asr", "asr_stream")
    for rule, body in _HALLUCINATIONS.items()
] + [
    Broken(
        "asr_stream",
        "silence_gives_empty_text",
        "return 'uh' if silent(audio) and audio.size else r",
        oracle=True,
    )
]

PREAMBLE = '''"""Broken on purpose: {surface}::{rule} (a pytest-audiocontract test pack)."""

import importlib.util
import random
from dataclasses import replace

import numpy as np

from pytest_audiocontract import (Classification, Diarization, Embedding, Enhanced, Label, Notes,
                                  Speech, SpeechRegions, Stems, Transcript, Turn)

NAN = float("nan")  # one object, so equal results stay equal (tuple comparison checks identity)
_spec = importlib.util.spec_from_file_location("_reference_{pack_id}", {reference!r})
_reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_reference)


def silent(audio):
    return audio.size == 0 or float(np.max(np.abs(audio))) < 1e-4
'''

MODEL_WRAPPER = """

class Broken:
    def __init__(self):
        self.inner = _reference.load("default", "cpu")
        self.rng = random.Random()

    def {signature}:
        r = {call}
{body}


def load(variant, device):
    return Broken()
"""

STREAM_WRAPPER = """

class WrappedStream:
    def __init__(self, inner, model, sr):
        self.inner, self.model, self.sr = inner, model, sr
        self.calls, self.ended, self.closed, self.counted = 0, False, False, True
        self.jitter = model.rng.random() * 1e-3
        model.open_streams += 1

    def fix(self, events):
        return events

    def push_audio(self, chunk):
        return self.fix(self.inner.push_audio(chunk))

    def flush(self):
        return self.fix(self.inner.flush())

    def finalize(self):
        self.ended = True
        return self.inner.finalize()

    def close(self):
        self.ended = True
        if self.counted:
            self.model.open_streams -= 1
            self.counted = False
        self.inner.close()

{methods}


class Broken:
    def __init__(self):
        self.inner = _reference.load("default", "cpu")
        self.rng = random.Random()
        self.open_streams = 0

    def start_stream(self, sr):
        return BrokenStream(self.inner.start_stream(sr), self, sr)


def load(variant, device):
    return Broken()
"""


ORACLE_WRAPPER = """

class Broken(_reference.{base}):
    def text_for(self, audio, sr):
        r = super().text_for(audio, sr)
{body}


def load(variant, device):
    return Broken()
"""

ORACLE_CLAIMS = """\
id: {pack_id}
name: fixture oracle, broken on purpose ({surface}::{rule})
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
surfaces:
  {surface}:
    sample_rate: 16000
"""


def adapter_source(case: Broken) -> str:
    if case.oracle:
        head = PREAMBLE.format(
            surface=case.surface, rule=case.rule, pack_id=case.pack_id, reference=str(ORACLE)
        )
        base = "OracleStreamModel" if case.surface == "asr_stream" else "OracleAsr"
        return head + ORACLE_WRAPPER.format(base=base, body=textwrap.indent(case.body, "        "))
    reference = str(REFERENCE_PACKS / REFERENCE_OF[case.surface] / "adapter.py")
    head = PREAMBLE.format(surface=case.surface, rule=case.rule, pack_id=case.pack_id, reference=reference)
    if case.surface == "asr_stream":
        methods = "class BrokenStream(WrappedStream):\n" + textwrap.indent(case.body, "    ")
        return head + STREAM_WRAPPER.format(methods=methods)
    signature, call = SIGNATURES[case.surface]
    return head + MODEL_WRAPPER.format(
        signature=signature, call=call, body=textwrap.indent(case.body, "        ")
    )


def claims_source(case: Broken) -> str:
    if case.oracle:
        return ORACLE_CLAIMS.format(pack_id=case.pack_id, surface=case.surface, rule=case.rule)
    text = (REFERENCE_PACKS / REFERENCE_OF[case.surface] / "claims.yaml").read_text()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    body = "\n".join(lines).split("\nclaims:")[0]  # contracts only; claims are tested elsewhere
    return body.replace(f"id: {REFERENCE_OF[case.surface]}", f"id: {case.pack_id}") + "\n"
