"""Voxtral Mini (Mistral AI) with random weights, as transformers saves it.

Writes the transformers-format files of https://huggingface.co/mistralai/Voxtral-Mini-3B-2507:
config.json, generation_config.json, model.safetensors (upstream shards it into
model-0000N-of-00002.safetensors plus an index; from_pretrained reads either),
preprocessor_config.json (the 128-bin Whisper feature extractor) and tekken.json (the tokenizer,
read by mistral-common). Upstream's mistral-format consolidated.safetensors and params.json are
for vLLM/mistral-inference and are not written.

The tokenizer is the Tekken vocabulary that mistral-common ships (tekken_240911.json, the same
131072-id layout: 1000 special ids, then byte-level BPE), rewritten as Voxtral's v7 file: its
special tokens ([AUDIO] 24, which transformers' VoxtralProcessor hard-codes, [BEGIN_AUDIO] 25,
[TRANSCRIBE] 34) and its audio section (16 kHz, 12.5 tokens per second, 128 mel bins,
30 s chunks).

The architecture is transformers' `voxtral` (Whisper-style audio encoder, 4-frame projector,
Llama decoder) with Voxtral-Mini's published depth cut to LAYERS per side. Two groups of widths
are smaller (see AUDIO_WIDTHS and TEXT_WIDTHS), because at full width the checkpoint cannot be
run by the contracts on two CPU cores: every call pads the audio to 30 s, so the encoder runs
1500 positions per call (about 12 s per call at width 1280 with two layers, measured on this
project's machine), and the decoder's 131072 x 3072 embedding and untied output matrices alone
are 805M parameters (1.6 GB in bfloat16). Head size (64 in the encoder, 128 in the decoder),
the 4:1 ratio of encoder feed-forward to width that the projector's frame stacking relies on,
grouped-query attention, rotary base, norms, activations and the vocabulary are upstream's.
The weights are stored in bfloat16, which halves the file; the adapter computes in float32 on CPU.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SEED = 0
LAYERS = 2
# Upstream: hidden 1280, 20 heads, feed-forward 5120 (Whisper large-v3's encoder).
AUDIO_WIDTHS = {"hidden_size": 256, "num_attention_heads": 4, "intermediate_size": 1024}
# Upstream: hidden 3072, 32 heads over 8 key-value heads, feed-forward 8192.
TEXT_WIDTHS = {
    "hidden_size": 512,
    "num_attention_heads": 4,
    "num_key_value_heads": 1,
    "intermediate_size": 1536,
}
BUNDLED_TEKKEN = "tekken_240911.json"
# Voxtral's named special tokens; the other ids below 1000 are <SPECIAL_n> placeholders.
NAMED_SPECIALS = {
    0: "<unk>",
    1: "<s>",
    2: "</s>",
    3: "[INST]",
    4: "[/INST]",
    5: "[AVAILABLE_TOOLS]",
    6: "[/AVAILABLE_TOOLS]",
    7: "[TOOL_RESULTS]",
    8: "[/TOOL_RESULTS]",
    9: "[TOOL_CALLS]",
    10: "[IMG]",
    11: "<pad>",
    12: "[IMG_BREAK]",
    13: "[IMG_END]",
    14: "[PREFIX]",
    15: "[MIDDLE]",
    16: "[SUFFIX]",
    17: "[SYSTEM_PROMPT]",
    18: "[/SYSTEM_PROMPT]",
    19: "[TOOL_CONTENT]",
    24: "[AUDIO]",
    25: "[BEGIN_AUDIO]",
    32: "[ARGS]",
    33: "[CALL_ID]",
    34: "[TRANSCRIBE]",
}
AUDIO = {
    "sampling_rate": 16000,
    "frame_rate": 12.5,
    "chunk_length_s": 30.0,
    "audio_encoding_config": {"num_mel_bins": 128, "hop_length": 160, "window_size": 400},
}


def tekken_json() -> dict[str, Any]:
    """Voxtral's tekken.json content, from the vocabulary mistral-common bundles."""
    from importlib.resources import files

    source = files("mistral_common") / "data" / BUNDLED_TEKKEN
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    config = data["config"]
    specials = [
        {"rank": i, "token_str": NAMED_SPECIALS.get(i, f"<SPECIAL_{i}>"), "is_control": True}
        for i in range(config["default_num_special_tokens"])
    ]
    # Only the ranks the model can address: 131072 ids less the 1000 special ones.
    vocab = data["vocab"][: config["default_vocab_size"] - config["default_num_special_tokens"]]
    config = {**config, "version": "v7", "num_vocab_tokens": len(vocab)}
    return {"config": config, "vocab": vocab, "special_tokens": specials, "audio": AUDIO}


def build(out_dir: Path, name: str = "voxtral_local") -> None:
    """Write the random-weight checkpoint into `out_dir` (an empty folder)."""
    import torch
    from transformers import (
        VoxtralConfig,
        VoxtralForConditionalGeneration,
        WhisperFeatureExtractor,
    )

    (out_dir / "tekken.json").write_text(json.dumps(tekken_json()), encoding="utf-8")
    config = VoxtralConfig(
        audio_config={"num_hidden_layers": LAYERS, **AUDIO_WIDTHS},
        text_config={"num_hidden_layers": LAYERS, **TEXT_WIDTHS},
        audio_token_id=24,
        projector_hidden_act="gelu",
    )
    torch.manual_seed(SEED)
    model = VoxtralForConditionalGeneration(config).to(torch.bfloat16).eval()
    model.generation_config.bos_token_id = 1
    model.generation_config.eos_token_id = 2
    model.generation_config.pad_token_id = 11
    model.save_pretrained(str(out_dir))
    WhisperFeatureExtractor(
        feature_size=128, sampling_rate=16000, return_attention_mask=False
    ).save_pretrained(str(out_dir))
