"""PocketSphinx 5 (US English acoustic model, language model and dictionary from its wheel).

One model object offers three surfaces: batch `asr`, `asr_stream` (partial hypotheses while
audio arrives, a final per utterance that PocketSphinx's endpointer closes) and `vad` (the
endpointer's speech regions). Everything runs at 16 kHz on int16 samples.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from pytest_audiocontract import Segment, SpeechRegions, Transcript, as_float32_mono, resample
from pytest_audiocontract.adapter_kit import is_silence
from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.streaming.adapter import StreamingAdapter, Update
from pytest_audiocontract.types import AudioArray

MODEL_SR = 16000
FRAME_RATE = 100  # decoder frames per second (PocketSphinx's default `frate`)
LANGUAGE = "en-US"
Int16Array = npt.NDArray[np.int16]


def _int16(audio: AudioArray, sr: int) -> Int16Array:
    """`audio` at 16 kHz as int16 (clipped, since the decoder takes 16-bit PCM only)."""
    audio16 = resample(as_float32_mono(audio), sr, MODEL_SR)
    return np.asarray(np.clip(np.round(audio16 * 32767.0), -32768, 32767), dtype=np.int16)


def _is_word(token: str) -> bool:
    """False for fillers: sentence marks `<s>`, `</s>`, `<sil>`, noise `[NOISE]`, `++UH++`."""
    return not token.startswith(("<", "[", "+"))


def _spelling(token: str) -> str:
    """`read(2)` (an alternate pronunciation) is written `read`."""
    return token.split("(", 1)[0]


class DecoderPool:
    """Makes decoders; `acquire` hands one out reset to its loaded state.

    A reused decoder carries adaptive state from earlier utterances: the cepstral mean and the
    noise-removal statistics. With only the mean reset, the same batch input gave different
    text depending on what came before; `start_stream()` (deprecated, and documented as only
    resetting the noise statistics) makes it repeatable. Streams still take a `fresh()` decoder
    each: interleaved streams drifted from sequential ones with reused decoders.
    """

    def __init__(self, decoder_class: Any, vad_mode: int) -> None:
        self._decoder_class = decoder_class
        self.vad_mode = vad_mode
        self._idle: list[Any] = []
        self._initial_cmn: str | None = None

    def acquire(self) -> Any:
        decoder = self._idle.pop() if self._idle else self._new()
        decoder.set_cmn(self._initial_cmn)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            decoder.start_stream()
        return decoder

    def release(self, decoder: Any) -> None:
        self._idle.append(decoder)

    def fresh(self) -> Any:
        """A newly loaded decoder (about half a second), owned by the caller."""
        return self._new()

    def _new(self) -> Any:
        decoder = self._decoder_class(samprate=MODEL_SR, loglevel="FATAL")
        if self._initial_cmn is None:
            self._initial_cmn = decoder.get_cmn()
        return decoder


class SphinxStream(StreamingAdapter):
    """One live utterance stream: the endpointer cuts segments, the decoder fills them."""

    sample_rate = MODEL_SR
    language = LANGUAGE

    def __init__(self, sr: int, pool: DecoderPool, endpointer_class: Any) -> None:
        super().__init__(sr)
        self._pool = pool
        self._endpointer_class = endpointer_class
        self._decoder: Any = pool.fresh()
        self._ep = self._new_endpointer()
        self._ep_offset = 0.0  # seconds of audio before the current endpointer started
        self._pending = np.zeros(0, dtype=np.int16)
        self._in_utt = False

    def _new_endpointer(self) -> Any:
        return self._endpointer_class(vad_mode=self._pool.vad_mode, sample_rate=MODEL_SR)

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        self._pending = np.concatenate([self._pending, _int16(chunk, MODEL_SR)])
        step = self._ep.frame_bytes // 2
        full = self._pending.size // step * step
        updates: list[Update] = []
        for i in range(0, full, step):
            updates += self._on_frame(self._pending[i : i + step])
        self._pending = self._pending[full:]
        return updates

    def _on_frame(self, frame: Int16Array) -> list[Update]:
        was_in_speech = self._ep.in_speech
        speech = self._ep.process(frame.tobytes())
        if speech is None:
            return []
        if not was_in_speech:
            self._decoder.start_utt()
            self._in_utt = True
        self._decoder.process_raw(speech, full_utt=False)
        if not self._ep.in_speech:
            return self._end_utt()
        hyp = self._decoder.hyp()
        return [Update(hyp.hypstr if hyp else "", start=self._ep_offset + self._ep.speech_start)]

    def _end_utt(self) -> list[Update]:
        self._decoder.end_utt()
        self._in_utt = False
        hyp = self._decoder.hyp()
        return [
            Update(
                hyp.hypstr if hyp else "",
                is_final=True,
                start=self._ep_offset + self._ep.speech_start,
                end=self._ep_offset + self._ep.speech_end,
            )
        ]

    def _on_flush(self) -> Iterable[Update]:
        updates: list[Update] = []
        if self._ep.in_speech:
            # end_stream raises IndexError on an empty buffer: give it one zero sample then.
            tail = self._pending if self._pending.size else np.zeros(1, dtype=np.int16)
            rest = self._ep.end_stream(tail.tobytes())
            if rest is not None and self._in_utt:
                self._decoder.process_raw(rest, full_utt=False)
            if self._in_utt:
                updates = self._end_utt()
        # The endpointer is spent after end_stream: audio pushed after a flush gets a new one.
        self._pending = np.zeros(0, dtype=np.int16)
        self._ep = self._new_endpointer()
        self._ep_offset = self.processed_seconds
        return updates

    def _on_close(self) -> None:
        if self._in_utt:
            self._decoder.end_utt()
            self._in_utt = False
        self._decoder = None


class PocketSphinx:
    """The `asr`, `asr_stream` and `vad` surfaces over one set of loaded decoders."""

    def __init__(self, decoder_class: Any, endpointer_class: Any, vad_mode: int) -> None:
        self._pool = DecoderPool(decoder_class, vad_mode)
        self._endpointer_class = endpointer_class

    def transcribe(self, audio: AudioArray, sr: int) -> Transcript:
        """Decode `audio` as one utterance; one segment per word, times in seconds."""
        audio = as_float32_mono(audio)
        duration = audio.size / sr
        # The decoder writes a word for digital silence now and then ("i'm" for all zeros).
        if is_silence(audio):
            return Transcript(text="", segments=[], language=LANGUAGE)
        decoder = self._pool.acquire()  # reset: same input, same text
        try:
            return self._decode(decoder, audio, sr, duration)
        finally:
            self._pool.release(decoder)

    def _decode(self, decoder: Any, audio: AudioArray, sr: int, duration: float) -> Transcript:
        decoder.start_utt()
        decoder.process_raw(_int16(audio, sr).tobytes(), full_utt=True)
        decoder.end_utt()
        segments = []
        for seg in decoder.seg() or ():
            if _is_word(seg.word):
                start = min(seg.start_frame / FRAME_RATE, duration)
                end = min(max((seg.end_frame + 1) / FRAME_RATE, start), duration)
                segments.append(Segment(start=start, end=end, text=_spelling(seg.word)))
        return Transcript(text=" ".join(s.text for s in segments), segments=segments, language=LANGUAGE)

    def start_stream(self, sr: int) -> SphinxStream:
        """A new stream for audio at `sr` Hz (any number may be open at once)."""
        return SphinxStream(sr, self._pool, self._endpointer_class)

    def detect_speech(self, audio: AudioArray, sr: int) -> SpeechRegions:
        """Speech regions (seconds) that PocketSphinx's endpointer finds in `audio`."""
        pcm = _int16(audio, sr)
        duration = as_float32_mono(audio).size / sr
        ep = self._endpointer_class(vad_mode=self._pool.vad_mode, sample_rate=MODEL_SR)
        step = ep.frame_bytes // 2
        full = pcm.size // step * step
        regions: list[tuple[float, float]] = []
        start: float | None = None
        for i in range(0, full, step):
            ep.process(pcm[i : i + step].tobytes())
            if ep.in_speech and start is None:
                start = ep.speech_start
            elif not ep.in_speech and start is not None:
                regions.append((start, ep.speech_end))
                start = None
        if start is not None:
            tail = pcm[full:] if pcm.size > full else np.zeros(1, dtype=np.int16)
            ep.end_stream(tail.tobytes())  # it raises IndexError on an empty buffer
            regions.append((start, ep.speech_end))
        clamped = [(min(max(s, 0.0), duration), min(e, duration)) for s, e in regions]
        return SpeechRegions(regions=[(s, e) for s, e in clamped if e > s])


def load(variant: str = "en_us", device: str = "cpu", *, vad_mode: int | None = None) -> PocketSphinx:
    """Load the en-US model on the CPU; `vad_mode` 0 (loose) .. 3 (strict), default loose."""
    if device != "cpu":
        raise ValueError(f"device={device!r}, but this pack runs on 'cpu' only")
    if variant != "en_us":
        raise ValueError(f"variant={variant!r}, but should be 'en_us'")
    try:
        from pocketsphinx import Decoder, Endpointer, Vad
    except ModuleNotFoundError as exc:
        raise MissingRequirement("this pack needs pocketsphinx 5: pip install pocketsphinx") from exc
    return PocketSphinx(Decoder, Endpointer, Vad.LOOSE if vad_mode is None else vad_mode)
