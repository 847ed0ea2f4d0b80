"""LAION-CLAP through the laion-clap package: audio embeddings and zero-shot classification.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's checkpoint and roberta-base from a folder). Both load through
the same code: `laion_clap.CLAP_Module(enable_fusion=False, amodel="HTSAT-tiny")`,
`load_ckpt`, `get_audio_embedding_from_data` and `get_text_embedding`.
"""

from __future__ import annotations

import contextlib
import io
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Classification, Embedding, Label, as_float32_mono, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

CLAP_SR = 48000
# Upstream's clip: 10 s at 48 kHz. Shorter input is repeated and zero-padded to it by
# laion_clap; longer input would be cropped at a random offset, so it is cut into windows here.
WINDOW = 480000
CHECKPOINT = "630k-audioset-best.pt"
PROMPT = "This is a sound of {}."
CALL_LABEL_CACHE = 16  # per-call label sets whose text embeddings are kept


def declared_labels() -> list[str]:
    """The classify labels of this pack's claims.yaml, in their declared order."""
    from pytest_audiocontract.claims import load_pack_spec

    spec = load_pack_spec(Path(__file__).resolve().parent)
    labels = spec.surfaces["classify"]["labels"]
    if isinstance(labels, str):
        return (spec.root / labels).read_text(encoding="utf-8").split("\n")
    return [str(label) for label in labels]


class Clap:
    """The `embed` and `classify` surfaces over one loaded `CLAP_Module`."""

    def __init__(self, module: Any, labels: list[str]) -> None:
        self._module = module
        self.labels = labels
        self.text_embeddings = self._text_embeddings(labels)
        with _no_grad():
            # CLAP's zero-shot logits: audio-side temperature times cosine similarity.
            self.logit_scale = float(module.model.logit_scale_a.exp())
        # The text embeddings of recent per-call label sets: callers repeat theirs.
        self._call_embeddings: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()

    def _text_embeddings(self, labels: Sequence[str]) -> np.ndarray:
        prompts = [PROMPT.format(label.lower()) for label in labels]
        with _no_grad():
            return np.asarray(self._module.get_text_embedding(prompts), np.float32)

    def _embeddings_of(self, labels: tuple[str, ...]) -> np.ndarray:
        if labels not in self._call_embeddings:
            self._call_embeddings[labels] = self._text_embeddings(labels)
            if len(self._call_embeddings) > CALL_LABEL_CACHE:
                self._call_embeddings.popitem(last=False)
        self._call_embeddings.move_to_end(labels)
        return self._call_embeddings[labels]

    def _embed(self, audio: AudioArray, sr: int) -> np.ndarray:
        audio = np.clip(resample(as_float32_mono(audio), sr, CLAP_SR), -1.0, 1.0)
        if audio.size == 0:
            # laion_clap divides by the length when it repeat-pads: give it one zero sample.
            audio = np.zeros(1, np.float32)
        windows = [audio[i : i + WINDOW] for i in range(0, audio.size, WINDOW)]
        with _no_grad():
            vectors = np.asarray(self._module.get_audio_embedding_from_data(windows), np.float64)
        mean = vectors.mean(axis=0)
        return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)

    def embed(self, audio: AudioArray, sr: int) -> Embedding:
        """The L2-normalised 512-d audio embedding of `audio` (float32, `sr` Hz); input over
        10 s is embedded per 10 s window and the windows' mean is normalised again."""
        return Embedding(vector=self._embed(audio, sr))

    def classify(
        self, audio: AudioArray, sr: int, top_k: int = 5, *, labels: Sequence[str] | None = None
    ) -> Classification:
        """Zero-shot scores (softmax over the labels) of `audio`, best `top_k` first: the labels
        of the call when `labels` is given (each prompted as "This is a sound of <label>."),
        else the declared ones."""
        names = self.labels if labels is None else list(labels)
        if not names:
            return Classification(labels=[])
        texts = self.text_embeddings if labels is None else self._embeddings_of(tuple(names))
        logits = self.logit_scale * (texts.astype(np.float64) @ self._embed(audio, sr))
        scores = np.exp(logits - logits.max())
        scores /= scores.sum()
        order = sorted(range(len(names)), key=lambda i: -scores[i])[:top_k]
        return Classification(labels=[Label(name=names[i], score=float(scores[i])) for i in order])


def _no_grad() -> Any:
    import torch

    return torch.inference_mode()


def load(
    variant: str = "random",
    device: str = "cpu",
    *,
    model_dir: str | None = None,
    checkpoint: str = CHECKPOINT,
) -> Clap:
    """Load CLAP `variant` on `device`; `model_dir` overrides the variant's folder, which holds
    `checkpoint` (a non-fusion HTSAT-tiny checkpoint) and the `roberta-base`,
    `bert-base-uncased` and `facebook/bart-base` folders (claims.yaml's `weights.files`)."""
    path = (Path(model_dir) if model_dir else weights_dir(__file__, variant)).resolve()
    # `import laion_clap` itself loads the bert, roberta and bart tokenizers by relative name,
    # and CLAP_Module loads roberta-base the same way: both happen inside the folder.
    # load_ckpt prints every parameter name; keep the test output readable.
    with contextlib.chdir(path), contextlib.redirect_stdout(io.StringIO()):
        try:
            import laion_clap
        except ModuleNotFoundError as exc:
            raise MissingRequirement(
                f"this pack needs {exc.name}: pip install -r model_packs/clap/requirements.txt"
            ) from exc
        module = laion_clap.CLAP_Module(enable_fusion=False, amodel="HTSAT-tiny", device=device)
        module.load_ckpt(str(path / checkpoint), verbose=False)
    module.eval()
    return Clap(module, declared_labels())
