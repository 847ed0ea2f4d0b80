"""config/pipelines/sortformer_parakeet.yaml on random weights: Sortformer's turns, each
transcribed alone by Parakeet TDT, give a speaker-attributed transcript. Random weights say
nothing about who spoke or what was said: this checks the flow (each turn's audio reaches
parakeet alone, its segments carry the turn's speaker, on the input's timeline)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rwkit import ROOT, build

pytest.importorskip("torch", reason="torch is not installed (tox -e random-nemo)")
pytest.importorskip("nemo.collections.asr", reason="nemo_toolkit[asr] is not installed (tox -e random-nemo)")

pytestmark = pytest.mark.slow

CONFIG = ROOT / "config" / "pipelines" / "sortformer_parakeet.yaml"


@pytest.fixture(scope="module")
def checkpoints() -> tuple[Path, Path]:
    # The packs' random variants read the builders' caches (tox -e random-nemo builds both).
    return build("sortformer"), build("parakeet")


def test_each_turn_is_transcribed_alone_under_its_speaker(checkpoints: tuple[Path, Path]) -> None:
    from pytest_audiocontract.pipelines import load_pipeline
    from pytest_audiocontract.spec.datasets import load_dataset
    from pytest_audiocontract.types import Diarization, Transcript

    pipeline = load_pipeline(CONFIG)
    dataset = load_dataset("conversations")
    item = dataset.items[0]
    assert item.file is not None
    audio, sr = dataset.audio(item.file)
    result = pipeline.run(audio, sr)
    diarization, transcript = result.artifacts["diarize"], result.final
    assert isinstance(diarization, Diarization) and isinstance(transcript, Transcript)
    assert list(result.artifacts) == ["diarize", "transcribe"]
    # The flow is only exercised when the random diarizer gives turns and parakeet writes
    # text for some of them; on this input both happen (random weights, fixed seed).
    assert diarization.turns and transcript.segments, (diarization, transcript)

    # What the pipeline should have done: parakeet on each turn's samples, on its own.
    parakeet = pipeline.model(pipeline.steps[1])
    expected: list[str] = []
    for turn in sorted(diarization.turns, key=lambda t: (t.start, t.end, t.speaker)):
        first, last = int(np.floor(turn.start * sr)), min(audio.size, int(np.ceil(turn.end * sr)))
        text = " ".join(parakeet.transcribe(audio[first:last], sr).text.split()) if last > first else ""
        if text:
            expected.append(text)
    assert transcript.text == " ".join(expected)
    speakers = {t.speaker for t in diarization.turns}
    for segment in transcript.segments:
        assert segment.speaker in speakers
        own = [t for t in diarization.turns if t.speaker == segment.speaker]
        assert any(t.start - 0.01 <= segment.start <= segment.end <= t.end + 0.02 for t in own), segment
