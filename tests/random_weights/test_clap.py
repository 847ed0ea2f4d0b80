"""LAION-CLAP on a random-weight checkpoint of its real architecture: the builder writes what
upstream publishes (the checkpoint and a roberta-base folder), laion_clap's own loader reads
it, and every embed and classify contract passes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from rwkit import ROOT, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-clap)")
pytest.importorskip("torchvision", reason="torchvision is not installed (tox -e random-clap)")
# Not importorskip: `import laion_clap` loads three tokenizers by relative name, which only
# resolve inside a weights folder (elsewhere it waits on the hub).
if importlib.util.find_spec("laion_clap") is None:
    pytest.skip("laion-clap is not installed (tox -e random-clap)", allow_module_level=True)

pytestmark = pytest.mark.slow

CLAIMS = yaml.safe_load((ROOT / "model_packs" / "clap" / "claims.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("clap")


@pytest.fixture(scope="module")
def clap(checkpoint: Path) -> Any:
    return pack_module("clap").load("random", "cpu", model_dir=str(checkpoint))


@pytest.fixture(scope="module")
def state_dict(checkpoint: Path) -> dict[str, Any]:
    import torch

    saved = torch.load(checkpoint / "630k-audioset-best.pt", map_location="cpu", weights_only=False)
    return dict(saved["state_dict"])


def test_folder_has_the_declared_files(checkpoint: Path) -> None:
    for name in CLAIMS["weights"]["files"]:
        assert (checkpoint / name).is_file(), name


def test_checkpoint_has_upstreams_layout(state_dict: dict[str, Any]) -> None:
    # Upstream's file: {"state_dict": {"module.<name>": tensor}}, trained under DDP, saved
    # with the position_ids buffer that laion_clap's loader deletes by name.
    assert all(key.startswith("module.") for key in state_dict)
    assert "module.text_branch.embeddings.position_ids" in state_dict
    assert "module.logit_scale_a" in state_dict


def test_checkpoint_is_the_non_fusion_htsat_tiny_model(clap: Any, state_dict: dict[str, Any]) -> None:
    # laion_clap's own config of the model (clap_module is on sys.path once it is imported).
    from clap_module.factory import _MODEL_CONFIGS

    cfg = _MODEL_CONFIGS["HTSAT-tiny"]
    # HTSAT-tiny: patch embedding of 96 channels, stages of depth 2, 2, 6, 2; widths double.
    assert state_dict["module.audio_branch.patch_embed.proj.weight"].shape[0] == 96
    for stage, depth in enumerate((2, 2, 6, 2)):
        blocks = {
            k.split(".")[5] for k in state_dict if k.startswith(f"module.audio_branch.layers.{stage}.blocks.")
        }
        assert len(blocks) == depth, stage
    assert state_dict["module.audio_branch.norm.weight"].shape == (768,)
    assert cfg["audio_cfg"]["sample_rate"] == 48000
    # Both projections end in CLAP's 512-d joint space.
    assert state_dict["module.audio_projection.2.weight"].shape == (512, 512)
    assert state_dict["module.text_projection.2.weight"].shape == (512, 512)
    assert not any("fusion" in k for k in state_dict)


def test_the_mel_front_end_is_upstreams(state_dict: dict[str, Any]) -> None:
    import librosa

    # torchlibrosa's LogmelFilterBank holds librosa's filters for HTSAT-tiny's front end:
    # 48 kHz, 1024-point FFT, 64 bands from 50 Hz to 14 kHz.
    melW = state_dict["module.audio_branch.logmel_extractor.melW"].numpy()
    expected = librosa.filters.mel(sr=48000, n_fft=1024, n_mels=64, fmin=50, fmax=14000).T
    np.testing.assert_allclose(melW, expected, rtol=1e-5, atol=1e-7)


def test_roberta_base_has_its_widths_and_special_tokens(checkpoint: Path) -> None:
    from transformers import RobertaTokenizer

    config = json.loads((checkpoint / "roberta-base" / "config.json").read_text(encoding="utf-8"))
    # roberta-base's published config.json; only the depth and vocabulary size are smaller.
    published = {
        "hidden_size": 768,
        "num_attention_heads": 12,
        "intermediate_size": 3072,
        "max_position_embeddings": 514,
        "type_vocab_size": 1,
        "layer_norm_eps": 1e-5,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "model_type": "roberta",
    }
    assert {k: config[k] for k in published} == published
    tokenizer = RobertaTokenizer.from_pretrained(checkpoint / "roberta-base")
    ids = {t: tokenizer.convert_tokens_to_ids(t) for t in ("<s>", "<pad>", "</s>", "<unk>")}
    assert ids == {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    assert tokenizer.convert_tokens_to_ids("<mask>") == config["vocab_size"] - 1


def test_embedding_is_512_d_unit_and_repeats(clap: Any) -> None:
    audio = (0.3 * np.random.default_rng(1).standard_normal(24000)).astype(np.float32)
    first = clap.embed(audio, 16000).vector
    assert first.shape == (512,) and first.dtype == np.float32
    assert abs(float(np.linalg.norm(first)) - 1.0) < 1e-4
    np.testing.assert_array_equal(first, clap.embed(audio, 16000).vector)


def test_embedding_is_upstreams_audio_embedding(clap: Any) -> None:
    # Under 10 s the adapter adds nothing to laion_clap's own call but resampling.
    audio = (0.3 * np.random.default_rng(2).standard_normal(48000)).astype(np.float32)
    upstream = clap._module.get_audio_embedding_from_data([audio])[0]
    np.testing.assert_allclose(clap.embed(audio, 48000).vector, upstream, atol=1e-5)


def test_over_ten_seconds_is_windowed_not_cropped_at_random(clap: Any) -> None:
    audio = (0.3 * np.random.default_rng(3).standard_normal(48000 * 12)).astype(np.float32)
    first = clap.embed(audio, 48000).vector
    np.testing.assert_array_equal(first, clap.embed(audio, 48000).vector)
    windows = clap._module.get_audio_embedding_from_data([audio[:480000], audio[480000:]])
    mean = windows.mean(axis=0)
    np.testing.assert_allclose(first, mean / np.linalg.norm(mean), atol=1e-5)


def test_empty_input_is_embedded_as_one_zero_sample(clap: Any) -> None:
    # laion_clap's repeat-padding divides by the input's length.
    empty = clap.embed(np.zeros(0, np.float32), 48000).vector
    np.testing.assert_allclose(empty, clap.embed(np.zeros(1, np.float32), 48000).vector, atol=1e-6)


def test_classify_ranks_the_declared_labels_by_text_similarity(clap: Any) -> None:
    labels = CLAIMS["surfaces"]["classify"]["labels"]
    assert clap.labels == labels
    audio = (0.3 * np.random.default_rng(4).standard_normal(16000)).astype(np.float32)
    result = clap.classify(audio, 16000, top_k=len(labels))
    assert sorted(label.name for label in result.labels) == sorted(labels)
    assert abs(sum(label.score for label in result.labels) - 1.0) < 1e-6
    # The best label is the prompt whose text embedding is nearest the audio embedding.
    similarity = clap.text_embeddings @ clap.embed(audio, 16000).vector
    assert result.labels[0].name == labels[int(np.argmax(similarity))]
    assert [label.name for label in clap.classify(audio, 16000, top_k=3).labels] == [
        label.name for label in result.labels[:3]
    ]


def test_classify_ranks_the_labels_of_the_call(clap: Any) -> None:
    # Zero-shot: the call's labels are prompted the same way and scored against the audio.
    audio = (0.3 * np.random.default_rng(5).standard_normal(16000)).astype(np.float32)
    labels = ["dog barking", "Siren", "音楽", "glass breaking"]
    result = clap.classify(audio, 16000, top_k=10, labels=labels)
    assert sorted(label.name for label in result.labels) == sorted(labels)
    assert abs(sum(label.score for label in result.labels) - 1.0) < 1e-6
    prompts = [f"This is a sound of {label.lower()}." for label in labels]
    texts = np.asarray(clap._module.get_text_embedding(prompts), np.float64)
    assert result.labels[0].name == labels[int(np.argmax(texts @ clap.embed(audio, 16000).vector))]
    assert len(clap.classify(audio, 16000, top_k=2, labels=labels).labels) == 2
    # The declared labels are unchanged by a call with others.
    assert {label.name for label in clap.classify(audio, 16000, top_k=8).labels} == set(clap.labels)


def test_real_variant_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    adapter = pack_module("clap")
    monkeypatch.delenv("AUDIOCONTRACT_CLAP_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_CLAP_DIR"):
        adapter.load("real")
    monkeypatch.setenv("AUDIOCONTRACT_CLAP_DIR", str(tmp_path))
    with pytest.raises(MissingRequirement, match=r"lacks 630k-audioset-best\.pt"):
        adapter.load("real")


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    # Every call runs a whole 10 s clip through HTSAT: 4 examples per rule keep this in minutes.
    result = run_contracts(
        "clap", {"AUDIOCONTRACT_CLAP_RANDOM_DIR": str(checkpoint)}, tmp_path, "--contract-examples=4"
    )
    out = result.stdout
    assert result.returncode == 0, summary(result)
    assert " failed" not in out and " passed" in out, summary(result)
    assert "AUDIOCONTRACT_CLAP_DIR is not set" in out, summary(result)
