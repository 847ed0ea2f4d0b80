"""HTDemucs on a random-weight checkpoint in a local demucs repo: the builder writes
upstream's layout, demucs' own loader reads it, and every separate contract passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from rwkit import build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-demucs)")
pytest.importorskip("demucs", reason="demucs is not installed (tox -e random-demucs)")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("demucs")


@pytest.fixture(scope="module")
def separator(checkpoint: Path) -> Any:
    return pack_module("demucs").load("random", "cpu", model_dir=str(checkpoint))


def test_repo_has_upstreams_layout(checkpoint: Path) -> None:
    from demucs.repo import check_checksum

    bag = yaml.safe_load((checkpoint / "htdemucs.yaml").read_text(encoding="utf-8"))
    (signature,) = bag["models"]
    (model_file,) = checkpoint.glob(f"{signature}-*.th")
    check_checksum(model_file, model_file.stem.rsplit("-", 1)[1])  # raises on a mismatch


def test_demucs_loads_an_htdemucs(checkpoint: Path) -> None:
    from demucs.htdemucs import HTDemucs
    from demucs.pretrained import get_model

    bag = get_model("htdemucs", repo=checkpoint)
    (model,) = bag.models
    assert isinstance(model, HTDemucs)
    assert (model.samplerate, model.audio_channels) == (44100, 2)
    assert list(model.sources) == ["drums", "bass", "other", "vocals"]


@pytest.mark.parametrize(("size", "sr"), [(1, 8000), (4000, 8000), (22050, 44100)])
def test_stems_match_the_input(separator: Any, size: int, sr: int) -> None:
    audio = (0.2 * np.random.default_rng(size).standard_normal(size)).astype(np.float32)
    stems = separator.separate(audio, sr)
    assert stems.sr == sr
    assert sorted(stems.stems) == ["bass", "drums", "other", "vocals"]
    for stem in stems.stems.values():
        assert stem.dtype == np.float32 and stem.shape == (size,)
        assert np.isfinite(stem).all()  # a one-sample input has no deviation to normalise by


def test_same_input_same_stems(separator: Any) -> None:
    audio = (0.2 * np.random.default_rng(3).standard_normal(8000)).astype(np.float32)
    first, second = separator.separate(audio, 16000), separator.separate(audio, 16000)
    for name, stem in first.stems.items():
        np.testing.assert_array_equal(stem, second.stems[name])


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    # Each call runs whole 7.8 s segments (several seconds on two cores): fewer examples.
    result = run_contracts(
        "demucs", {"AUDIOCONTRACT_DEMUCS_RANDOM_DIR": str(checkpoint)}, tmp_path, "--contract-examples=4"
    )
    assert result.returncode == 0, summary(result)
    assert "6 passed" in result.stdout, summary(result)
