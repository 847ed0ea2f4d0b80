"""YAMNet (torch-vggish-yamnet port) on a random-weight checkpoint: the builder writes the
files the port loads, the port's own model and input pipeline run it (torchaudio replaced by
the pack's stand-in where it does not import), and every classify and embed contract passes."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-yamnet)")
# Not importorskip: importing the port imports torchaudio, which fails with OSError here.
if importlib.util.find_spec("torch_vggish_yamnet") is None:
    pytest.skip("torch-vggish-yamnet is not installed (tox -e random-yamnet)", allow_module_level=True)

pytestmark = pytest.mark.slow

# YAMNet as Google publishes it (tensorflow/models research/audioset/yamnet: yamnet.py's
# layer table, params.py; "3.7M weights"): MobileNet v1 on 96x64 log-mel patches.
STRIDES = [2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1]
FILTERS = [32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]
WEIGHTS_M = 3.7
CLASSES = 521
DIM = 1024


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("yamnet")


@pytest.fixture(scope="module")
def yamnet(checkpoint: Path) -> Any:
    return pack_module("yamnet").load("random", "cpu", model_dir=str(checkpoint))


def test_checkpoint_is_yamnet(checkpoint: Path) -> None:
    import torch

    state = torch.load(checkpoint / "yamnet.pth", map_location="cpu", weights_only=True)
    convs = [
        state[f"layer{i}.fused.conv.weight"] if i == 1 else state[f"layer{i}.pointwise_conv.conv.weight"]
        for i in range(1, 15)
    ]
    assert [w.shape[0] for w in convs] == FILTERS
    assert state["classifier.weight"].shape == (CLASSES, DIM)
    weights = sum(
        v.numel()
        for k, v in state.items()
        if not k.endswith(("running_mean", "running_var", "num_batches_tracked"))
    )
    assert round(weights / 1e6, 1) == WEIGHTS_M, weights


def test_strides_and_patch_shape_are_yamnets(yamnet: Any) -> None:
    model = yamnet._model
    strides = [
        getattr(model, name).fused.conv.stride[0]
        if name == "layer1"
        else getattr(model, name).depthwise_conv.conv.stride[0]
        for name in model.layer_names
    ]
    assert strides == STRIDES
    import torch

    patches = yamnet._converter(torch.zeros(1, 16000 * 2), 16000)
    assert tuple(patches.shape[1:]) == (1, 96, 64)  # 0.96 s of 10 ms frames, 64 mel bands


def test_class_map_has_upstreams_columns(checkpoint: Path) -> None:
    lines = (checkpoint / "yamnet_class_map.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "index,mid,display_name"
    assert len(lines) == 1 + CLASSES


def _log_mel_reference(x: np.ndarray) -> np.ndarray:
    """torchaudio's MelSpectrogram as the port configures it, in numpy: centred,
    reflect-padded STFT (periodic Hann of 400 in a 512 FFT, hop 160), magnitude, 64 HTK
    triangles from 125 to 7500 Hz, log(mel + 0.001). Shape (64, frames)."""
    n_fft, win, hop = 512, 400, 160
    padded = np.pad(x, n_fft // 2, mode="reflect")
    window = np.zeros(n_fft)
    window[(n_fft - win) // 2 : (n_fft - win) // 2 + win] = 0.5 - 0.5 * np.cos(
        2 * np.pi * np.arange(win) / win
    )
    frames = np.stack([padded[i : i + n_fft] * window for i in range(0, padded.size - n_fft + 1, hop)])
    magnitude = np.abs(np.fft.rfft(frames, axis=1))  # (frames, 257)
    mel = np.linspace(2595 * np.log10(1 + 125 / 700), 2595 * np.log10(1 + 7500 / 700), 66)
    edges = 700 * (10 ** (mel / 2595) - 1)
    freqs = np.linspace(0, 8000, 257)
    fb = np.maximum(
        0,
        np.minimum(
            (freqs[:, None] - edges[None, :-2]) / np.diff(edges)[None, :-1],
            (edges[None, 2:] - freqs[:, None]) / np.diff(edges)[None, 1:],
        ),
    )
    return np.log(magnitude @ fb + 0.001).T


def test_standin_log_mel_is_torchaudios(yamnet: Any) -> None:
    import torch

    x = (0.3 * np.random.default_rng(7).standard_normal(4000)).astype(np.float32)
    ours = yamnet._converter.mel_trans_ope(torch.from_numpy(x)[None])[0].numpy()
    np.testing.assert_allclose(ours, _log_mel_reference(x.astype(np.float64)), atol=2e-4)


def test_torchaudio_is_the_standin_only_where_torchaudio_fails_and_only_for_the_port() -> None:
    yamnetimport = pack_module("yamnet", "yamnetimport")
    yamnetimport.import_yamnet()
    probe = subprocess.run([sys.executable, "-c", "import torchaudio"], capture_output=True, check=False)
    assert yamnetimport.uses_standin() == (probe.returncode != 0)
    assert str(yamnetimport.STANDIN) not in sys.path
    torchaudio = sys.modules.get("torchaudio")
    assert torchaudio is None or not getattr(torchaudio, "STANDIN", False)


def test_labels_file_is_the_class_map_indices(yamnet: Any) -> None:
    declared = (PACKS / "yamnet" / "labels.txt").read_text(encoding="utf-8").split()
    assert declared == [f"audioset_{i}" for i in range(CLASSES)]
    assert yamnet.display_name("audioset_5") == "random class 5"  # the builder's placeholder


@pytest.mark.parametrize(("size", "sr"), [(1, 8000), (8000, 16000), (3 * 44100, 44100)])
def test_classify_and_embed_shapes(yamnet: Any, size: int, sr: int) -> None:
    audio = (0.2 * np.random.default_rng(size).standard_normal(size)).astype(np.float32)
    result = yamnet.classify(audio, sr, top_k=7)
    scores = [label.score for label in result.labels]
    assert len(scores) == 7 and scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    vector = yamnet.embed(audio, sr).vector
    assert vector.dtype == np.float32 and vector.shape == (DIM,) and np.isfinite(vector).all()


def test_same_input_same_result_and_inputs_differ(yamnet: Any) -> None:
    rng = np.random.default_rng(11)
    noise = (0.3 * rng.standard_normal(16000)).astype(np.float32)
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)).astype(np.float32)
    assert yamnet.classify(noise, 16000) == yamnet.classify(noise, 16000)
    np.testing.assert_array_equal(yamnet.embed(noise, 16000).vector, yamnet.embed(noise, 16000).vector)
    assert not np.allclose(yamnet.embed(noise, 16000).vector, yamnet.embed(tone, 16000).vector)


def test_real_variant_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, checkpoint: Path, tmp_path: Path
) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    adapter = pack_module("yamnet")
    monkeypatch.delenv("AUDIOCONTRACT_YAMNET_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_YAMNET_DIR"):
        adapter.load("real", "cpu")
    monkeypatch.setenv("AUDIOCONTRACT_YAMNET_DIR", str(tmp_path))
    shutil.copy(checkpoint / "yamnet.pth", tmp_path / "yamnet.pth")
    with pytest.raises(MissingRequirement, match=r"lacks yamnet_class_map\.csv"):
        adapter.load("real", "cpu")


def test_a_class_map_that_is_not_yamnets_is_refused(checkpoint: Path, tmp_path: Path) -> None:
    shutil.copy(checkpoint / "yamnet.pth", tmp_path / "yamnet.pth")
    rows = (checkpoint / "yamnet_class_map.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "yamnet_class_map.csv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"should have 0\.\.520"):
        pack_module("yamnet").load("random", "cpu", model_dir=str(tmp_path))


def test_category_metadata_fails_upstream() -> None:
    """Documents an upstream failure (README): the 0.2.1 wheel omits the file that
    `yamnet_category_metadata()` opens. If this starts passing, update the README."""
    yamnet = pack_module("yamnet", "yamnetimport").import_yamnet()
    with pytest.raises(FileNotFoundError, match=r"yamnet_category_meta\.yml"):
        yamnet.yamnet_category_metadata()


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts("yamnet", {"AUDIOCONTRACT_YAMNET_RANDOM_DIR": str(checkpoint)}, tmp_path)
    assert result.returncode == 0, summary(result)
    assert "12 passed" in result.stdout, summary(result)
