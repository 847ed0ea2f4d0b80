"""Parakeet TDT on a random-weight checkpoint of its real architecture: the builder writes the
`.nemo` file upstream publishes, NeMo's `restore_from` + `transcribe` run it through the pack,
and every asr contract passes on it."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-nemo)")
pytest.importorskip("nemo.collections.asr", reason="nemo_toolkit[asr] is not installed (tox -e random-nemo)")

pytestmark = pytest.mark.slow

# parakeet-tdt-0.6b-v2's published model_config.yaml (https://huggingface.co/nvidia/
# parakeet-tdt-0.6b-v2): every width but the layer count.
PUBLISHED = {
    ("preprocessor", "features"): 128,
    ("preprocessor", "n_fft"): 512,
    ("preprocessor", "window_stride"): 0.01,
    ("preprocessor", "normalize"): "per_feature",
    ("encoder", "d_model"): 1024,
    ("encoder", "n_heads"): 8,
    ("encoder", "subsampling"): "dw_striding",
    ("encoder", "subsampling_factor"): 8,
    ("encoder", "subsampling_conv_channels"): 256,
    ("encoder", "ff_expansion_factor"): 4,
    ("encoder", "conv_kernel_size"): 9,
    ("encoder", "att_context_size"): [-1, -1],
    ("decoder", "prednet", "pred_hidden"): 640,
    ("decoder", "prednet", "pred_rnn_layers"): 2,
    ("joint", "jointnet", "joint_hidden"): 640,
    ("joint", "num_extra_outputs"): 5,
    ("decoding", "durations"): [0, 1, 2, 3, 4],
    ("loss", "loss_name"): "tdt",
}


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("parakeet")


@pytest.fixture(scope="module")
def asr(checkpoint: Path) -> Any:
    return pack_module("parakeet").load("random", "cpu", model_dir=str(checkpoint))


def test_checkpoint_is_a_nemo_file_like_upstreams(checkpoint: Path) -> None:
    (nemo,) = checkpoint.glob("*.nemo")
    assert nemo.name == "parakeet-tdt-0.6b-v2.nemo"
    with tarfile.open(nemo) as tar:
        names = {Path(n).name for n in tar.getnames()}
    assert {"model_config.yaml", "model_weights.ckpt"} <= names
    # save_to prefixes artefacts with a hash: <hash>_tokenizer.model, <hash>_vocab.txt
    assert any(n.endswith("_tokenizer.model") for n in names), names


def test_checkpoint_has_the_published_architecture(asr: Any) -> None:
    from nemo.collections.asr.models import EncDecRNNTBPEModel
    from nemo.collections.asr.modules import ConformerEncoder

    model = asr._model
    assert type(model) is EncDecRNNTBPEModel
    assert isinstance(model.encoder, ConformerEncoder)
    for keys, value in PUBLISHED.items():
        node = model.cfg
        for key in keys:
            node = node[key]
        got = list(node) if isinstance(value, list) else node
        assert got == value, keys
    assert model.tokenizer.vocab_size == 1024
    assert model.encoder.d_model == 1024 and len(model.encoder.layers) == 2


def test_transcript_is_deterministic_and_within_the_input(asr: Any) -> None:
    audio = (0.3 * np.random.default_rng(1).standard_normal(24000)).astype(np.float32)
    first = asr.transcribe(audio, 16000)
    assert first == asr.transcribe(audio, 16000)
    assert all(0.0 <= s.start <= s.end <= 1.5 for s in first.segments)
    assert " ".join(s.text for s in first.segments).split() == first.text.split()


def test_any_rate_and_tiny_inputs(asr: Any) -> None:
    rng = np.random.default_rng(2)
    for size, sr in ((1, 8000), (37, 16000), (4410, 44100), (24000, 48000)):
        audio = (0.5 * rng.standard_normal(size)).astype(np.float32)
        result = asr.transcribe(audio, sr)
        assert all(0.0 <= s.start <= s.end <= size / sr for s in result.segments), (size, sr)


def test_silence_never_reaches_the_model(asr: Any) -> None:
    for audio in (np.zeros(16000, np.float32), np.full(8000, 5e-5, np.float32), np.zeros(0, np.float32)):
        assert asr.transcribe(audio, 16000).text == ""


def test_folder_must_hold_one_nemo_file(tmp_path: Path) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    adapter = pack_module("parakeet")
    with pytest.raises(MissingRequirement, match="found none"):
        adapter.find_nemo(tmp_path)
    (tmp_path / "a.nemo").touch()
    (tmp_path / "b.nemo").touch()
    with pytest.raises(MissingRequirement, match=r"found a\.nemo, b\.nemo"):
        adapter.find_nemo(tmp_path)


def test_real_variant_reads_the_folder_like_random(monkeypatch: pytest.MonkeyPatch, checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_dir

    monkeypatch.setenv("AUDIOCONTRACT_PARAKEET_DIR", str(checkpoint))
    assert weights_dir(PACKS / "parakeet", "real") == checkpoint


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts("parakeet", {"AUDIOCONTRACT_PARAKEET_RANDOM_DIR": str(checkpoint)}, tmp_path)
    out = result.stdout
    assert result.returncode == 0, summary(result)
    assert "7 passed, 6 skipped" in out, summary(
        result
    )  # the hallucination rules (5) are skipped on random weights
    assert "AUDIOCONTRACT_PARAKEET_DIR is not set" in out, summary(result)
