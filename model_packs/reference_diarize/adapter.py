"""A numpy diarizer: an energy VAD, a spectral envelope and a pitch per window, clustering.

1. Speech: 20 ms frames at 16 kHz whose RMS is above -60 dBFS and within 35 dB of the
   loudest frame; gaps up to 300 ms are bridged, regions shorter than 150 ms dropped.
2. Windows: each region is cut into 0.5 s hops, each seen through a window of up to 2 s
   from its start (slid back at the region's end). A window's features are its mean log mel
   spectrum (24 bands, 50 Hz to 7 kHz) less its own mean, so level does not count, and the
   median pitch of its voiced frames.
3. Speakers: similarity is the cosine of the mel features, less a penalty for pitches more
   than 4 semitones apart; average-linkage clustering merges while the mean similarity of
   the closest two clusters is at least 0.65 (and while more than 4 remain).
   Windows shorter than 1 s (fragments) join the cluster they are closest to.
4. Turns: each hop takes its window's label; touching hops with one label join into a turn.

It knows voices only by spectral envelope and pitch: a baseline that passes every contract
and runs anywhere, not a diarizer to choose.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pytest_audiocontract import Diarization, Turn, as_float32_mono, resample

SR = 16000
FRAME = 320  # 20 ms
FLOOR_RMS = 1e-3  # -60 dBFS
RELATIVE_DB = 35.0
BRIDGE_S, MIN_REGION_S = 0.3, 0.15
WINDOW_S, HOP_S = 2.0, 0.5
N_MELS, FMIN, FMAX = 24, 50.0, 7000.0
SAME_SPEAKER_COSINE = 0.65
MAX_SPEAKERS = 4
PITCH_SLACK_ST = 4.0

Floats = npt.NDArray[np.float64]


def speech_regions(audio: Floats) -> list[tuple[int, int]]:
    """(start, end) sample indices of speech at 16 kHz."""
    n = audio.size // FRAME
    if n == 0:
        return []
    rms = np.sqrt(np.mean(audio[: n * FRAME].reshape(n, FRAME) ** 2, axis=1))
    loudest = float(rms.max())
    active = (rms >= FLOOR_RMS) & (rms >= loudest * 10 ** (-RELATIVE_DB / 20))
    spans: list[list[int]] = []
    for i in np.flatnonzero(active).tolist():
        if spans and (i - spans[-1][1]) * FRAME <= BRIDGE_S * SR:
            spans[-1][1] = i + 1
        else:
            spans.append([i, i + 1])
    return [(a * FRAME, b * FRAME) for a, b in spans if (b - a) * FRAME >= MIN_REGION_S * SR]


def _mel_filters(n_fft: int) -> Floats:
    def mel(f: Floats) -> Floats:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges = 700.0 * (10 ** (np.linspace(mel(np.array(FMIN)), mel(np.array(FMAX)), N_MELS + 2) / 2595.0) - 1)
    freqs = np.fft.rfftfreq(n_fft, 1 / SR)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (freqs - lo) / (mid - lo)
    falling = (hi - freqs) / (hi - mid)
    return np.asarray(np.clip(np.minimum(rising, falling), 0.0, None))


_FILTERS = _mel_filters(512)


def window_feature(window: Floats) -> Floats:
    """Mean log mel spectrum of 32 ms frames (hop 10 ms), less its mean."""
    frames = np.lib.stride_tricks.sliding_window_view(window, 512)[::160] * np.hanning(512)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    log_mel = np.log(power @ _FILTERS.T + 1e-10).mean(axis=0)
    return np.asarray(log_mel - log_mel.mean())


def median_pitch(window: Floats) -> float:
    """Median F0 in semitones above 55 Hz of the voiced 40 ms frames (autocorrelation peak
    above 0.5 between 60 and 400 Hz); NaN when no frame is voiced."""
    frames = np.lib.stride_tricks.sliding_window_view(window, 640)[::320]
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, 1280, axis=1)
    acf = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :640]
    lo, hi = SR // 400, SR // 60
    lags = lo + np.argmax(acf[:, lo:hi], axis=1)
    strength = acf[np.arange(len(lags)), lags] / np.maximum(acf[:, 0], 1e-12)
    voiced = lags[strength > 0.5]
    return float(12 * np.log2(SR / np.median(voiced) / 55.0)) if voiced.size else float("nan")


def similarity(features: Floats, pitches: Floats) -> Floats:
    """Cosine of the mel features, less a penalty for median pitches more than
    `PITCH_SLACK_ST` semitones apart (one speaker's windows stay within that)."""
    unit = features / np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)
    apart = np.abs(pitches[:, None] - pitches[None, :])
    penalty = np.nan_to_num(np.clip(apart - PITCH_SLACK_ST, 0.0, None) / PITCH_SLACK_ST)
    return np.asarray(unit @ unit.T - penalty)


def cluster(similarities: Floats) -> npt.NDArray[np.int64]:
    """A speaker index per feature row, numbered in order of first appearance.

    Average-linkage agglomeration on cosine similarity: the two closest clusters merge while
    their mean similarity is at least `SAME_SPEAKER_COSINE`, and at most `MAX_SPEAKERS` remain.
    """
    n = len(similarities)
    cosine = similarities
    clusters: list[list[int]] = [[i] for i in range(n)]
    while len(clusters) > 1:
        best, pair = -np.inf, (0, 1)
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                mean = float(cosine[np.ix_(clusters[i], clusters[j])].mean())
                if mean > best:
                    best, pair = mean, (i, j)
        if best < SAME_SPEAKER_COSINE and len(clusters) <= MAX_SPEAKERS:
            break
        i, j = pair
        clusters[i] = sorted(clusters[i] + clusters.pop(j))
    labels = np.zeros(n, dtype=np.int64)
    for label, members in enumerate(sorted(clusters, key=min)):
        labels[members] = label
    return labels


def assign(similarities: Floats, reliable: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Cluster the reliable windows (1 s or longer); each other window joins the cluster it
    is most similar to on average: a fragment's features are too noisy to found a speaker."""
    if not reliable.any():
        return cluster(similarities)
    core = np.flatnonzero(reliable)
    core_labels = cluster(similarities[np.ix_(core, core)])
    labels = np.zeros(len(similarities), dtype=np.int64)
    labels[core] = core_labels
    for i in np.flatnonzero(~reliable):
        means = [similarities[i, core[core_labels == k]].mean() for k in range(core_labels.max() + 1)]
        labels[i] = int(np.argmax(means))
    return labels


class SpectralDiarizer:
    def diarize(self, audio: npt.NDArray[np.float32], sr: int) -> Diarization:
        x = resample(as_float32_mono(audio), sr, SR).astype(np.float64)
        duration = audio.size / sr
        hop, width = int(HOP_S * SR), int(WINDOW_S * SR)
        hops: list[tuple[int, int]] = []  # (start, end) samples, one per hop of every region
        features, pitches, lengths = [], [], []
        for start, end in speech_regions(x):
            for a in range(start, end, hop):
                b = min(a + hop, end)
                if hops and b - a < hop // 2 and hops[-1][1] == a:
                    hops[-1] = (hops[-1][0], b)  # a short tail joins the hop before it
                    continue
                # Up to 1 s from the hop's start, slid back at the region's end: short
                # windows give noisy features.
                first = max(start, min(a, end - width))
                window = x[first : min(first + width, end)]
                lengths.append(window.size)
                window = np.pad(window, (0, max(0, 512 - window.size)))
                hops.append((a, b))
                features.append(window_feature(window))
                pitches.append(median_pitch(window))
        labels = np.zeros(0, dtype=np.int64)
        if features:
            reliable = np.array(lengths) >= SR
            labels = assign(similarity(np.array(features), np.array(pitches)), reliable)
        turns: list[Turn] = []
        for (a, b), label in zip(hops, labels.tolist(), strict=True):
            speaker = f"spk{label}"
            if turns and turns[-1].speaker == speaker and abs(turns[-1].end - a / SR) < 1e-9:
                turns[-1] = Turn(turns[-1].start, b / SR, speaker)
            else:
                turns.append(Turn(a / SR, b / SR, speaker))
        return Diarization(
            [Turn(t.start, min(t.end, duration), t.speaker) for t in turns if t.start < duration]
        )


def load(variant: str, device: str) -> SpectralDiarizer:
    return SpectralDiarizer()
