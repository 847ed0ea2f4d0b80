"""The real VoiceFilter-Lite pack: its d-vectors tell speakers apart, and its stems are aligned
with the input, as long as it, and add up to it."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import soundfile as sf
import yaml
from pack_adapters import adapter_module

pytest.importorskip(
    "voicefilter_lite",
    reason="open-voicefilter-lite is not installed (model_packs/voicefilter_lite)",
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "model_packs" / "voicefilter_lite"
PAIRS = ROOT / "fixtures" / "speaker_pairs"
MIXTURES = ROOT / "fixtures" / "mixtures"


def _adapter() -> ModuleType:
    return adapter_module("voicefilter_lite")


@pytest.fixture(scope="module")
def model() -> object:
    return _adapter().load("default", "cpu")


def _manifest(root: Path) -> list[dict[str, object]]:
    if not (root / "manifest.yaml").exists():
        pytest.skip(f"{root} is missing: python fixtures/build.py {root.name}")
    return yaml.safe_load((root / "manifest.yaml").read_text())["items"]  # type: ignore[no-any-return]


def _read(path: Path) -> tuple[np.ndarray, int]:
    audio, sr = sf.read(path, dtype="float32")
    return audio, sr


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b))


def test_every_same_speaker_pair_is_closer_than_every_different_one(model: object) -> None:
    same: list[float] = []
    different: list[float] = []
    for item in _manifest(PAIRS):
        a = model.embed(*_read(PAIRS / str(item["a"]))).vector  # type: ignore[attr-defined]
        b = model.embed(*_read(PAIRS / str(item["b"]))).vector  # type: ignore[attr-defined]
        (same if item["same"] else different).append(_cosine(a, b))
    assert min(same) > max(different), f"same-speaker {same}, different-speaker {different}"


@pytest.mark.parametrize("length", [0, 1, 100, 511, 512, 16000])
@pytest.mark.parametrize("sr", [8000, 16000, 44100])
def test_embedding_is_a_unit_256_vector_for_any_length(model: object, length: int, sr: int) -> None:
    audio = np.random.default_rng(length).uniform(-0.3, 0.3, length).astype(np.float32)
    vector = model.embed(audio, sr).vector  # type: ignore[attr-defined]
    assert vector.shape == (256,) and vector.dtype == np.float32
    assert np.all(np.isfinite(vector)) and np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-4)


def test_target_stem_is_aligned_with_the_input(model: object) -> None:
    item = _manifest(MIXTURES)[0]
    mixture, sr = _read(MIXTURES / str(item["file"]))
    target = model.separate(mixture, sr).stems["target"]  # type: ignore[attr-defined]
    lags = np.arange(-300, 301)
    best = int(lags[int(np.argmax([np.dot(np.roll(target, -lag), mixture) for lag in lags]))])
    assert best == 0, f"target stem lags the input by {best} samples, but should by 0"


@pytest.mark.parametrize("length", [0, 1, 100, 1600, 16001])
@pytest.mark.parametrize("sr", [8000, 16000, 44100])
def test_stems_are_as_long_as_the_input_and_add_up_to_it(model: object, length: int, sr: int) -> None:
    audio = np.random.default_rng(length).uniform(-0.5, 0.5, length).astype(np.float32)
    result = model.separate(audio, sr)  # type: ignore[attr-defined]
    assert result.sr == sr and set(result.stems) == {"target", "interferer"}
    for stem in result.stems.values():
        assert stem.shape == (length,) and stem.dtype == np.float32
    total = result.stems["target"] + result.stems["interferer"]
    np.testing.assert_allclose(total, audio, atol=1e-6)


def test_enrolment_clip_is_used_and_calls_are_independent(model: object) -> None:
    item = _manifest(MIXTURES)[1]
    mixture, sr = _read(MIXTURES / str(item["file"]))
    enrolment = _read(MIXTURES / str(item["enrolment"]))
    first = model.separate(mixture, sr, enrolment=enrolment).stems["target"]  # type: ignore[attr-defined]
    own_start = model.separate(mixture, sr).stems["target"]  # type: ignore[attr-defined]
    again = model.separate(mixture, sr, enrolment=enrolment).stems["target"]  # type: ignore[attr-defined]
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, own_start), "the enrolment clip made no difference at all"
