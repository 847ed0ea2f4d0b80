"""DeepFilterNet 3 on a random-weight checkpoint: the builder writes upstream's folder layout
and config, df's own init_df/enhance run it (torchaudio replaced by the pack's stand-in where
it does not import), and every enhance contract passes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, ROOT, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-deepfilternet)")
pytest.importorskip("libdf", reason="deepfilternet is not installed (tox -e random-deepfilternet)")

pytestmark = pytest.mark.slow

# DeepFilterNet 3 as upstream publishes it (DeepFilterNet3/config.ini) and describes it
# (Schröter et al., 2023: 2.13 M parameters).
DF3 = {
    "sr": 48000,
    "fft_size": 960,
    "hop_size": 480,
    "nb_erb": 32,
    "nb_df": 96,
    "df_order": 5,
    "df_lookahead": 2,
    "conv_ch": 64,
    "emb_hidden_dim": 256,
    "df_hidden_dim": 256,
    "emb_num_layers": 3,
    "df_num_layers": 2,
    "lin_groups": 16,
    "enc_lin_groups": 32,
}
DF3_PARAMETERS_M = 2.13


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("deepfilternet")


@pytest.fixture(scope="module")
def enhancer(checkpoint: Path) -> Any:
    return pack_module("deepfilternet").load("random", "cpu", model_dir=str(checkpoint))


def test_folder_has_upstreams_layout(checkpoint: Path) -> None:
    import torch

    (best,) = checkpoint.glob("checkpoints/model_*.ckpt.best")  # what init_df(epoch="best") reads
    state = torch.load(best, map_location="cpu")
    assert isinstance(state, dict) and all(isinstance(v, torch.Tensor) for v in state.values())
    assert (checkpoint / "config.ini").is_file()


def test_checkpoint_is_deepfilternet3(enhancer: Any) -> None:
    from df.deepfilternet3 import DfNet
    from df.model import ModelParams

    params = ModelParams()  # what init_df read from the folder's config.ini
    assert {key: getattr(params, key) for key in DF3} == DF3
    model = enhancer._model
    assert isinstance(model, DfNet)
    count = sum(p.numel() for p in model.parameters())
    assert abs(count / 1e6 - DF3_PARAMETERS_M) < 0.01, count


def test_torchaudio_is_the_standin_only_where_torchaudio_fails_and_only_for_df() -> None:
    dfimport = pack_module("deepfilternet", "dfimport")
    dfimport.import_df()
    probe = subprocess.run([sys.executable, "-c", "import torchaudio"], capture_output=True, check=False)
    assert dfimport.uses_standin() == (probe.returncode != 0)
    assert str(dfimport.STANDIN) not in sys.path
    torchaudio = sys.modules.get("torchaudio")
    assert torchaudio is None or not getattr(torchaudio, "STANDIN", False)


@pytest.mark.parametrize(("size", "sr"), [(1, 8000), (333, 16000), (16000, 16000), (24000, 48000)])
def test_output_matches_the_input(enhancer: Any, size: int, sr: int) -> None:
    audio = (0.2 * np.random.default_rng(size).standard_normal(size)).astype(np.float32)
    out = enhancer.enhance(audio, sr)
    assert out.sr == sr and out.audio.dtype == np.float32 and out.audio.shape == (size,)
    assert np.isfinite(out.audio).all()


def test_same_input_same_output_and_silence_stays_silent(enhancer: Any) -> None:
    audio = (0.2 * np.random.default_rng(5).standard_normal(8000)).astype(np.float32)
    np.testing.assert_array_equal(enhancer.enhance(audio, 16000).audio, enhancer.enhance(audio, 16000).audio)
    assert np.abs(enhancer.enhance(np.zeros(8000, np.float32), 16000).audio).max() < 1e-3


def test_a_checkpoint_that_does_not_fit_is_refused(checkpoint: Path, tmp_path: Path) -> None:
    import torch

    shutil.copy(checkpoint / "config.ini", tmp_path / "config.ini")
    (tmp_path / "checkpoints").mkdir()
    (best,) = checkpoint.glob("checkpoints/model_*.ckpt.best")
    state = torch.load(best, map_location="cpu")
    dropped = next(iter(k for k in state if k.endswith("weight")))
    del state[dropped]
    torch.save(state, tmp_path / "checkpoints" / best.name)
    # df's own loader only logs this and keeps the random tensor; the pack refuses it.
    with pytest.raises(ValueError, match="parameters differ"):
        pack_module("deepfilternet").load("random", "cpu", model_dir=str(tmp_path))


def test_real_variant_names_what_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    adapter = pack_module("deepfilternet")
    monkeypatch.delenv("AUDIOCONTRACT_DEEPFILTERNET_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_DEEPFILTERNET_DIR"):
        adapter.load("real", "cpu")
    monkeypatch.setenv("AUDIOCONTRACT_DEEPFILTERNET_DIR", str(tmp_path))
    (tmp_path / "config.ini").write_text("[train]\nmodel = deepfilternet3\n", encoding="utf-8")
    with pytest.raises(MissingRequirement, match=r"checkpoints/model_\*\.ckpt\.best"):
        adapter.load("real", "cpu")


# In a child process: df's config is one global, which this would overwrite.
DF2_DEFAULTS = textwrap.dedent("""
    import sys, tempfile, pathlib, torch
    sys.path.insert(0, sys.argv[1])
    from dfimport import import_df
    enhance = import_df()
    from df.config import config
    from df.model import ModelParams, init_model
    from libdf import DF
    folder = pathlib.Path(tempfile.mkdtemp())
    (folder / "config.ini").write_text("[train]\\nmodel = deepfilternet2\\n")
    config.load(str(folder / "config.ini"), config_must_exist=True, allow_reload=True)
    p = ModelParams()
    state = DF(sr=p.sr, fft_size=p.fft_size, hop_size=p.hop_size, nb_bands=p.nb_erb)
    (folder / "checkpoints").mkdir()
    torch.save(init_model(state).state_dict(), folder / "checkpoints" / "model_1.ckpt.best")
    model, state, _ = enhance.init_df(str(folder), log_level="none", log_file=None)
    enhance.enhance(model, state, 0.1 * torch.randn(1, 48000))
""")


def test_deepfilternet2_forward_fails_upstream() -> None:
    """Documents an upstream failure (README): DeepFilterNet 2 with df's own defaults for it
    (dfop_method real_unfold) fails in its forward pass. If this starts passing, upstream
    fixed it: update the README."""
    result = subprocess.run(
        [sys.executable, "-c", DF2_DEFAULTS, str(PACKS / "deepfilternet")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode != 0, result.stdout
    assert "RuntimeError: view size is not compatible with input tensor's size" in result.stderr
    assert "DfOutputReshapeOld" in result.stderr or "deepfilternet2.py" in result.stderr


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "deepfilternet", {"AUDIOCONTRACT_DEEPFILTERNET_RANDOM_DIR": str(checkpoint)}, tmp_path
    )
    assert result.returncode == 0, summary(result)
    assert "7 passed" in result.stdout, summary(result)
