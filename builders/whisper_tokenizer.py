"""Whisper's multilingual tokenizer (51865 ids), written as Hugging Face saves it.

No package ships the Hugging Face files (vocab.json, merges.txt, tokenizer.json), but the
`openai-whisper` package ships the same vocabulary as `whisper/assets/multilingual.tiktoken`
and the English spelling map as `whisper/normalizers/english.json`. This converts them the way
transformers' own Whisper conversion does: 50257 byte-level BPE tokens, then `<|endoftext|>`,
`<|startoftranscript|>`, 99 language tokens, the task and control tokens, and 1501 timestamp
tokens. openai-whisper is only read (installed with `--no-deps`): nothing imports it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

NUM_LANGUAGES = 99  # whisper-small and every model before large-v3
TIMESTAMPS = 1501  # <|0.00|> .. <|30.00|>, 20 ms apart
CONTROL = [
    "<|translate|>",
    "<|transcribe|>",
    "<|startoflm|>",
    "<|startofprev|>",
    "<|nocaptions|>",
    "<|notimestamps|>",
]
ENDOFTEXT = "<|endoftext|>"


def whisper_asset(relative: str) -> Path:
    """A file of the installed openai-whisper package, found without importing it (its
    `__init__` needs numba, which this environment leaves out)."""
    spec = importlib.util.find_spec("whisper")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / relative
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"whisper/{relative} not found: the builder reads Whisper's vocabulary from the "
        "openai-whisper package: pip install --no-deps openai-whisper==20250625 tiktoken"
    )


def special_tokens() -> list[str]:
    """The ids after the 50257 BPE tokens, in Whisper's order."""
    from transformers.models.whisper.tokenization_whisper import LANGUAGES

    languages = [f"<|{code}|>" for code in list(LANGUAGES)[:NUM_LANGUAGES]]
    return [ENDOFTEXT, "<|startoftranscript|>", *languages, *CONTROL]


def timestamp_tokens() -> list[str]:
    """`<|0.00|>` .. `<|30.00|>`."""
    return [f"<|{i * 0.02:.2f}|>" for i in range(TIMESTAMPS)]


def save_whisper_tokenizer(out_dir: Path) -> Any:
    """Write vocab.json, merges.txt, normalizer.json, added_tokens.json, tokenizer.json,
    tokenizer_config.json and special_tokens_map.json to `out_dir`; returns the fast
    tokenizer."""
    from transformers import WhisperTokenizer, WhisperTokenizerFast
    from transformers.convert_slow_tokenizer import TikTokenConverter

    converter = TikTokenConverter(vocab_file=str(whisper_asset("assets/multilingual.tiktoken")))
    vocab, merges = converter.extract_vocab_merges_from_model(converter.vocab_file)
    vocab[ENDOFTEXT] = len(vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (out_dir / "merges.txt").write_text(
        "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges), encoding="utf-8"
    )
    slow = WhisperTokenizer(
        str(out_dir / "vocab.json"),
        str(out_dir / "merges.txt"),
        normalizer_file=str(whisper_asset("normalizers/english.json")),
        unk_token=ENDOFTEXT,
        bos_token=ENDOFTEXT,
        eos_token=ENDOFTEXT,
        pad_token=ENDOFTEXT,
    )
    slow.add_tokens(special_tokens()[1:], special_tokens=True)
    slow.add_tokens(timestamp_tokens(), special_tokens=False)
    slow.save_pretrained(str(out_dir))
    fast = WhisperTokenizerFast.from_pretrained(str(out_dir))
    fast.save_pretrained(str(out_dir))
    return fast
