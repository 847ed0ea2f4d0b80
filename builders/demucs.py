"""HTDemucs (Meta's hybrid transformer Demucs) with random weights, as a local demucs repo.

Writes what `demucs.pretrained.get_model(name, repo=DIR)` reads, in upstream's layout:
`htdemucs.yaml` (a bag naming one model signature) and `<sig>-<sha256 prefix>.th` (the
serialised model: class, constructor arguments, state). The model is HTDemucs with the
four stems, rates and depth of upstream's `htdemucs`; the channels are fewer (8 instead of
48) and the cross-domain transformer has one layer instead of five, so the file is small.
"""

from __future__ import annotations

from pathlib import Path

SEED = 0
SOURCES = ["drums", "bass", "other", "vocals"]
SIGNATURE = "0rand0m0"  # upstream's htdemucs is 955717e8; ours must not pass for it


def build(out_dir: Path, name: str = "demucs") -> None:
    """Write `htdemucs.yaml` and the model file into `out_dir` (an empty folder)."""
    import torch
    import yaml
    from demucs.htdemucs import HTDemucs
    from demucs.states import get_state, save_with_checksum

    torch.manual_seed(SEED)
    model = HTDemucs(sources=SOURCES, audio_channels=2, samplerate=44100, segment=7.8, channels=8, t_layers=1)
    args, kwargs = model._init_args_kwargs
    # What demucs.states.serialize_model stores, minus the training config (it needs
    # omegaconf and only records how the model was trained).
    package = {
        "klass": HTDemucs,
        "args": args,
        "kwargs": kwargs,
        "state": get_state(model, None, half=False),
        "training_args": {},
    }
    save_with_checksum(package, out_dir / f"{SIGNATURE}.th")
    (out_dir / "htdemucs.yaml").write_text(yaml.safe_dump({"models": [SIGNATURE]}), encoding="utf-8")
