"""Whisper large-v3 and distil-large-v3 with random weights, as CTranslate2 models.

Writes what https://huggingface.co/Systran/faster-whisper-large-v3 and
https://huggingface.co/Systran/faster-distil-whisper-large-v3 publish: model.bin (float16),
config.json, vocabulary.json, tokenizer.json and preprocessor_config.json. The path is
upstream's own: a transformers `WhisperForConditionalGeneration` saved to a folder, then
CTranslate2's transformers converter with `--copy_files tokenizer.json
preprocessor_config.json --quantization float16`.

The architecture is large-v3's (d_model 1280, 20 heads, FFN 5120, 128 mel bins, 1500 audio
positions, 448 text positions, the 51866-token vocabulary); the encoder has 1 layer instead
of 32 and the decoder 1 (large-v3: 32) or 2 (distil-large-v3: 2, as upstream). The tokenizer
is large-v3's, built from the BPE ranks that the openai-whisper package ships
(assets/multilingual.tiktoken) plus its 1609 special tokens.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

SEED = 0
# large-v3's widths (openai/whisper-large-v3 config.json).
D_MODEL = 1280
HEADS = 20
FFN = 5120
MEL_BINS = 128
VOCAB = 51866
LANGUAGES = 100  # large-v3 added Cantonese to v2's 99
# Token ids of large-v3's vocabulary (its special tokens follow the 50257 BPE tokens).
EOT = 50257
SOT = 50258
NO_TIMESTAMPS = 50364
SPACE = 220


@dataclass(frozen=True)
class Shape:
    """Layer counts of one checkpoint (the widths are large-v3's in both)."""

    encoder_layers: int
    decoder_layers: int


SHAPES = {
    "whisper_large_v3": Shape(encoder_layers=1, decoder_layers=1),
    "whisper_distil_large_v3": Shape(encoder_layers=1, decoder_layers=2),
}


def build(out_dir: Path, name: str = "whisper_large_v3") -> None:
    """Write the CTranslate2 checkpoint `name` (a key of SHAPES) into `out_dir` (empty)."""
    if name not in SHAPES:
        raise ValueError(f"name={name!r}, but should be one of {', '.join(SHAPES)}")
    import ctranslate2

    with tempfile.TemporaryDirectory(prefix="whisper-hf-") as tmp:
        hf_dir = Path(tmp)
        whisper_tokenizer = openai_whisper_tokenizer()
        save_tokenizer(hf_dir, whisper_tokenizer)
        save_transformers_model(hf_dir, SHAPES[name], whisper_tokenizer)
        converter = ctranslate2.converters.TransformersConverter(
            str(hf_dir), copy_files=["tokenizer.json", "preprocessor_config.json"]
        )
        converter.convert(str(out_dir), quantization="float16", force=True)
    patch_lang_ids(out_dir / "config.json", whisper_tokenizer)


def openai_whisper_tokenizer() -> Any:
    """openai-whisper's large-v3 tokenizer (`whisper.tokenizer.get_tokenizer`).

    `whisper/tokenizer.py` is loaded on its own: importing the `whisper` package would import
    numba and triton, which the builder does not need (they are installed without deps)."""
    module = _whisper_tokenizer_module()
    return module.get_tokenizer(multilingual=True, num_languages=LANGUAGES, language="en", task="transcribe")


def _whisper_tokenizer_module() -> ModuleType:
    spec = importlib.util.find_spec("whisper")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "the builder needs openai-whisper's tokenizer assets: "
            "pip install --no-deps openai-whisper tiktoken",
            name="whisper",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "tokenizer.py"
    module_spec = importlib.util.spec_from_file_location("_openai_whisper_tokenizer", path)
    assert module_spec is not None and module_spec.loader is not None
    if module_spec.name in sys.modules:
        return sys.modules[module_spec.name]
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_spec.name] = module  # dataclasses look their module up there
    module_spec.loader.exec_module(module)
    return module


def save_tokenizer(hf_dir: Path, whisper_tokenizer: Any) -> None:
    """Write large-v3's tokenizer.json (and tokenizer_config.json) into `hf_dir`.

    The BPE is converted from the tiktoken ranks by transformers' `TikTokenConverter`; the
    special tokens (end of text, start of transcript, 100 languages, tasks, 1501 timestamps)
    are added in id order, so every id is the one openai-whisper uses."""
    from tokenizers import AddedToken
    from transformers import PreTrainedTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    from builders.whisper_tokenizer import whisper_asset

    encoding = whisper_tokenizer.encoding
    ranks = whisper_asset("assets/multilingual.tiktoken")  # the BPE ranks large-v3 uses
    tok = TikTokenConverter(vocab_file=str(ranks), pattern=encoding._pat_str).converted()
    specials = sorted(encoding._special_tokens.items(), key=lambda item: item[1])
    assert tok.get_vocab_size() == specials[0][1] == EOT, tok.get_vocab_size()
    tok.add_special_tokens([AddedToken(text, special=True, normalized=False) for text, _ in specials])
    assert tok.get_vocab_size() == VOCAB, tok.get_vocab_size()
    languages = [
        encoding.decode_single_token_bytes(token).decode("utf-8")
        for token in sorted(whisper_tokenizer.all_language_tokens)
    ]
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<|endoftext|>",
        eos_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=languages,
    )
    fast.save_pretrained(str(hf_dir))


def save_transformers_model(hf_dir: Path, shape: Shape, whisper_tokenizer: Any) -> None:
    """Write a random-weight `WhisperForConditionalGeneration` with large-v3's widths, its
    generation config and a 128-bin feature extractor's preprocessor_config.json."""
    import torch
    from transformers import WhisperConfig, WhisperFeatureExtractor, WhisperForConditionalGeneration

    suppress = suppress_tokens(whisper_tokenizer)
    config = WhisperConfig(
        vocab_size=VOCAB,
        num_mel_bins=MEL_BINS,
        d_model=D_MODEL,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=HEADS,
        decoder_attention_heads=HEADS,
        encoder_ffn_dim=FFN,
        decoder_ffn_dim=FFN,
        max_source_positions=1500,
        max_target_positions=448,
        bos_token_id=EOT,
        eos_token_id=EOT,
        pad_token_id=EOT,
        decoder_start_token_id=SOT,
        begin_suppress_tokens=[SPACE, EOT],
        suppress_tokens=suppress,
    )
    torch.manual_seed(SEED)
    model = WhisperForConditionalGeneration(config).eval()
    generation = model.generation_config
    generation.suppress_tokens = suppress
    generation.begin_suppress_tokens = [SPACE, EOT]
    generation.no_timestamps_token_id = NO_TIMESTAMPS
    generation.is_multilingual = True
    model.save_pretrained(str(hf_dir))
    WhisperFeatureExtractor(feature_size=MEL_BINS).save_pretrained(str(hf_dir))


def suppress_tokens(whisper_tokenizer: Any) -> list[int]:
    """large-v3's `suppress_tokens`: openai-whisper's non-speech tokens and the task tokens."""
    t = whisper_tokenizer
    return sorted({*t.non_speech_tokens, t.translate, t.transcribe, t.sot, t.sot_prev, t.sot_lm, t.no_speech})


def patch_lang_ids(config_json: Path, whisper_tokenizer: Any) -> None:
    """Write large-v3's 100 language token ids, sorted as upstream's config.json lists them.

    The converter takes them from the generation config's `lang_to_id`, which the generation
    config transformers 5 derives from a `WhisperConfig` lacks (upstream's comes from the
    hub), else from the tokenizer's extra special tokens, in the tokenizer's order.
    CTranslate2's language detection picks among exactly these ids."""
    config = json.loads(config_json.read_text(encoding="utf-8"))
    config["lang_ids"] = sorted(whisper_tokenizer.all_language_tokens)
    config_json.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
