"""NB-Whisper small in ONNX on a random-weight checkpoint of its real architecture: the
builder writes upstream's onnx/ folder layout, the pack loads it through the real-weights code
path (optimum's ORTModelForSpeechSeq2Seq on onnxruntime), and every asr contract passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

_REASON = "{} is not installed (tox -e random-nb-whisper-onnx)"
pytest.importorskip("onnxruntime", reason=_REASON.format("onnxruntime"))
pytest.importorskip("optimum.onnxruntime", reason=_REASON.format("optimum-onnx"))
pytest.importorskip("transformers", reason=_REASON.format("transformers"))

pytestmark = pytest.mark.slow

# What https://huggingface.co/NbAiLab/nb-whisper-small/tree/main/onnx lists.
UPSTREAM_FILES = (
    "added_tokens.json",
    "config.json",
    "decoder_model.onnx",
    "decoder_with_past_model.onnx",
    "encoder_model.onnx",
    "generation_config.json",
    "merges.txt",
    "normalizer.json",
    "preprocessor_config.json",
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.json",
)


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("nb_whisper_onnx")


@pytest.fixture(scope="module")
def asr(checkpoint: Path) -> Any:
    return pack_module("nb_whisper_onnx").load("random", "cpu", model_dir=str(checkpoint))


def noise(seconds: float, seed: int, sr: int = 16000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.3 * rng.standard_normal(int(seconds * sr))).astype(np.float32)


def test_checkpoint_is_whisper_small_architecture(checkpoint: Path) -> None:
    from transformers import AutoConfig, WhisperConfig

    config = AutoConfig.from_pretrained(checkpoint)
    # transformers' WhisperConfig defaults are whisper-tiny's; whisper-small's published
    # config.json (openai/whisper-small) has these widths.
    small = {
        "d_model": 768,
        "encoder_attention_heads": 12,
        "decoder_attention_heads": 12,
        "encoder_ffn_dim": 3072,
        "decoder_ffn_dim": 3072,
        "num_mel_bins": 80,
        "max_source_positions": 1500,
        "max_target_positions": 448,
        "vocab_size": 51865,
    }
    assert config.model_type == "whisper"
    assert {key: getattr(config, key) for key in small} == small
    assert WhisperConfig().d_model != small["d_model"]  # the comparison is not with defaults


def test_onnx_graphs_have_whisper_small_shapes(checkpoint: Path) -> None:
    import onnxruntime

    def outputs(name: str) -> dict[str, list[Any]]:
        session = onnxruntime.InferenceSession(str(checkpoint / name), providers=["CPUExecutionProvider"])
        return {o.name: o.shape for o in session.get_outputs()}

    assert outputs("encoder_model.onnx")["last_hidden_state"][1:] == [1500, 768]
    assert outputs("decoder_model.onnx")["logits"][2] == 51865
    # 12 heads of 64: the self-attention cache the with-past decoder hands back.
    assert outputs("decoder_with_past_model.onnx")["present.0.decoder.key"][1::2] == [12, 64]


def test_checkpoint_has_upstreams_files(checkpoint: Path) -> None:
    from pytest_audiocontract.spec.loader import load_pack_spec

    declared = load_pack_spec(PACKS / "nb_whisper_onnx").weights["random"].files
    assert set(declared) <= set(UPSTREAM_FILES)
    assert sorted(p.name for p in checkpoint.iterdir() if p.name != "BUILT") == sorted(UPSTREAM_FILES)


def test_tokenizer_is_whispers_multilingual_vocabulary(checkpoint: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    assert len(tokenizer) == 51865
    # Whisper's published ids (openai-whisper's tokenizer, whisper-small's configs).
    assert tokenizer.convert_tokens_to_ids(
        [
            "<|endoftext|>",
            "<|startoftranscript|>",
            "<|en|>",
            "<|no|>",
            "<|nn|>",
            "<|transcribe|>",
            "<|notimestamps|>",
            "<|0.00|>",
        ]
    ) == [50257, 50258, 50259, 50288, 50342, 50359, 50363, 50364]
    text = "Dette er en prøve på norsk tale."
    assert tokenizer.decode(tokenizer(text, add_special_tokens=False).input_ids) == text
    generation = json.loads((checkpoint / "generation_config.json").read_text("utf-8"))
    assert generation["lang_to_id"]["<|no|>"] == 50288
    assert generation["task_to_id"] == {"transcribe": 50359, "translate": 50358}


def test_transcript_spans_the_input_and_repeats(asr: Any) -> None:
    audio = noise(1.5, seed=1)
    first = asr.transcribe(audio, 16000)
    assert first == asr.transcribe(audio, 16000)
    assert first.text  # seed 1's random decoder writes text tokens; the budget stops it
    assert first.language == "no"
    assert [(s.start, s.end) for s in first.segments] == [(0.0, 1.5)]


def test_token_budget_bounds_the_decoder(asr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted on generate's ids: re-encoding the decoded text may split pieces differently.
    model = asr._model
    original = model.generate
    lengths: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        ids = original(*args, **kwargs)
        lengths.append(int(ids.shape[-1]))
        return ids

    monkeypatch.setattr(model, "generate", counting)
    assert asr.transcribe(noise(1.0, seed=2), 16000).text
    # The prompt (start, language, task, no-timestamps) and 1 s's ceil(12 * 1) = 12 tokens.
    assert lengths and lengths[0] <= 4 + 12


def test_longer_than_a_window_gives_one_segment_per_window(asr: Any) -> None:
    result = asr.transcribe(noise(31.0, seed=3, sr=8000), 8000)
    assert [(s.start, s.end) for s in result.segments] == [(0.0, 30.0), (30.0, 31.0)]
    assert result.text == " ".join(s.text for s in result.segments)


def test_silence_never_reaches_the_model(asr: Any) -> None:
    for audio in (np.zeros(16000, np.float32), np.full(8000, 5e-5, np.float32), np.zeros(0, np.float32)):
        assert asr.transcribe(audio, 16000).text == ""


def test_language_is_checked(checkpoint: Path) -> None:
    with pytest.raises(ValueError, match="language='sv'"):
        pack_module("nb_whisper_onnx").load("random", "cpu", model_dir=str(checkpoint), language="sv")


def test_real_variant_reads_the_folder_like_random(monkeypatch: pytest.MonkeyPatch, checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_dir

    monkeypatch.setenv("AUDIOCONTRACT_NB_WHISPER_ONNX_DIR", str(checkpoint))
    assert weights_dir(PACKS / "nb_whisper_onnx", "real") == checkpoint


def test_real_variant_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_audiocontract.errors import MissingRequirement

    monkeypatch.delenv("AUDIOCONTRACT_NB_WHISPER_ONNX_DIR", raising=False)
    with pytest.raises(MissingRequirement, match="AUDIOCONTRACT_NB_WHISPER_ONNX_DIR"):
        pack_module("nb_whisper_onnx").load("real", "cpu")


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "nb_whisper_onnx", {"AUDIOCONTRACT_NB_WHISPER_ONNX_RANDOM_DIR": str(checkpoint)}, tmp_path
    )
    assert result.returncode == 0, summary(result)
    assert " failed" not in result.stdout, summary(result)
    assert " passed" in result.stdout, summary(result)
