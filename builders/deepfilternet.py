"""DeepFilterNet 3 with random weights, in the folder layout of upstream's DeepFilterNet3.zip.

Writes what `df.enhance.init_df(model_base_dir=DIR)` reads: `config.ini` and
`checkpoints/model_1.ckpt.best` (a torch state dict, as df.checkpoint.write_cp saves it).
The config holds the model sections of upstream's DeepFilterNet3/config.ini (`[train] model`,
`[df]`, `[deepfilternet]`), so the network is DeepFilterNet 3 at full size: 48 kHz, 960-point
FFT, 32 ERB bands, 96 deep-filter bins, 64 conv channels, 256-wide GRUs. Only the weights are
random (about 2 M parameters, a few MB). The training sections are left out: init_df reads
none of them.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from pytest_audiocontract.packs.standin import import_with_standin

SEED = 0
# Epoch 0 would make init_df report "Could not find a checkpoint" and exit; upstream's is 120.
EPOCH = 1
CHECKPOINT = f"checkpoints/model_{EPOCH}.ckpt.best"
# The model sections of upstream's DeepFilterNet3/config.ini (DeepFilterNet3.zip).
CONFIG_INI = """\
[train]
model = deepfilternet3
mask_only = false
df_only = false

[df]
sr = 48000
fft_size = 960
hop_size = 480
nb_erb = 32
nb_df = 96
norm_tau = 1
lsnr_max = 35
lsnr_min = -15
min_nb_erb_freqs = 2
pad_mode = output
df_order = 5
df_lookahead = 2

[deepfilternet]
conv_lookahead = 2
conv_ch = 64
conv_depthwise = True
emb_hidden_dim = 256
emb_num_layers = 3
enc_linear_groups = 32
linear_groups = 16
conv_dec_mode = transposed
convt_depthwise = False
mask_pf = False
df_hidden_dim = 256
df_num_layers = 2
dfop_method = df
group_shuffle = False
conv_kernel = 1,3
df_gru_skip = groupedlinear
df_pathway_kernel_size_t = 5
enc_concat = False
conv_kernel_inp = 3,3
emb_gru_skip = none
df_n_iter = 1
convt_kernel = 1,3
lsnr_dropout = False
"""


def _import_with_standin() -> ModuleType:
    # The pack's torchaudio stand-in, as the pack's adapter imports it.
    standin = Path(__file__).resolve().parents[1] / "model_packs" / "deepfilternet" / "standin"
    return import_with_standin("df.enhance", standin)


def build(out_dir: Path, name: str = "deepfilternet") -> None:
    """Write config.ini and the random-weight checkpoint into `out_dir` (an empty folder)."""
    import torch

    _import_with_standin()
    from df.config import config
    from df.model import ModelParams, init_model
    from libdf import DF

    (out_dir / "config.ini").write_text(CONFIG_INI, encoding="utf-8")
    config.load(str(out_dir / "config.ini"), config_must_exist=True, allow_defaults=True, allow_reload=True)
    p = ModelParams()
    df_state = DF(
        sr=p.sr, fft_size=p.fft_size, hop_size=p.hop_size, nb_bands=p.nb_erb, min_nb_erb_freqs=p.min_nb_freqs
    )
    torch.manual_seed(SEED)
    model = init_model(df_state, run_df=True, train_mask=True).to("cpu")
    (out_dir / "checkpoints").mkdir()
    torch.save(model.state_dict(), out_dir / CHECKPOINT)
