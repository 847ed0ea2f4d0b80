"""YAMNet (the torch-vggish-yamnet port) with random weights, in the files the port loads.

Writes `yamnet.pth`, the state dict that `torch_vggish_yamnet.yamnet.yamnet(pretrained=True)`
downloads (upstream: the v0.1 release of w-hc/torch_audioset), and `yamnet_class_map.csv`,
the class map that upstream publishes beside YAMNet's weights (tensorflow/models,
research/audioset/yamnet), here with placeholder names: the 521 AudioSet display names ship
in no package on this machine. The network is the port's YAMNet at full size (MobileNet v1,
14 conv layers, 1024-d embedding, 521 classes, about 3.7 M parameters); only the weights
are random.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import ModuleType

from pytest_audiocontract.packs.standin import import_with_standin

SEED = 0
NUM_CLASSES = 521


def _import_with_standin() -> ModuleType:
    # The pack's torchaudio stand-in, as the pack's adapter imports it.
    standin = Path(__file__).resolve().parents[1] / "model_packs" / "yamnet" / "standin"
    return import_with_standin("torch_vggish_yamnet.yamnet", standin)


def write_class_map(path: Path) -> None:
    """Upstream's columns (index, mid, display_name), one placeholder row per class."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["index", "mid", "display_name"])
        for i in range(NUM_CLASSES):
            writer.writerow([i, f"/m/random{i}", f"random class {i}"])


def build(out_dir: Path, name: str = "yamnet") -> None:
    """Write yamnet.pth and yamnet_class_map.csv into `out_dir` (an empty folder)."""
    import torch

    yamnet = _import_with_standin()
    torch.manual_seed(SEED)
    model = yamnet.yamnet(pretrained=False)
    # He initialisation keeps activations at a usable scale through the 14 conv layers
    # (torch's default shrinks them to about 1e-11 by the embedding).
    for module in model.modules():
        if isinstance(module, torch.nn.Conv2d):
            torch.nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
    torch.save(model.state_dict(), out_dir / "yamnet.pth")
    write_class_map(out_dir / "yamnet_class_map.csv")
