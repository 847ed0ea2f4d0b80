"""GLM-ASR-Nano on a random-weight checkpoint of its real architecture: the builder writes
transformers' layout of upstream's files, the pack loads it through the real-weights code path
(the model card's processor call and greedy generate), and every asr contract passes on it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-transformers)")
transformers = pytest.importorskip(
    "transformers", reason="transformers is not installed (tox -e random-transformers)"
)
if not hasattr(transformers, "GlmAsrForConditionalGeneration"):
    pytest.skip(
        f"transformers {transformers.__version__} has no glmasr model (tox -e random-transformers)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow

REAL_ENV = "AUDIOCONTRACT_GLM_ASR_NANO_DIR"
RESERVED = r"<\|reserved_\d+\|>"  # the builder's filler pieces


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("glm_asr_nano")


@pytest.fixture(scope="module")
def asr(checkpoint: Path) -> Any:
    return pack_module("glm_asr_nano").load("random", "cpu", model_dir=str(checkpoint))


def test_checkpoint_is_glm_asr_nano_architecture(checkpoint: Path) -> None:
    from transformers import AutoConfig, GlmAsrConfig

    config = AutoConfig.from_pretrained(checkpoint)
    nano = GlmAsrConfig()  # transformers' defaults are GLM-ASR-Nano-2512's
    assert config.model_type == "glmasr"
    assert config.audio_token_id == nano.audio_token_id
    assert config.tie_word_embeddings == nano.tie_word_embeddings
    for key in (
        "vocab_size",
        "hidden_size",
        "intermediate_size",
        "num_attention_heads",
        "num_key_value_heads",
        "head_dim",
        "hidden_act",
        "eos_token_id",
        "rms_norm_eps",
        "max_position_embeddings",
    ):  # the decoder keeps full width
        assert getattr(config.text_config, key) == getattr(nano.text_config, key), key
    audio, full = config.audio_config, nano.audio_config
    for key in ("num_mel_bins", "hidden_act", "max_position_embeddings", "rope_parameters"):
        assert getattr(audio, key) == getattr(full, key), key
    # The narrower encoder keeps upstream's head size and 4:1 feed-forward (4-frame stacking).
    assert audio.hidden_size // audio.num_attention_heads == full.hidden_size // full.num_attention_heads
    assert audio.intermediate_size == 4 * audio.hidden_size
    assert full.intermediate_size == 4 * full.hidden_size


def test_tokenizer_puts_the_special_tokens_where_the_config_points(checkpoint: Path) -> None:
    from transformers import AutoConfig, AutoProcessor

    config = AutoConfig.from_pretrained(checkpoint)
    processor = AutoProcessor.from_pretrained(checkpoint)
    tokenizer = processor.tokenizer
    assert len(tokenizer) == config.text_config.vocab_size
    assert processor.audio_token_id == config.audio_token_id
    assert tokenizer.convert_ids_to_tokens(config.text_config.eos_token_id) == [
        "<|endoftext|>",
        "<|user|>",
        "<|observation|>",
    ]
    prompt = processor.apply_transcription_request(np.zeros(16000, np.float32), tokenize=False)
    assert prompt[0].startswith("<|user|>\n<|begin_of_audio|><|pad|><|end_of_audio|>")
    assert prompt[0].endswith("Please transcribe this audio into text<|assistant|>\n")


def test_checkpoint_has_upstreams_files(checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_status
    from pytest_audiocontract.spec.loader import load_pack_spec

    spec = load_pack_spec(PACKS / "glm_asr_nano")
    assert weights_status(spec, "random").missing == ()
    for name in (
        "model.safetensors",
        "processor_config.json",
        "chat_template.jinja",
        "generation_config.json",
    ):
        assert (checkpoint / name).is_file(), name


def test_transcript_spans_the_input_and_repeats(asr: Any) -> None:
    audio = (0.3 * np.random.default_rng(1).standard_normal(24000)).astype(np.float32)
    first = asr.transcribe(audio, 16000)
    assert first == asr.transcribe(audio, 16000)
    assert first.text  # random weights write reserved pieces; the budget stops them
    assert [(s.start, s.end) for s in first.segments] == [(0.0, 1.5)]


def test_token_budget_bounds_the_text(asr: Any, checkpoint: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    audio = (0.3 * np.random.default_rng(2).standard_normal(32000)).astype(np.float32)
    text = asr.transcribe(audio, 16000).text
    # A reserved piece is one id, but BPE cannot re-encode it (no merges reach it): count it
    # apart. 2 s allow int(8 * 2) = 16 tokens; re-encoding the rest may merge pieces.
    reserved = re.findall(RESERVED, text)
    rest = tokenizer(re.sub(RESERVED, "", text), add_special_tokens=False).input_ids
    assert 0 < len(reserved) + len(rest) <= 16


def test_one_sample_at_any_rate(asr: Any) -> None:
    for sr in (8000, 48000):
        result = asr.transcribe(np.full(1, 0.5, dtype=np.float32), sr)
        assert all(0.0 <= s.start <= s.end <= 1 / sr for s in result.segments)


def test_silence_never_reaches_the_model(asr: Any) -> None:
    for audio in (np.zeros(16000, np.float32), np.full(8000, 5e-5, np.float32), np.zeros(0, np.float32)):
        assert asr.transcribe(audio, 16000).text == ""


def test_real_variant_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    monkeypatch.delenv(REAL_ENV, raising=False)
    with pytest.raises(MissingRequirement, match=REAL_ENV):
        pack_module("glm_asr_nano").load("real", "cpu")
    monkeypatch.setenv(REAL_ENV, str(tmp_path))
    with pytest.raises(MissingRequirement, match=r"lacks config\.json, model\*\.safetensors"):
        pack_module("glm_asr_nano").load("real", "cpu")


def test_real_variant_reads_the_folder_like_random(monkeypatch: pytest.MonkeyPatch, checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_dir

    monkeypatch.setenv(REAL_ENV, str(checkpoint))
    assert weights_dir(PACKS / "glm_asr_nano", "real") == checkpoint


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "glm_asr_nano",
        {"AUDIOCONTRACT_GLM_ASR_NANO_RANDOM_DIR": str(checkpoint)},
        tmp_path,
        "--contract-examples=4",
    )
    out = result.stdout
    assert result.returncode == 0, summary(result)
    assert "7 passed, 6 skipped" in out, summary(
        result
    )  # the hallucination rules (5) are skipped on random weights
    assert f"{REAL_ENV} is not set" in out, summary(result)
