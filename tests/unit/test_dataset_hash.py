"""A dataset's content hash: the same bytes give the same hash, any changed byte another;
claim measurements on a dataset record it."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import soundfile as sf

from pytest_audiocontract.contracts.binding import Binding
from pytest_audiocontract.gates.measure import ClaimContext, measure
from pytest_audiocontract.packs.loading import load_model
from pytest_audiocontract.spec.dataset_hash import content_hash
from pytest_audiocontract.spec.datasets import fixtures_root, load_dataset
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.model import Claim

REPO = Path(__file__).resolve().parents[2]


def test_a_copy_hashes_the_same_and_a_changed_sample_or_reference_does_not(tmp_path: Path) -> None:
    shutil.copytree(fixtures_root() / "vad", tmp_path / "vad")
    original = content_hash(load_dataset("vad"))
    assert content_hash(load_dataset(tmp_path / "vad")) == original  # moving it changes nothing
    audio_file = tmp_path / "vad" / "audio" / "vad_0001.wav"
    audio, sr = sf.read(audio_file, dtype="int16")
    audio[100] = np.int16(audio[100] + 1)
    sf.write(audio_file, audio, sr, subtype="PCM_16")
    changed_audio = content_hash(load_dataset(tmp_path / "vad"))
    assert changed_audio != original
    manifest = tmp_path / "vad" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("[0.89, 2.8]", "[0.9, 2.8]", 1))
    assert content_hash(load_dataset(tmp_path / "vad")) not in (original, changed_audio)


def test_claim_measurements_record_the_hash() -> None:
    spec = load_pack_spec(REPO / "model_packs" / "reference_vad")
    model = load_model(spec, "default", "cpu")
    dataset = load_dataset("vad")
    for metric, bound in (("vad_f1", "min"), ("rtf", "max")):
        claim = Claim(metric=metric, surface="vad", bound=bound, value=0.5, dataset="vad")
        measured = measure(ClaimContext(claim, Binding(spec, "default", "cpu", model), dataset))
        assert measured.details["dataset_sha256"] == content_hash(dataset)
        assert len(measured.details["dataset_sha256"]) == 64
