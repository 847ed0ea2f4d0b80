"""Demucs models with random weights, as one local demucs repo.

Writes what `demucs.pretrained.get_model(name, repo=DIR)` reads, in upstream's layout: a bag
`<name>.yaml` naming model signatures (with upstream's `weights` and `segment` where its
yaml has them) and one `<sig>-<sha256 prefix>.th` per model (class, constructor arguments,
state). Four bags, as upstream's demucs/remote/*.yaml:

- `htdemucs`: one HTDemucs, four stems, upstream's rates, depth and 7.8 s segment;
- `htdemucs_ft`: four HTDemucs of that shape, each fine-tuned for one stem, and the identity
  `weights` matrix that takes each stem from its own model;
- `htdemucs_6s`: one HTDemucs with six stems (drums, bass, other, vocals, guitar, piano);
- `mdx_extra`: four Hybrid Demucs (HDemucs, v3) models with `segment: 44`.

Only the widths are small: 8 channels instead of 48, and the cross-domain transformer has one
layer instead of five, so each file is a few MB. Signatures start with 0rand0: ours must never
pass for upstream's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SEED = 0
SOURCES = ["drums", "bass", "other", "vocals"]
SOURCES_6S = [*SOURCES, "guitar", "piano"]
SIGNATURE = "0rand0m0"  # upstream's htdemucs is 955717e8
FT_SIGNATURES = ["0rand0f0", "0rand0f1", "0rand0f2", "0rand0f3"]
SIGNATURE_6S = "0rand06s"
MDX_SIGNATURES = ["0rand0x0", "0rand0x1", "0rand0x2", "0rand0x3"]
MDX_SEGMENT_S = 44  # upstream's mdx_extra.yaml


def build(out_dir: Path, name: str = "demucs") -> None:
    """Write the four bags' yaml files and their model files into `out_dir` (empty)."""
    import torch
    import yaml
    from demucs.hdemucs import HDemucs
    from demucs.htdemucs import HTDemucs

    torch.manual_seed(SEED)

    def htdemucs(sources: list[str]) -> Any:
        return HTDemucs(
            sources=sources, audio_channels=2, samplerate=44100, segment=7.8, channels=8, t_layers=1
        )

    def bag(bag_name: str, models: dict[str, Any], **extra: Any) -> None:
        for signature, model in models.items():
            _save(model, out_dir / f"{signature}.th")
        text = yaml.safe_dump({"models": list(models), **extra})
        (out_dir / f"{bag_name}.yaml").write_text(text, encoding="utf-8")

    bag("htdemucs", {SIGNATURE: htdemucs(SOURCES)})
    identity = [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
    bag("htdemucs_ft", {s: htdemucs(SOURCES) for s in FT_SIGNATURES}, weights=identity)
    bag("htdemucs_6s", {SIGNATURE_6S: htdemucs(SOURCES_6S)})
    hybrid = {
        s: HDemucs(sources=SOURCES, audio_channels=2, samplerate=44100, channels=8) for s in MDX_SIGNATURES
    }
    bag("mdx_extra", hybrid, segment=MDX_SEGMENT_S)


def _save(model: Any, path: Path) -> None:
    from demucs.states import get_state, save_with_checksum

    args, kwargs = model._init_args_kwargs
    # What demucs.states.serialize_model stores, minus the training config (it needs
    # omegaconf and only records how the model was trained).
    package = {
        "klass": type(model),
        "args": args,
        "kwargs": kwargs,
        "state": get_state(model, None, half=False),
        "training_args": {},
    }
    save_with_checksum(package, path)
