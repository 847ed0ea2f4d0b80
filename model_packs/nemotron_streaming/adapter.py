"""Nemotron Speech Streaming (NVIDIA NeMo cache-aware FastConformer-RNNT): live recognition.

Variants: `random` (default; a random-weight checkpoint of the real architecture, for the
contracts) and `real` (upstream's `.nemo` file from a folder). Both load through the same
code: `ASRModel.restore_from(<file>.nemo)`, then NeMo's cache-aware streaming loop
(`encoder.get_initial_cache_state` and `conformer_stream_step` with the caches and the
previous hypotheses), chunk by chunk as NeMo's `CacheAwareStreamingAudioBuffer` cuts them.

Pushed audio of any size is buffered; mel frames are computed as soon as no later sample can
change them, so the frames fed to the model equal those of the whole input at once, and each
full chunk of frames (the encoder's `streaming_cfg.chunk_size`) runs one step and sends the
hypothesis so far as a partial. `flush()` runs the rest (the last chunk keeps all outputs)
and sends the final; audio pushed after a flush starts a new segment with fresh caches.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract.adapter_kit import find_nemo, quiet_nemo
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.streaming.adapter import StreamingAdapter, StreamingModel, Update
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
# Frames of audio before a slice's first needed mel frame: the STFT window (512 samples,
# centred) and pre-emphasis reach 256 + 1 samples back, under two 160-sample hops.
MARGIN_FRAMES = 3


def first_or_only(value: Any, first: bool) -> int:
    """`streaming_cfg` sizes are [first step, later steps] lists or one int for both."""
    if isinstance(value, (list, tuple)):
        return int(value[0] if first else value[1])
    return int(value)


class NemoEngine:
    """What all streams of one model share, read-only: the model, a dither-free copy of its
    preprocessor (as NeMo's streaming buffer makes it) and its streaming sizes (mel frames)."""

    def __init__(self, model: Any) -> None:
        from omegaconf import OmegaConf

        self.model = model
        encoder = model.encoder
        if encoder.streaming_cfg is None:
            encoder.setup_streaming_params()
        self.cfg = encoder.streaming_cfg
        cfg = copy.deepcopy(model._cfg.preprocessor)
        OmegaConf.set_struct(cfg, False)
        cfg.dither = 0.0
        cfg.pad_to = 0
        self.preprocessor = model.from_config_dict(cfg).to(model.device).eval()
        self.features = int(encoder._feat_in)
        self.hop = round(float(cfg.window_stride) * int(cfg.sample_rate))
        self.reach = int(cfg.get("n_fft") or 512) // 2  # samples a frame's window reaches
        sampling = encoder.pre_encode.get_sampling_frames()
        self.sampling = sampling if isinstance(sampling, list) else [sampling, sampling]

    def mel(self, audio: AudioArray) -> Any:
        """Mel frames of `audio` (16 kHz), shape (features, frames), on the CPU."""
        import torch

        signal = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float32))[None]
        length = torch.tensor([audio.size], dtype=torch.long)
        with torch.inference_mode():
            feats, _ = self.preprocessor(
                input_signal=signal.to(self.model.device), length=length.to(self.model.device)
            )
        return feats[0].cpu()  # buffered on the CPU; each step moves its chunk to the device


class NemotronStream(StreamingAdapter):
    """One live stream: buffers audio, runs one cache-aware step per chunk of mel frames."""

    sample_rate = MODEL_SR
    language = "en"

    def __init__(self, sr: int, engine: NemoEngine) -> None:
        super().__init__(sr)
        self._engine = engine
        self._reset()

    def _reset(self) -> None:
        """A new segment: no audio, frames or hypotheses, and fresh encoder caches."""
        import torch

        self._audio = np.zeros(0, np.float32)
        self._audio0 = 0  # segment sample index of self._audio[0]
        self._samples = 0  # samples pushed in this segment
        self._mel = torch.zeros(self._engine.features, 0)  # frames self._mel0 .. self._mel_end - 1
        self._mel0 = 0
        self._mel_end = 0
        self._idx = 0  # the next chunk's first frame (NeMo's buffer_idx)
        self._step = 0
        self._caches = self._engine.model.encoder.get_initial_cache_state(batch_size=1)
        self._hyps: Any = None
        self._text = ""

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        self._append(chunk)
        self._compute_frames(final=False)
        return self._run_chunks(final=False)

    def _on_flush(self) -> Iterable[Update]:
        if self._samples == 0:
            return []
        self._compute_frames(final=True)
        updates = list(self._run_chunks(final=True))
        updates.append(Update(self._text, is_final=True))
        self._reset()
        return updates

    def _append(self, chunk: AudioArray) -> None:
        self._audio = np.concatenate([self._audio, chunk.astype(np.float32)])
        self._samples += chunk.size

    def _compute_frames(self, *, final: bool) -> None:
        """Add the mel frames that no later audio can change (all of them when `final`)."""
        import torch

        hop, total = self._engine.hop, self._samples
        if final:
            end = total // hop + 1  # what the preprocessor gives for the whole segment
        else:
            end = (total - self._engine.reach) // hop + 1 if total >= self._engine.reach else 0
        if end <= self._mel_end:
            return
        first = max(0, self._mel_end - MARGIN_FRAMES)  # slices start on a hop boundary
        feats = self._engine.mel(self._audio[first * hop - self._audio0 :])
        new = feats[:, self._mel_end - first : end - first]
        self._mel = torch.cat([self._mel, new], dim=1)
        self._mel_end = end
        keep_from = max(0, (end - MARGIN_FRAMES) * hop)  # audio the next slice needs
        self._audio = self._audio[keep_from - self._audio0 :]
        self._audio0 = keep_from

    def _run_chunks(self, *, final: bool) -> Iterable[Update]:
        """One `conformer_stream_step` per full chunk; at `final`, the short rest too."""
        import torch

        engine, cfg, updates = self._engine, self._engine.cfg, []
        while self._idx < self._mel_end:
            first = self._step == 0
            size = first_or_only(cfg.chunk_size, first)
            if not final and self._idx + size > self._mel_end:
                break
            chunk = self._frames(self._idx, min(self._idx + size, self._mel_end))
            if chunk.shape[1] < engine.sampling[0 if first else 1]:
                break  # too short to leave one encoder step; NeMo's buffer drops it too
            pre = first_or_only(cfg.pre_encode_cache_size, first)
            if first:
                cache = torch.zeros(chunk.shape[0], pre)
            else:
                cache = self._frames(max(0, self._idx - pre), self._idx)
                cache = torch.cat([torch.zeros(chunk.shape[0], pre - cache.shape[1]), cache], 1)
            self._idx += first_or_only(cfg.shift_size, first)
            self._step_model(
                torch.cat([cache, chunk], dim=1), keep_all=final and self._idx >= self._mel_end, first=first
            )
            updates.append(Update(self._text))
        drop = max(0, self._idx - first_or_only(cfg.pre_encode_cache_size, False))
        self._mel = self._frames(min(drop, self._mel_end), self._mel_end)
        self._mel0 = min(drop, self._mel_end)
        return updates

    def _frames(self, start: int, end: int) -> Any:
        return self._mel[:, start - self._mel0 : end - self._mel0]

    def _step_model(self, signal: Any, *, keep_all: bool, first: bool) -> None:
        import torch

        engine = self._engine
        device = engine.model.device
        channel, time, channel_len = self._caches
        with torch.inference_mode():
            result = engine.model.conformer_stream_step(
                processed_signal=signal[None].to(device),
                processed_signal_length=torch.tensor([signal.shape[1]], device=device),
                cache_last_channel=channel,
                cache_last_time=time,
                cache_last_channel_len=channel_len,
                keep_all_outputs=keep_all,
                previous_hypotheses=self._hyps,
                drop_extra_pre_encoded=0 if first else engine.cfg.drop_extra_pre_encoded,
                return_transcription=True,
            )
        _, hyps, channel, time, channel_len, self._hyps = result[:6]
        self._caches = (channel, time, channel_len)
        self._step += 1
        self._text = " ".join(str(getattr(hyps[0], "text", hyps[0]) or "").split())


def load(
    variant: str = "random",
    device: str = "cpu",
    *,
    model_dir: str | None = None,
    att_context_size: list[int] | None = None,
) -> StreamingModel[NemotronStream]:
    """Load the streaming model of `variant` on `device`; `model_dir` overrides the
    variant's folder; `att_context_size` ([left, right] encoder frames, one of the model's)
    picks the latency, else the model's default (the first it lists)."""
    try:
        import torch
        from nemo.collections.asr.models import ASRModel
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/nemotron_streaming/requirements.txt"
        ) from exc
    quiet_nemo()
    path = find_nemo(Path(model_dir) if model_dir else weights_dir(__file__, variant))
    model = ASRModel.restore_from(str(path), map_location=torch.device(device))
    model.eval()
    if att_context_size is not None:
        model.encoder.set_default_att_context_size(att_context_size)
    model.encoder.setup_streaming_params()
    engine = NemoEngine(model)
    return StreamingModel(lambda sr: NemotronStream(sr, engine))
