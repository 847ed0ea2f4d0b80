"""NVIDIA NeMo's Sortformer diarizer with random weights, saved as the `.nemo` file upstream
publishes (`ModelPT.save_to`: a tar of model_config.yaml and model_weights.ckpt).

`sortformer`: diar_sortformer_4spk-v1's architecture (https://huggingface.co/nvidia/
diar_sortformer_4spk-v1), from its training config in NeMo's repository
(examples/speaker_tasks/diarization/conf/neural_diarizer/sortformer_diarizer_hybrid_loss_4spk-v1.yaml):
80 mel features, a FastConformer encoder (d_model 512, 8 heads, 8x depthwise-striding
subsampling with 256 channels, conv kernel 9, full context), a Transformer encoder (hidden
192, inner 768, 8 heads, post-LN) and the Sortformer head for 4 speakers;
`SortformerEncLabelModel`. Every width is upstream's; both encoders have 2 layers instead of 18.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SEED = 0
LAYERS = 2
NEMO_FILE = "diar_sortformer_4spk-v1.nemo"
FC_D_MODEL, TF_D_MODEL, FEATURES, SPEAKERS = 512, 192, 80, 4


def build(out_dir: Path, name: str) -> None:
    """Write `NEMO_FILE` into `out_dir` (an empty folder)."""
    if name != "sortformer":
        raise ValueError(f"name={name!r}, but should be 'sortformer'")
    import torch
    from nemo.collections.asr.models import SortformerEncLabelModel
    from omegaconf import OmegaConf

    torch.manual_seed(SEED)
    model = SortformerEncLabelModel(cfg=OmegaConf.create(model_config())).eval()
    model.save_to(str(out_dir / NEMO_FILE))


def model_config() -> dict[str, Any]:
    """The published training config's `model` section, layers cut, data sections dropped."""
    return {
        "sample_rate": 16000,
        "pil_weight": 0.5,
        "ats_weight": 0.5,
        "max_num_of_spks": SPEAKERS,
        "fc_d_model": FC_D_MODEL,
        "tf_d_model": TF_D_MODEL,
        "model_defaults": {"fc_d_model": FC_D_MODEL, "tf_d_model": TF_D_MODEL},
        "preprocessor": {
            "_target_": "nemo.collections.asr.modules.AudioToMelSpectrogramPreprocessor",
            "normalize": "per_feature",
            "window_size": 0.025,
            "sample_rate": 16000,
            "window_stride": 0.01,
            "window": "hann",
            "features": FEATURES,
            "n_fft": 512,
            "frame_splicing": 1,
            "dither": 0.00001,
        },
        "sortformer_modules": {
            "_target_": "nemo.collections.asr.modules.sortformer_modules.SortformerModules",
            "num_spks": SPEAKERS,
            "dropout_rate": 0.5,
            "fc_d_model": FC_D_MODEL,
            "tf_d_model": TF_D_MODEL,
        },
        "encoder": {
            "_target_": "nemo.collections.asr.modules.ConformerEncoder",
            "feat_in": FEATURES,
            "feat_out": -1,
            "n_layers": LAYERS,
            "d_model": FC_D_MODEL,
            "subsampling": "dw_striding",
            "subsampling_factor": 8,
            "subsampling_conv_channels": 256,
            "causal_downsampling": False,
            "ff_expansion_factor": 4,
            "self_attention_model": "rel_pos",
            "n_heads": 8,
            "att_context_size": [-1, -1],
            "att_context_style": "regular",
            "xscaling": True,
            "untie_biases": True,
            "pos_emb_max_len": 5000,
            "conv_kernel_size": 9,
            "conv_norm_type": "batch_norm",
            "conv_context_size": None,
            "dropout": 0.1,
            "dropout_pre_encoder": 0.1,
            "dropout_emb": 0.0,
            "dropout_att": 0.1,
        },
        "transformer_encoder": {
            "_target_": "nemo.collections.asr.modules.transformer.transformer_encoders.TransformerEncoder",
            "num_layers": LAYERS,
            "hidden_size": TF_D_MODEL,
            "inner_size": 768,
            "num_attention_heads": 8,
            "attn_score_dropout": 0.5,
            "attn_layer_dropout": 0.5,
            "ffn_dropout": 0.5,
            "hidden_act": "relu",
            "pre_ln": False,
            "pre_ln_final_layer_norm": True,
        },
        "loss": {
            "_target_": "nemo.collections.asr.losses.bce_loss.BCELoss",
            "weight": None,
            "reduction": "mean",
        },
    }
