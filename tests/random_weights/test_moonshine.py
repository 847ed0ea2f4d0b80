"""Moonshine on a random-weight checkpoint of its real architecture: the builder writes what
upstream publishes, the pack loads it through the real-weights code path, and every asr
contract passes on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-transformers)")
pytest.importorskip("transformers", reason="transformers is not installed (tox -e random-transformers)")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("moonshine")


@pytest.fixture(scope="module")
def asr(checkpoint: Path) -> Any:
    return pack_module("moonshine").load("random", "cpu", model_dir=str(checkpoint))


def test_checkpoint_is_moonshine_tiny_architecture(checkpoint: Path) -> None:
    from transformers import AutoConfig, AutoModelForSpeechSeq2Seq, MoonshineConfig

    config = AutoConfig.from_pretrained(checkpoint)
    tiny = MoonshineConfig()  # transformers' defaults are moonshine-tiny's
    assert config.model_type == "moonshine"
    for key in (
        "hidden_size",
        "intermediate_size",
        "encoder_num_attention_heads",
        "decoder_num_attention_heads",
        "encoder_hidden_act",
        "decoder_hidden_act",
    ):
        assert getattr(config, key) == getattr(tiny, key), key
    model = AutoModelForSpeechSeq2Seq.from_pretrained(checkpoint)
    assert type(model).__name__ == "MoonshineForConditionalGeneration"


def test_checkpoint_has_upstreams_files(checkpoint: Path) -> None:
    from pytest_audiocontract.spec.loader import load_pack_spec

    declared = load_pack_spec(PACKS / "moonshine").weights["random"].files
    for name in (*declared, "generation_config.json", "tokenizer_config.json"):
        assert (checkpoint / name).is_file(), name


def test_transcript_spans_the_input_and_repeats(asr: Any) -> None:
    audio = (0.3 * np.random.default_rng(1).standard_normal(24000)).astype(np.float32)
    first = asr.transcribe(audio, 16000)
    assert first == asr.transcribe(audio, 16000)
    assert first.text  # random weights babble; the budget stops them
    assert [(s.start, s.end) for s in first.segments] == [(0.0, 1.5)]


def test_token_budget_bounds_the_text(asr: Any, checkpoint: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    audio = (0.3 * np.random.default_rng(2).standard_normal(32000)).astype(np.float32)
    text = asr.transcribe(audio, 16000).text
    # 2 s allow int(6.5 * 2) = 13 tokens; re-encoding the decoded text may merge pieces.
    assert len(tokenizer(text, add_special_tokens=False).input_ids) <= 13


def test_shorter_than_the_front_end_is_padded(asr: Any) -> None:
    # 16 samples at 16 kHz: the conv front end alone raises on fewer than 895.
    audio = np.full(16, 0.5, dtype=np.float32)
    result = asr.transcribe(audio, 16000)
    assert all(0.0 <= s.start <= s.end <= 16 / 16000 for s in result.segments)


def test_silence_never_reaches_the_model(asr: Any) -> None:
    for audio in (np.zeros(16000, np.float32), np.full(8000, 5e-5, np.float32), np.zeros(0, np.float32)):
        assert asr.transcribe(audio, 16000).text == ""


def test_real_variant_reads_the_folder_like_random(monkeypatch: pytest.MonkeyPatch, checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_dir

    monkeypatch.setenv("AUDIOCONTRACT_MOONSHINE_DIR", str(checkpoint))
    assert weights_dir(PACKS / "moonshine", "real") == checkpoint


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts("moonshine", {"AUDIOCONTRACT_MOONSHINE_RANDOM_DIR": str(checkpoint)}, tmp_path)
    out = result.stdout
    assert result.returncode == 0, summary(result)
    assert "7 passed, 6 skipped" in out, summary(
        result
    )  # the hallucination rules (5) are skipped on random weights
    assert "AUDIOCONTRACT_MOONSHINE_DIR is not set" in out, summary(result)
