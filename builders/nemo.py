"""NVIDIA NeMo FastConformer transducers with random weights, saved as the `.nemo` files
upstream publishes (`ModelPT.save_to`: a tar of model_config.yaml, model_weights.ckpt and the
SentencePiece tokenizer files).

- `parakeet`: parakeet-tdt-0.6b-v2's architecture (https://huggingface.co/nvidia/
  parakeet-tdt-0.6b-v2): 128 mel features, FastConformer encoder (d_model 1024, 8 heads,
  8x depthwise-striding subsampling with 256 channels, conv kernel 9, full context), an LSTM
  prediction net (640, 2 layers) and a TDT joint (640, durations 0..4); `EncDecRNNTBPEModel`.
- `nemotron_streaming`: nemotron-speech-streaming-en-0.6b's architecture (https://
  huggingface.co/nvidia/nemotron-speech-streaming-en-0.6b): the same widths made cache-aware
  (chunked_limited attention over 70 frames of left context with right contexts 13, 6, 1 and
  0, causal convolutions and causal subsampling, no feature normalisation) and an RNNT joint.

Both keep upstream's widths, heads, feature front end and vocabulary size (1024 SentencePiece
BPE pieces, trained here on a generated corpus) with two encoder layers instead of 24.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

from builders.tokenizer import CORPUS

SEED = 0
LAYERS = 2
VOCAB = 1024
# The file names upstream publishes (https://huggingface.co/nvidia/<model>/tree/main).
NEMO_FILES = {
    "parakeet": "parakeet-tdt-0.6b-v2.nemo",
    "nemotron_streaming": "nemotron-speech-streaming-en-0.6b.nemo",
}
# Widths shared by both published configs.
FEATURES = 128
D_MODEL = 1024
HEADS = 8
PRED_HIDDEN = 640
JOINT_HIDDEN = 640
TDT_DURATIONS = [0, 1, 2, 3, 4]
# nemotron-speech-streaming's attention contexts [left, right] in encoder frames (80 ms each);
# the first is the default.
STREAMING_CONTEXTS = [[70, 13], [70, 6], [70, 1], [70, 0]]
RANDOM_STREAMING_MAX_SYMBOLS = 2


def build(out_dir: Path, name: str) -> None:
    """Write `NEMO_FILES[name]` into `out_dir` (an empty folder)."""
    if name not in NEMO_FILES:
        raise ValueError(f"name={name!r}, but should be one of {', '.join(NEMO_FILES)}")
    import torch
    from nemo.collections.asr.models import EncDecRNNTBPEModel
    from omegaconf import OmegaConf

    with tempfile.TemporaryDirectory() as tmp:
        tokenizer_dir = train_tokenizer(Path(tmp))
        config = model_config(name, tokenizer_dir)
        torch.manual_seed(SEED)
        model = EncDecRNNTBPEModel(cfg=OmegaConf.create(config)).eval()
        model.save_to(str(out_dir / NEMO_FILES[name]))


def corpus_lines(count: int = 4000) -> list[str]:
    """A fixed English-like corpus: the shared sentences and made-up words from common
    syllables, enough for SentencePiece to reach `VOCAB` pieces (same on every machine)."""
    rng = random.Random(SEED)
    onsets = [
        "",
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "w",
        "y",
        "z",
        "br",
        "ch",
        "cl",
        "dr",
        "fl",
        "gr",
        "pl",
        "sh",
        "st",
        "th",
        "tr",
        "wh",
    ]
    nuclei = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "ow", "y"]
    codas = ["", "", "n", "r", "s", "t", "l", "m", "ng", "ck", "nd", "st", "th", "rd"]
    lines = [s for s in CORPUS for _ in range(20)]
    for _ in range(count):
        words = [
            "".join(
                rng.choice(onsets) + rng.choice(nuclei) + rng.choice(codas) for _ in range(rng.randint(1, 3))
            )
            for _ in range(rng.randint(4, 12))
        ]
        lines.append(" ".join(words))
    return lines


def train_tokenizer(work: Path) -> Path:
    """Train a SentencePiece BPE model of `VOCAB` pieces with NeMo's own helper (the one its
    process_asr_text_tokenizer.py script uses); returns the folder holding tokenizer.model."""
    from nemo.collections.common.tokenizers.sentencepiece_tokenizer import create_spt_model

    text = work / "corpus.txt"
    text.write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    out = work / "tokenizer"
    model_path, _vocab = create_spt_model(
        str(text), VOCAB, sample_size=-1, do_lower_case=True, output_dir=str(out), tokenizer_type="bpe"
    )
    return Path(model_path).parent


def model_config(name: str, tokenizer_dir: Path) -> dict[str, Any]:
    """The model section of the published config for `name`, with `LAYERS` encoder layers."""
    streaming = name == "nemotron_streaming"
    encoder: dict[str, Any] = {
        "_target_": "nemo.collections.asr.modules.ConformerEncoder",
        "feat_in": FEATURES,
        "feat_out": -1,
        "n_layers": LAYERS,
        "d_model": D_MODEL,
        "subsampling": "dw_striding",
        "subsampling_factor": 8,
        "subsampling_conv_channels": 256,
        "causal_downsampling": streaming,
        "ff_expansion_factor": 4,
        "self_attention_model": "rel_pos",
        "n_heads": HEADS,
        "att_context_size": STREAMING_CONTEXTS if streaming else [-1, -1],
        "att_context_style": "chunked_limited" if streaming else "regular",
        "xscaling": True,
        "untie_biases": True,
        "pos_emb_max_len": 5000,
        "conv_kernel_size": 9,
        "conv_norm_type": "layer_norm" if streaming else "batch_norm",
        "conv_context_size": "causal" if streaming else None,
        "dropout": 0.1,
        "dropout_pre_encoder": 0.1,
        "dropout_emb": 0.0,
        "dropout_att": 0.1,
    }
    joint_extra = len(TDT_DURATIONS) if not streaming else 0
    # Upstream decodes greedily with up to 10 symbols per encoder step. Random weights emit
    # that many on every step (a 640-wide LSTM call each), which made one 2.5 s stream take a
    # minute on two busy cores; the streaming checkpoint allows 2, a real model's rate.
    symbols = RANDOM_STREAMING_MAX_SYMBOLS if streaming else 10
    decoding: dict[str, Any] = {"strategy": "greedy_batch", "greedy": {"max_symbols": symbols}}
    loss: dict[str, Any] = {"loss_name": "default"}
    if not streaming:
        decoding.update(model_type="tdt", durations=TDT_DURATIONS)
        loss = {
            "loss_name": "tdt",
            "tdt_kwargs": {
                "fastemit_lambda": 0.0,
                "clamp": -1.0,
                "durations": TDT_DURATIONS,
                "sigma": 0.02,
                "omega": 0.1,
            },
        }
    defaults: dict[str, Any] = {
        "enc_hidden": D_MODEL,
        "pred_hidden": PRED_HIDDEN,
        "joint_hidden": JOINT_HIDDEN,
    }
    if not streaming:
        defaults.update(tdt_durations=TDT_DURATIONS, num_tdt_durations=len(TDT_DURATIONS))
    return {
        "sample_rate": 16000,
        "model_defaults": defaults,
        "tokenizer": {"dir": str(tokenizer_dir), "type": "bpe"},
        "preprocessor": {
            "_target_": "nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor",
            "sample_rate": 16000,
            "normalize": "NA" if streaming else "per_feature",
            "window_size": 0.025,
            "window_stride": 0.01,
            "window": "hann",
            "features": FEATURES,
            "n_fft": 512,
            "log": True,
            "frame_splicing": 1,
            "dither": 1e-5,
            "pad_to": 0,
            "pad_value": 0.0,
        },
        "spec_augment": None,
        "encoder": encoder,
        "decoder": {
            "_target_": "nemo.collections.asr.modules.RNNTDecoder",
            "normalization_mode": None,
            "random_state_sampling": False,
            "blank_as_pad": True,
            "prednet": {"pred_hidden": PRED_HIDDEN, "pred_rnn_layers": 2, "t_max": None, "dropout": 0.2},
        },
        "joint": {
            "_target_": "nemo.collections.asr.modules.RNNTJoint",
            "log_softmax": None,
            "preserve_memory": False,
            "fuse_loss_wer": True,
            "fused_batch_size": 4,
            "num_extra_outputs": joint_extra,
            "jointnet": {"joint_hidden": JOINT_HIDDEN, "activation": "relu", "dropout": 0.2},
        },
        "decoding": decoding,
        "loss": loss,
        "optim": {"name": "adamw", "lr": 1e-3},
        "train_ds": None,
        "validation_ds": None,
        "test_ds": None,
    }
