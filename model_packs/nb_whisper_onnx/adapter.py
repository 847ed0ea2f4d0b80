"""NB-Whisper small (NbAiLab) in ONNX, run by onnxruntime: batch speech recognition.

Variants: `random` (default; a random-weight whisper-small exported the way upstream exported
its ONNX files, for the contracts) and `real` (upstream's onnx/ folder). Both load through the
same code: optimum's `ORTModelForSpeechSeq2Seq.from_pretrained` on the folder (the class
upstream's own export script wrote the files with), Whisper's processor from the same folder,
and greedy `generate(language=..., task="transcribe")`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract import Segment, Transcript
from pytest_audiocontract.adapter_kit import model_input
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

WHISPER_SR = 16000
# Whisper encodes fixed 30 s windows; longer input is cut into consecutive windows.
WINDOW_S = 30.0
# Greedy decoding stops at end-of-text; this cap (above fast speech, about 5 words/s) also
# stops a random-weight decoder that never emits it. Whisper allows 448 positions, 4 of
# them taken by the prompt (start, language, task, no-timestamps).
TOKENS_PER_SECOND = 12.0
MIN_TOKENS = 8
MAX_NEW_TOKENS = 444
LANGUAGES = ("no", "nn", "en")
PROVIDERS = {"cpu": "CPUExecutionProvider", "cuda": "CUDAExecutionProvider"}


class NbWhisperOnnxAsr:
    """The `asr` surface: one segment per 30 s window, greedy decoding (deterministic)."""

    def __init__(self, model: Any, processor: Any, language: str) -> None:
        self._model = model
        self._processor = processor
        self._language = language

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); segments are in seconds of the input."""
        prepared = model_input(audio, sr, WHISPER_SR)
        if prepared is None:
            return Transcript(text="", segments=[], language=self._language)
        audio16, duration = prepared.audio, prepared.duration
        step = int(WINDOW_S * WHISPER_SR)
        segments = []
        for start in range(0, audio16.size, step):
            window = audio16[start : start + step]
            text = self._decode(window)
            begin = start / WHISPER_SR
            if text:
                end = min(duration, begin + window.size / WHISPER_SR)
                segments.append(Segment(start=min(begin, end), end=end, text=text))
        text = " ".join(s.text for s in segments)
        return Transcript(text=text, segments=segments, language=self._language)

    def _decode(self, window: np.ndarray) -> str:
        import torch

        features = self._processor(window, sampling_rate=WHISPER_SR, return_tensors="pt").input_features
        seconds = window.size / WHISPER_SR
        budget = min(MAX_NEW_TOKENS, max(MIN_TOKENS, math.ceil(TOKENS_PER_SECOND * seconds)))
        # torch only runs generate's glue (logits processors over 51865 ids); its thread pool
        # beside onnxruntime's oversubscribes the cores between decoding steps.
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            with torch.inference_mode():
                ids = self._model.generate(
                    input_features=features,
                    language=self._language,
                    task="transcribe",
                    max_new_tokens=budget,
                    do_sample=False,
                    num_beams=1,
                )
        finally:
            torch.set_num_threads(threads)
        decoded = self._processor.batch_decode(ids, skip_special_tokens=True)[0]
        return " ".join(decoded.split())


def load(
    variant: str = "random", device: str = "cpu", *, model_dir: str | None = None, language: str = "no"
) -> NbWhisperOnnxAsr:
    """Load the ONNX files of `variant` on `device`; `model_dir` overrides the variant's
    folder, `language` is Whisper's language code for every transcription."""
    if language not in LANGUAGES:
        raise ValueError(f"language={language!r}, but should be one of {', '.join(LANGUAGES)}")
    if device not in PROVIDERS:
        raise ValueError(f"device={device!r}, but should be one of {', '.join(PROVIDERS)}")
    try:
        import onnxruntime
        from optimum.onnxruntime import ORTModelForSpeechSeq2Seq
        from transformers import WhisperProcessor
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install -r model_packs/nb_whisper_onnx/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    options = onnxruntime.SessionOptions()
    # Idle onnxruntime threads spin by default, starving generate's torch glue between steps.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    model = ORTModelForSpeechSeq2Seq.from_pretrained(
        str(path), provider=PROVIDERS[device], session_options=options, local_files_only=True
    )
    processor = WhisperProcessor.from_pretrained(str(path), local_files_only=True)
    return NbWhisperOnnxAsr(model, processor, language)
