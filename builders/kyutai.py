"""Kyutai STT (kyutai/stt-1b-en_fr) with random weights, in the layout upstream publishes.

Writes what https://huggingface.co/kyutai/stt-1b-en_fr publishes for moshi's loaders:

- `config.json`: the LM's config with upstream's keys (file names, `stt_config`,
  `lm_gen_config`, `model_type: stt`) and values, but depth and width scaled down (`CHANGED`);
- `model.safetensors`: the LM (bfloat16, like upstream's);
- `mimi-pytorch-e351c8d8@125.safetensors`: the Mimi codec, exactly moshi's built-in Mimi
  architecture (SEANet, 32-codebook split RVQ, 8-layer encoder/decoder transformers);
- `tokenizer_en_fr_audio_8000.model`: a SentencePiece unigram model of 8000 pieces, trained
  here on a generated corpus (upstream's ships with the weights only), with upstream's
  special ids: 0 <unk>, 1 <s>, 2 </s>, 3 <pad> (the LM's text padding id).

The audio side (32 codebooks of 2048 entries, 12.5 Hz frames at 24 kHz, no audio delays) and
the text vocabulary size (8000) are upstream's, so the loader, the streaming step and the
tokenizer see the same shapes as with real weights.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

SEED = 0
REPO = "kyutai/stt-1b-en_fr"
MOSHI_NAME = "model.safetensors"
MIMI_NAME = "mimi-pytorch-e351c8d8@125.safetensors"
TOKENIZER_NAME = "tokenizer_en_fr_audio_8000.model"

# kyutai/stt-1b-en_fr's config.json as published (the candle sibling and moshi-server's
# config give the same transformer: d_model 2048, 16 heads, 16 layers, context 750).
UPSTREAM_CONFIG: dict[str, Any] = {
    "card": 2048,
    "n_q": 32,
    "dep_q": 0,
    "delays": [0] * 33,
    "dim": 2048,
    "text_card": 8000,
    "existing_text_padding_id": 3,
    "num_heads": 16,
    "num_layers": 16,
    "hidden_scale": 4.125,
    "causal": True,
    "layer_scale": None,
    "context": 750,
    "max_period": 100000.0,
    "gating": "silu",
    "norm": "rms_norm_f32",
    "positional_embedding": "rope",
    "depformer_dim": 1024,
    "depformer_num_heads": 16,
    "depformer_num_layers": 6,
    "depformer_dim_feedforward": None,
    "depformer_multi_linear": True,
    "depformer_pos_emb": "none",
    "depformer_weights_per_step": True,
    "conditioners": {},
    "cross_attention": False,
    "lm_gen_config": {"temp": 0.0, "temp_text": 0.0, "top_k": 250, "top_k_text": 50},
    "stt_config": {"audio_delay_seconds": 0.5, "audio_silence_prefix_seconds": 0.0},
    "model_type": "stt",
    "mimi_name": MIMI_NAME,
    "tokenizer_name": TOKENIZER_NAME,
}
# What the random checkpoint changes, and why: the LM's 32 audio embeddings alone are
# 32 x 2049 x dim; at dim 2048 the file would be about 0.5 GB. Heads keep their width (128).
CHANGED: dict[str, Any] = {"dim": 256, "num_heads": 2, "num_layers": 2}


def config() -> dict[str, Any]:
    """The random checkpoint's config.json: upstream's with `CHANGED` applied."""
    return {**UPSTREAM_CONFIG, **CHANGED}


def build(out_dir: Path, name: str = "kyutai_streaming") -> None:
    """Write the random-weight checkpoint into `out_dir` (an empty folder)."""
    # moshi wraps functions in torch.compile unless this is set before it is imported.
    os.environ.setdefault("NO_TORCH_COMPILE", "1")
    import torch
    from moshi.models import loaders
    from safetensors.torch import save_file

    cfg = config()
    (out_dir / "config.json").write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    (out_dir / TOKENIZER_NAME).write_bytes(train_tokenizer(cfg["text_card"]))
    torch.manual_seed(SEED)
    # The loader's own constructors, without weights: what from_hf_repo would build.
    info = loaders.CheckpointInfo.from_hf_repo(
        REPO,
        moshi_weights=out_dir / MOSHI_NAME,
        mimi_weights=out_dir / MIMI_NAME,
        tokenizer=out_dir / TOKENIZER_NAME,
        config_path=out_dir / "config.json",
    )
    lm = info.get_moshi(device="cpu", dtype=torch.bfloat16, load_weight=False)
    save_file({k: v.contiguous() for k, v in lm.state_dict().items()}, str(out_dir / MOSHI_NAME))
    mimi = loaders.get_mimi(None, device="cpu")
    _randomise_codebooks(mimi)
    save_file({k: v.contiguous() for k, v in mimi.state_dict().items()}, str(out_dir / MIMI_NAME))


def _randomise_codebooks(mimi: Any) -> None:
    """A fresh Mimi's codebooks are all zero (trained ones come from k-means), so every frame
    would quantise to code 0 whatever the audio; give each code a random centroid."""
    import torch

    for name, buf in mimi.named_buffers():
        if name.endswith("embedding_sum"):
            buf.copy_(torch.randn_like(buf))
        elif name.endswith(("cluster_usage", "_initialized")):
            buf.fill_(1.0)


# Pseudo-words from fixed syllables: enough distinct pieces for an 8000-piece vocabulary
# with no download and no randomness, so every machine trains the same model.
_ONSETS = (
    "",
    "b",
    "c",
    "d",
    "f",
    "g",
    "j",
    "l",
    "m",
    "n",
    "p",
    "qu",
    "r",
    "s",
    "t",
    "v",
    "ch",
    "tr",
    "pl",
    "gr",
    "br",
    "st",
    "w",
    "h",
)
_VOWELS = ("a", "e", "i", "o", "u", "ou", "ai", "é", "è", "eu", "y", "oi", "ea", "ee")
_CODAS = ("", "n", "r", "s", "l", "t", "x", "m", "ng", "ck")
_SENTENCES = (
    "the quick brown fox jumps over the lazy dog",
    "le renard brun rapide saute par dessus le chien paresseux",
    "please call stella and ask her to bring these things with her from the store",
    "bonjour tout le monde, comment allez vous aujourd'hui ?",
    "one two three four five six seven eight nine ten",
    "un deux trois quatre cinq six sept huit neuf dix",
)


def _corpus(words: int = 120_000) -> list[str]:
    syllables = [o + v + c for o in _ONSETS for v in _VOWELS for c in _CODAS]
    lines: list[str] = list(_SENTENCES) * 20
    line: list[str] = []
    state = 12345
    for _ in range(words):
        parts = []
        for _ in range(1 + state % 3):
            state = (state * 1103515245 + 12345) % 2**31  # a fixed LCG, not a seeded RNG
            parts.append(syllables[state % len(syllables)])
        line.append("".join(parts))
        if len(line) == 12:
            lines.append(" ".join(line))
            line = []
    return lines


def train_tokenizer(vocab_size: int) -> bytes:
    """A SentencePiece unigram model (bytes of a `.model` file) of exactly `vocab_size`
    pieces, with Kyutai's special ids: 0 <unk>, 1 <s>, 2 </s>, 3 <pad>."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_corpus()),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=3,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()
