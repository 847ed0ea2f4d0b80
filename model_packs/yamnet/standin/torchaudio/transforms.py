"""`MelSpectrogram` and `Resample` as torchaudio.transforms defines them, for the arguments
torch_vggish_yamnet passes (HTK mel scale, no filter normalisation, centred reflect-padded STFT).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor, nn


def _hz_to_mel(freq: float) -> float:
    return 2595.0 * math.log10(1.0 + freq / 700.0)  # HTK


def melscale_fbanks(n_freqs: int, f_min: float, f_max: float, n_mels: int, sample_rate: int) -> Tensor:
    """Triangular HTK mel filters, shape (n_freqs, n_mels), unnormalised (torchaudio's
    `melscale_fbanks(..., norm=None, mel_scale="htk")`); frequencies in Hz."""
    all_freqs = torch.linspace(0, sample_rate // 2, n_freqs)
    m_pts = torch.linspace(_hz_to_mel(f_min), _hz_to_mel(f_max), n_mels + 2)
    f_pts = 700.0 * (10.0 ** (m_pts / 2595.0) - 1.0)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
    down = -slopes[:, :-2] / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return torch.clamp(torch.min(down, up), min=0.0)


class Spectrogram(nn.Module):
    """|STFT|**power of (..., time) audio: (..., n_fft // 2 + 1, frames)."""

    window: Tensor

    def __init__(
        self,
        n_fft: int,
        win_length: int,
        hop_length: int,
        power: float,
        window_fn: Callable[..., Tensor],
        center: bool,
        pad_mode: str,
    ) -> None:
        super().__init__()
        self.n_fft, self.win_length, self.hop_length = n_fft, win_length, hop_length
        self.power, self.center, self.pad_mode = power, center, pad_mode
        self.register_buffer("window", window_fn(win_length))

    def forward(self, waveform: Tensor) -> Tensor:
        shape = waveform.size()
        spec = torch.stft(
            waveform.reshape(-1, shape[-1]),
            n_fft=self.n_fft,
            hop_length=self.hop_length,
            win_length=self.win_length,
            window=self.window,
            center=self.center,
            pad_mode=self.pad_mode,
            normalized=False,
            onesided=True,
            return_complex=True,
        )
        spec = spec.reshape(shape[:-1] + spec.shape[-2:])
        return spec.abs().pow(self.power)


class MelScale(nn.Module):
    """Spectrogram (..., freq, frames) to mel spectrogram (..., n_mels, frames)."""

    fb: Tensor

    def __init__(self, n_mels: int, sample_rate: int, f_min: float, f_max: float, n_stft: int) -> None:
        super().__init__()
        self.register_buffer("fb", melscale_fbanks(n_stft, f_min, f_max, n_mels, sample_rate))

    def forward(self, specgram: Tensor) -> Tensor:
        return torch.matmul(specgram.transpose(-1, -2), self.fb).transpose(-1, -2)


class MelSpectrogram(nn.Module):
    """torchaudio.transforms.MelSpectrogram: `spectrogram` then `mel_scale` (rates in Hz)."""

    def __init__(
        self,
        sample_rate: int = 16000,
        n_fft: int = 400,
        win_length: int | None = None,
        hop_length: int | None = None,
        f_min: float = 0.0,
        f_max: float | None = None,
        n_mels: int = 128,
        window_fn: Callable[..., Tensor] = torch.hann_window,
        power: float = 2.0,
        center: bool = True,
        pad_mode: str = "reflect",
    ) -> None:
        super().__init__()
        win_length = win_length or n_fft
        hop_length = hop_length or win_length // 2
        f_max = f_max if f_max is not None else float(sample_rate // 2)
        self.spectrogram = Spectrogram(n_fft, win_length, hop_length, power, window_fn, center, pad_mode)
        self.mel_scale = MelScale(n_mels, sample_rate, f_min, f_max, n_fft // 2 + 1)

    def forward(self, waveform: Tensor) -> Tensor:
        mel: Tensor = self.mel_scale(self.spectrogram(waveform))
        return mel


class Resample(nn.Module):
    """Only the identity: the pack resamples to 16 kHz (soxr) before the port sees audio."""

    def __init__(self, orig_freq: int = 16000, new_freq: int = 16000) -> None:
        super().__init__()
        if orig_freq != new_freq:
            raise NotImplementedError(
                f"Resample({orig_freq}, {new_freq}): the yamnet pack's torchaudio stand-in "
                "only passes 16 kHz audio through; resample before calling the port"
            )

    def forward(self, waveform: Tensor) -> Tensor:
        return waveform
