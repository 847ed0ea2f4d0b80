"""AudioChunker: one streaming resample, any input cut, any input type."""

from __future__ import annotations

import numpy as np
import pytest
import soxr

from pytest_audiocontract.streaming.chunking import AudioChunker, ChunkConfig, chunk_signal


def _noise(n: int, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(n) * 0.2).clip(-1, 1).astype(np.float32)


def _push_in_pieces(chunker: AudioChunker, audio: np.ndarray, cuts: list[int]) -> list[np.ndarray]:
    out, start = [], 0
    for cut in [*cuts, audio.size]:
        out += chunker.push(audio[start:cut])
        start = cut
    return out + chunker.finish()


@pytest.mark.parametrize(("in_sr", "target_sr"), [(44100, 16000), (8000, 16000), (48000, 22050)])
def test_streamed_chunks_equal_one_shot_resample(in_sr: int, target_sr: int) -> None:
    audio = _noise(in_sr)  # one second
    expected = soxr.resample(audio, in_sr, target_sr, quality="HQ")
    chunks = _push_in_pieces(AudioChunker(in_sr, target_sr), audio, [0, 1, 2, 333, 4000, 4001])
    np.testing.assert_allclose(np.concatenate(chunks), expected, atol=1e-6)


def test_chunks_have_chunk_ms_and_only_the_last_is_short() -> None:
    chunks = chunk_signal(_noise(16000 + 100), 16000, 16000, ChunkConfig(chunk_ms=160))
    assert [c.size for c in chunks[:-1]] == [2560] * 6
    assert chunks[-1].size == 16100 - 6 * 2560
    assert all(c.dtype == np.float32 for c in chunks)


def test_same_rate_is_passed_through_exactly() -> None:
    audio = _noise(5000)
    chunks = _push_in_pieces(AudioChunker(16000, 16000), audio, [7, 3000])
    np.testing.assert_array_equal(np.concatenate(chunks), audio)


def test_int16_and_bytes_equal_the_float_path() -> None:
    pcm = (np.random.default_rng(1).integers(-20000, 20000, 9000)).astype(np.int16)
    as_float = pcm.astype(np.float32) / 32768.0
    expected = np.concatenate(chunk_signal(as_float, 22050, 16000))
    from_int16 = np.concatenate(chunk_signal(pcm, 22050, 16000))
    raw = pcm.astype("<i2").tobytes()
    chunker = AudioChunker(22050, 16000)
    # Cut the bytes at odd offsets, i.e. inside samples.
    from_bytes = [*chunker.push(raw[:3]), *chunker.push(raw[3:1001]), *chunker.push(raw[1001:])]
    from_bytes += chunker.finish()
    np.testing.assert_array_equal(from_int16, expected)
    np.testing.assert_array_equal(np.concatenate(from_bytes), expected)


def test_bytes_are_little_endian_s16() -> None:
    chunks = chunk_signal(b"\x00\x80\xff\x7f\x00\x40", 16000, 16000)
    np.testing.assert_array_equal(np.concatenate(chunks), [-1.0, 32767 / 32768, 0.5])


def test_odd_byte_count_at_finish_is_an_error() -> None:
    chunker = AudioChunker(16000)
    chunker.push(b"\x00\x01\x02")
    with pytest.raises(ValueError, match="inside a sample"):
        chunker.finish()


def test_chunk_ms_none_returns_whatever_is_ready() -> None:
    chunker = AudioChunker(16000, config=ChunkConfig(chunk_ms=None))
    assert [c.size for c in chunker.push(_noise(123))] == [123]
    assert chunker.push(np.zeros(0, np.float32)) == []
    assert chunker.finish() == []


def test_chunker_is_reusable_after_finish_and_counts_input() -> None:
    chunker = AudioChunker(48000, 16000)
    first = [*chunker.push(_noise(4800)), *chunker.finish()]
    second = [*chunker.push(_noise(4800)), *chunker.finish()]
    assert sum(c.size for c in first) == sum(c.size for c in second) == 1600
    assert chunker.samples_in == 9600


@pytest.mark.parametrize(("frame_ms", "chunk_ms"), [(20, 30), (0, 160), (20, 0)])
def test_bad_config_is_refused(frame_ms: int, chunk_ms: int) -> None:
    with pytest.raises(ValueError, match="should be"):
        ChunkConfig(frame_ms=frame_ms, chunk_ms=chunk_ms)


def test_frame_and_chunk_samples() -> None:
    config = ChunkConfig(frame_ms=20, chunk_ms=160)
    assert config.frame_samples(16000) == 320
    assert config.chunk_samples(44100) == 7056
    assert ChunkConfig(chunk_ms=None).chunk_samples(16000) is None
