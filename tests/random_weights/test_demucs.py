"""Demucs bags on random-weight checkpoints in a local demucs repo: the builder writes
upstream's layout (htdemucs, htdemucs_ft, htdemucs_6s, mdx_extra), demucs' own loader reads
it, and every separate contract passes on htdemucs and htdemucs_6s (the gate of tox -e
random-demucs runs both packs' contracts too)."""

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


@pytest.mark.parametrize(
    ("bag_name", "count", "extra"),
    [
        ("htdemucs", 1, set()),
        ("htdemucs_ft", 4, {"weights"}),
        ("htdemucs_6s", 1, set()),
        ("mdx_extra", 4, {"segment"}),
    ],
)
def test_repo_has_upstreams_layout(checkpoint: Path, bag_name: str, count: int, extra: set[str]) -> None:
    from demucs.repo import check_checksum

    # Upstream's demucs/remote/<bag>.yaml has these keys: models, and weights or segment.
    bag = yaml.safe_load((checkpoint / f"{bag_name}.yaml").read_text(encoding="utf-8"))
    assert set(bag) == {"models", *extra} and len(bag["models"]) == count
    for signature in bag["models"]:
        assert signature.startswith("0rand0")  # never one of upstream's signatures
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


def test_htdemucs_ft_is_four_htdemucs_one_per_stem(checkpoint: Path) -> None:
    from demucs.apply import BagOfModels
    from demucs.htdemucs import HTDemucs
    from demucs.pretrained import get_model

    bag = get_model("htdemucs_ft", repo=checkpoint)
    assert isinstance(bag, BagOfModels) and len(bag.models) == 4
    assert all(isinstance(m, HTDemucs) and m.segment == bag.models[0].segment for m in bag.models)
    # Upstream's weights: stem i comes from model i alone.
    assert bag.weights == [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
    assert list(bag.sources) == ["drums", "bass", "other", "vocals"]


def test_htdemucs_6s_has_six_sources(checkpoint: Path) -> None:
    from demucs.htdemucs import HTDemucs
    from demucs.pretrained import get_model

    (model,) = get_model("htdemucs_6s", repo=checkpoint).models
    assert isinstance(model, HTDemucs)
    assert list(model.sources) == ["drums", "bass", "other", "vocals", "guitar", "piano"]


def test_mdx_extra_is_four_hybrid_demucs_with_upstreams_segment(checkpoint: Path) -> None:
    from demucs.hdemucs import HDemucs
    from demucs.pretrained import get_model

    bag = get_model("mdx_extra", repo=checkpoint)
    assert len(bag.models) == 4 and all(isinstance(m, HDemucs) for m in bag.models)
    # The bag's `segment: 44` overrides each model's (apply_model splits at 44 s).
    assert all(float(m.segment) == 44.0 for m in bag.models)


@pytest.mark.parametrize(
    ("pack", "variant", "stems"),
    [
        ("demucs", "htdemucs_ft_random", ["bass", "drums", "other", "vocals"]),
        ("demucs", "mdx_extra_random", ["bass", "drums", "other", "vocals"]),
        ("demucs_6s", "random", ["bass", "drums", "guitar", "other", "piano", "vocals"]),
    ],
)
def test_each_variant_separates_into_its_stems(
    checkpoint: Path, pack: str, variant: str, stems: list[str]
) -> None:
    # One call each: a bag of four runs four models over whole segments (tens of seconds on
    # two busy cores), so their full contract runs are left to a user's machine.
    separator = pack_module(pack).load(variant, "cpu", model_dir=str(checkpoint))
    audio = (0.2 * np.random.default_rng(7).standard_normal(12000)).astype(np.float32)
    result = separator.separate(audio, 16000)
    assert result.sr == 16000 and sorted(result.stems) == stems
    for stem in result.stems.values():
        assert stem.dtype == np.float32 and stem.shape == (12000,) and np.isfinite(stem).all()


def test_a_variant_loads_only_its_own_stems(checkpoint: Path) -> None:
    with pytest.raises(ValueError, match=r"htdemucs_6s in .*the demucs_6s pack"):
        pack_module("demucs").load("random", "cpu", model_dir=str(checkpoint), name="htdemucs_6s")


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


def test_every_contract_passes_on_random_weights_6s(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "demucs_6s", {"AUDIOCONTRACT_DEMUCS_RANDOM_DIR": str(checkpoint)}, tmp_path, "--contract-examples=4"
    )
    assert result.returncode == 0, summary(result)
    assert "6 passed" in result.stdout, summary(result)
