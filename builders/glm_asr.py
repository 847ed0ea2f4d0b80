"""GLM-ASR-Nano-2512 (Zhipu AI) with random weights, as transformers saves it.

Writes the layout of https://huggingface.co/zai-org/GLM-ASR-Nano-2512 in transformers' format
(model.save_pretrained plus processor.save_pretrained): config.json, generation_config.json,
model.safetensors, preprocessor_config.json, processor_config.json, chat_template.jinja,
tokenizer.json and tokenizer_config.json.

The architecture is transformers' `glmasr` with GLM-ASR-Nano's published config (its
defaults: a Whisper-style encoder with partial rotary embeddings, the 4-frame merging projector,
a Llama decoder of width 2048 with 16 heads over 4 key-value heads, feed-forward 6144, a tied
vocabulary of 59264 ids with the end-of-turn ids 59246/59253/59255 and the audio id 59260), the
depth cut to LAYERS per side. The decoder keeps its full width. The encoder's width is cut
(AUDIO_WIDTHS): every call pads the audio to 30 s, so the encoder runs 1500 positions per call,
about 12 s per call at upstream's width 1280 with two layers on this project's 2-core machine,
too slow for the contracts' hundred-odd calls. Its head size (64) and the 4:1 ratio of
feed-forward to width, which the projector's 4-frame stacking relies on, are upstream's. The
weights are stored in bfloat16, which halves the file; the adapter computes in float32 on CPU.

No package ships GLM-ASR's tokenizer, so the builder trains a small byte-level BPE
(builders/tokenizer.py), pads it with reserved tokens to the model's vocabulary and puts the
special tokens at the top: the ids transformers' config pins (end of text 59246, user 59253,
observation 59255, audio placeholder `<|pad|>` 59260) are kept; the other special tokens
follow GLM-4's order around them.
"""

from __future__ import annotations

import json
from pathlib import Path

SEED = 0
LAYERS = 2
# Upstream: hidden 1280, 20 heads, feed-forward 5120.
AUDIO_WIDTHS = {"hidden_size": 256, "num_attention_heads": 4, "intermediate_size": 1024}
BPE_VOCAB = 512
VOCAB = 59264
# GLM-4's special tokens in GLM-4's order from <|endoftext|>; the ids that transformers'
# GlmAsrConfig pins (eos 59246, 59253, 59255; audio 59260) land on the right names.
FIRST_SPECIAL = 59246
SPECIALS = (
    "<|endoftext|>",
    "[MASK]",
    "[gMASK]",
    "[sMASK]",
    "<sop>",
    "<eop>",
    "<|system|>",
    "<|user|>",
    "<|assistant|>",
    "<|observation|>",
    "<|begin_of_image|>",
    "<|end_of_image|>",
    "<|begin_of_video|>",
    "<|end_of_video|>",
    "<|pad|>",
    "<|begin_of_audio|>",
    "<|end_of_audio|>",
    "<|reserved_special|>",
)
# One user turn: text as is, each audio as its placeholder span; then the assistant's header.
CHAT_TEMPLATE = (
    "{%- for m in messages -%}"
    "<|{{ m.role }}|>{{ '\\n' }}"
    "{%- if m.content is string -%}{{ m.content }}{%- else -%}"
    "{%- for item in m.content -%}"
    "{%- if item.type == 'text' -%}{{ item.text }}"
    "{%- elif item.type == 'audio' or 'audio' in item -%}"
    "<|begin_of_audio|><|pad|><|end_of_audio|>"
    "{%- endif -%}"
    "{%- endfor -%}{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}<|assistant|>{{ '\\n' }}{%- endif -%}"
)


def _tokenizer() -> object:
    """A `tokenizers.Tokenizer` of exactly VOCAB ids with SPECIALS from FIRST_SPECIAL."""
    from tokenizers import AddedToken, Tokenizer

    from builders.tokenizer import train_bpe

    bpe = json.loads(train_bpe(BPE_VOCAB, []).to_str())  # type: ignore[attr-defined]
    vocab: dict[str, int] = bpe["model"]["vocab"]
    # Reserved, never-merged pieces fill the ids up to the special tokens, like the unused
    # rows of a real vocabulary; the random decoder may still pick them.
    for index in range(len(vocab), FIRST_SPECIAL):
        vocab[f"<|reserved_{index}|>"] = index
    bpe["model"]["vocab"] = vocab
    tok = Tokenizer.from_str(json.dumps(bpe))
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in SPECIALS])
    assert tok.token_to_id(SPECIALS[0]) == FIRST_SPECIAL
    assert tok.get_vocab_size() == VOCAB
    return tok


def build(out_dir: Path, name: str = "glm_asr_nano") -> None:
    """Write the random-weight checkpoint into `out_dir` (an empty folder)."""
    import torch
    from transformers import (
        GlmAsrConfig,
        GlmAsrForConditionalGeneration,
        GlmAsrProcessor,
        PreTrainedTokenizerFast,
        WhisperFeatureExtractor,
    )

    eos = "<|endoftext|>"
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=_tokenizer(), eos_token=eos, pad_token=eos
    )  # upstream pads with its eos
    config = GlmAsrConfig(
        audio_config={"num_hidden_layers": LAYERS, **AUDIO_WIDTHS}, text_config={"num_hidden_layers": LAYERS}
    )
    torch.manual_seed(SEED)
    model = GlmAsrForConditionalGeneration(config).to(torch.bfloat16).eval()
    model.generation_config.eos_token_id = list(config.text_config.eos_token_id)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(str(out_dir))
    processor = GlmAsrProcessor(
        feature_extractor=WhisperFeatureExtractor(feature_size=128),
        tokenizer=tokenizer,
        chat_template=CHAT_TEMPLATE,
    )
    processor.save_pretrained(str(out_dir))
