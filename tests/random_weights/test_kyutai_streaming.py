"""Kyutai STT on a random-weight checkpoint of its real architecture: the builder writes what
upstream publishes, moshi's loaders read it as they read real weights, the pack streams it
frame by frame, and every asr_stream contract passes on it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import build, pack_module, run_contracts, summary

# moshi wraps functions in torch.compile when imported without it, and importorskip imports it.
os.environ.setdefault("NO_TORCH_COMPILE", "1")
pytest.importorskip("torch", reason="torch is not installed (tox -e random-kyutai)")
pytest.importorskip("moshi", reason="moshi is not installed (tox -e random-kyutai)")
pytest.importorskip("sentencepiece", reason="sentencepiece is not installed (tox -e random-kyutai)")

pytestmark = pytest.mark.slow

UPSTREAM_FILES = (
    "config.json",
    "model.safetensors",
    "mimi-pytorch-e351c8d8@125.safetensors",
    "tokenizer_en_fr_audio_8000.model",
)


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("kyutai_streaming")


@pytest.fixture(scope="module")
def model(checkpoint: Path) -> Any:
    return pack_module("kyutai_streaming").load("random", "cpu", model_dir=str(checkpoint))


def _tensors(path: Path) -> dict[str, tuple[int, ...]]:
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        return {k: tuple(f.get_slice(k).get_shape()) for k in f.keys()}  # noqa: SIM118


def _stream(model: Any, audio: np.ndarray, sr: int, chunk: int) -> tuple[list[Any], str]:
    stream = model.start_stream(sr)
    events = []
    for start in range(0, audio.size, chunk):
        events += stream.push_audio(audio[start : start + chunk])
    events += stream.flush()
    text = stream.finalize().text
    stream.close()
    return events, text


def _noise(seconds: float, sr: int, seed: int) -> np.ndarray:
    return (0.3 * np.random.default_rng(seed).standard_normal(int(seconds * sr))).astype(np.float32)


def test_checkpoint_is_stt_1b_architecture(checkpoint: Path) -> None:
    from moshi.models import loaders

    config = json.loads((checkpoint / "config.json").read_text(encoding="utf-8"))
    assert config["model_type"] == "stt"
    # Audio side: moshi's Mimi (2048-entry codebooks), all 32 codebooks in, no depformer.
    assert config["card"] == loaders._quantizer_kwargs["bins"] == 2048
    assert config["n_q"] == loaders._quantizer_kwargs["n_q"] == 32
    assert config["dep_q"] == 0 and config["delays"] == [0] * 33
    # LM: the published 1B's head width (2048 / 16), feed-forward scale, gating and norm.
    assert config["dim"] // config["num_heads"] == 2048 // 16
    for key in ("hidden_scale", "gating", "norm", "positional_embedding"):
        assert config[key] == loaders._lm_kwargs[key], key
    assert config["context"] == 750 and config["max_period"] == 100000
    assert config["stt_config"]["audio_delay_seconds"] == 0.5
    # The files hold exactly what moshi's constructors build from this config.
    info = pack_module("kyutai_streaming").checkpoint_info(checkpoint)
    lm = info.get_moshi(device="cpu", load_weight=False)
    assert _tensors(checkpoint / "model.safetensors") == {
        k: tuple(v.shape) for k, v in lm.state_dict().items()
    }
    mimi = loaders.get_mimi(None, device="cpu")  # upstream's Mimi, unchanged
    assert _tensors(checkpoint / "mimi-pytorch-e351c8d8@125.safetensors") == {
        k: tuple(v.shape) for k, v in mimi.state_dict().items()
    }


def test_checkpoint_has_upstreams_files_and_tokenizer(checkpoint: Path) -> None:
    import sentencepiece

    for name in UPSTREAM_FILES:
        assert (checkpoint / name).is_file(), name
    config = json.loads((checkpoint / "config.json").read_text(encoding="utf-8"))
    assert (config["mimi_name"], config["tokenizer_name"]) == UPSTREAM_FILES[2:]
    tok = sentencepiece.SentencePieceProcessor(str(checkpoint / UPSTREAM_FILES[3]))
    assert tok.vocab_size() == config["text_card"] == 8000
    # Kyutai's ids: 0 <unk>, 1 <s>, 2 </s>, 3 <pad> (the LM's text padding id).
    assert [tok.id_to_piece(i) for i in range(4)] == ["<unk>", "<s>", "</s>", "<pad>"]
    assert config["existing_text_padding_id"] == 3


def test_partials_arrive_while_pushing_and_repeat(model: Any) -> None:
    audio = _noise(1.0, 24000, seed=1)
    first = _stream(model, audio, 24000, 1920)
    assert any(not e.is_final and e.text for e in first[0][:-1])  # random weights babble
    assert first[0][-1].is_final and first[0][-1].text == first[1]
    assert _stream(model, audio, 24000, 1920) == first


def test_any_chunk_size_gives_the_same_events(model: Any) -> None:
    import torch

    audio = _noise(0.6, 16000, seed=2)
    threads = torch.get_num_threads()
    whole = _stream(model, audio, 16000, audio.size)
    assert _stream(model, audio, 16000, 333) == whole  # buffered into 80 ms frames
    assert torch.get_num_threads() == threads  # the adapter gives torch's setting back


def test_streams_interleaved_keep_their_own_state(model: Any) -> None:
    a, b = _noise(0.5, 24000, seed=3), _noise(0.5, 24000, seed=4)
    alone = [_stream(model, a, 24000, 960), _stream(model, b, 24000, 960)]
    sa, sb = model.start_stream(24000), model.start_stream(24000)
    events: list[list[Any]] = [[], []]
    for start in range(0, a.size, 960):
        events[0] += sa.push_audio(a[start : start + 960])
        events[1] += sb.push_audio(b[start : start + 960])
    together = []
    for stream, got in zip((sa, sb), events, strict=True):
        got += stream.flush()
        together.append((got, stream.finalize().text))
    assert together == alone


def test_no_audio_gives_an_empty_transcript(model: Any) -> None:
    stream = model.start_stream(8000)
    assert stream.flush() == []
    assert stream.finalize().text == ""
    stream.close()
    stream.close()


def test_real_variant_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytest_audiocontract.errors import MissingRequirement
    from pytest_audiocontract.packs.weights import weights_dir

    adapter = pack_module("kyutai_streaming")
    monkeypatch.delenv("AUDIOCONTRACT_KYUTAI_STREAMING_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_KYUTAI_STREAMING_DIR"):
        adapter.load("real", "cpu")
    monkeypatch.setenv("AUDIOCONTRACT_KYUTAI_STREAMING_DIR", str(tmp_path))
    with pytest.raises(MissingRequirement, match=r"lacks config\.json, model\.safetensors"):
        weights_dir(adapter.__file__, "real")


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "kyutai_streaming",
        {"AUDIOCONTRACT_KYUTAI_STREAMING_RANDOM_DIR": str(checkpoint)},
        tmp_path,
        "--contract-examples=4",
    )
    out = result.stdout
    assert result.returncode == 0, summary(result)
    # the hallucination rules (6, silence included) are skipped on random weights
    assert " passed, 7 skipped" in out and " failed" not in out, summary(result)
    assert "AUDIOCONTRACT_KYUTAI_STREAMING_DIR is not set" in out, summary(result)
