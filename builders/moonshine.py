"""Moonshine (Useful Sensors) with random weights, as transformers saves it.

Writes what https://huggingface.co/UsefulSensors/moonshine-tiny publishes: config.json,
generation_config.json, model.safetensors, preprocessor_config.json, tokenizer.json and
tokenizer_config.json. The architecture is moonshine-tiny's (widths, heads, rotary, conv
front end); the layers are fewer and the vocabulary is a small BPE trained here, so the
checkpoint is a few MB.
"""

from __future__ import annotations

from pathlib import Path

SEED = 0
VOCAB = 512
LAYERS = 2


def build(out_dir: Path, name: str = "moonshine") -> None:
    """Write the random-weight checkpoint into `out_dir` (an empty folder)."""
    import torch
    from transformers import (
        MoonshineConfig,
        MoonshineForConditionalGeneration,
        Wav2Vec2FeatureExtractor,
    )

    from builders.tokenizer import save_fast_tokenizer

    vocab = save_fast_tokenizer(out_dir, VOCAB, unk="<unk>", bos="<s>", eos="</s>")
    config = MoonshineConfig(
        vocab_size=vocab,
        encoder_num_hidden_layers=LAYERS,
        decoder_num_hidden_layers=LAYERS,
        bos_token_id=1,
        decoder_start_token_id=1,
        eos_token_id=2,
    )
    torch.manual_seed(SEED)
    model = MoonshineForConditionalGeneration(config).eval()
    model.generation_config.bos_token_id = 1
    model.generation_config.decoder_start_token_id = 1
    model.generation_config.eos_token_id = 2
    model.save_pretrained(str(out_dir))
    # Moonshine's published preprocessor: raw 16 kHz samples, no normalisation.
    Wav2Vec2FeatureExtractor(
        feature_size=1, sampling_rate=16000, padding_value=0.0, do_normalize=False, return_attention_mask=True
    ).save_pretrained(str(out_dir))
