"""Nemotron Speech Streaming on a random-weight checkpoint of its real architecture: the builder
writes the `.nemo` file upstream publishes, the pack streams it chunk by chunk through NeMo's
cache-aware `conformer_stream_step`, giving what NeMo's own streaming loop gives whatever the
push size, and every asr_stream contract passes on it."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rwkit import PACKS, build, pack_module, run_contracts, summary

pytest.importorskip("torch", reason="torch is not installed (tox -e random-nemo)")
pytest.importorskip("nemo.collections.asr", reason="nemo_toolkit[asr] is not installed (tox -e random-nemo)")

pytestmark = pytest.mark.slow

# nemotron-speech-streaming-en-0.6b's published model_config.yaml (https://huggingface.co/
# nvidia/nemotron-speech-streaming-en-0.6b): every width but the layer count.
PUBLISHED = {
    ("preprocessor", "features"): 128,
    ("preprocessor", "normalize"): "NA",
    ("encoder", "d_model"): 1024,
    ("encoder", "n_heads"): 8,
    ("encoder", "subsampling"): "dw_striding",
    ("encoder", "subsampling_factor"): 8,
    ("encoder", "causal_downsampling"): True,
    ("encoder", "conv_kernel_size"): 9,
    ("encoder", "conv_context_size"): "causal",
    ("encoder", "att_context_style"): "chunked_limited",
    ("encoder", "att_context_size"): [[70, 13], [70, 6], [70, 1], [70, 0]],
    ("decoder", "prednet", "pred_hidden"): 640,
    ("decoder", "prednet", "pred_rnn_layers"): 2,
    ("joint", "jointnet", "joint_hidden"): 640,
}


@pytest.fixture(scope="module")
def checkpoint() -> Path:
    return build("nemotron_streaming")


@pytest.fixture(scope="module")
def model(checkpoint: Path) -> Any:
    return pack_module("nemotron_streaming").load("random", "cpu", model_dir=str(checkpoint))


def _nemo(model: Any) -> Any:
    return model.start_stream(16000)._engine.model


def _audio(seconds: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.3 * rng.standard_normal(int(seconds * 16000))).astype(np.float32)


def _stream(model: Any, audio: np.ndarray, push: int) -> tuple[list[Any], str]:
    stream = model.start_stream(16000)
    events = []
    for start in range(0, audio.size, push):
        events += stream.push_audio(audio[start : start + push])
    events += stream.flush()
    text = stream.finalize().text
    stream.close()
    return events, text


def _nemo_example_loop(nemo: Any, audio: np.ndarray) -> str:
    """NeMo's cache-aware streaming loop (speech_to_text_cache_aware_streaming_infer.py, and
    transcribe_simulate_cache_aware_streaming) over the whole input at once."""
    import torch
    from nemo.collections.asr.parts.utils.streaming_utils import CacheAwareStreamingAudioBuffer

    buffer = CacheAwareStreamingAudioBuffer(model=nemo)
    buffer.append_audio(audio)
    channel, time, channel_len = nemo.encoder.get_initial_cache_state(batch_size=1)
    hyps, text = None, ""
    for step, (chunk, lengths) in enumerate(iter(buffer)):
        with torch.inference_mode():
            _, texts, channel, time, channel_len, hyps = nemo.conformer_stream_step(
                processed_signal=chunk,
                processed_signal_length=lengths,
                cache_last_channel=channel,
                cache_last_time=time,
                cache_last_channel_len=channel_len,
                keep_all_outputs=buffer.is_buffer_empty(),
                previous_hypotheses=hyps,
                drop_extra_pre_encoded=nemo.encoder.streaming_cfg.drop_extra_pre_encoded if step else 0,
                return_transcription=True,
            )
        text = texts[0].text
    return " ".join(text.split())


def test_checkpoint_is_a_nemo_file_like_upstreams(checkpoint: Path) -> None:
    (nemo,) = checkpoint.glob("*.nemo")
    assert nemo.name == "nemotron-speech-streaming-en-0.6b.nemo"
    with tarfile.open(nemo) as tar:
        names = {Path(n).name for n in tar.getnames()}
    assert {"model_config.yaml", "model_weights.ckpt"} <= names
    assert any(n.endswith("_tokenizer.model") for n in names), names


def test_checkpoint_has_the_published_architecture(model: Any) -> None:
    from nemo.collections.asr.models import EncDecRNNTBPEModel
    from nemo.collections.asr.parts.mixins.streaming import StreamingEncoder

    nemo = _nemo(model)
    assert type(nemo) is EncDecRNNTBPEModel
    assert isinstance(nemo.encoder, StreamingEncoder)
    for keys, value in PUBLISHED.items():
        node = nemo.cfg
        for key in keys:
            node = node[key]
        got = [list(v) for v in node] if keys[-1] == "att_context_size" else node
        assert got == value, keys
    assert nemo.tokenizer.vocab_size == 1024
    assert len(nemo.encoder.layers) == 2
    # The default [70, 13] context: 1.12 s chunks, 105 mel frames first, 112 after.
    assert list(nemo.encoder.streaming_cfg.chunk_size) == [105, 112]


@pytest.mark.parametrize("push", [160, 4000, 16000 * 4])
def test_any_push_size_gives_nemos_own_streaming_result(model: Any, push: int) -> None:
    audio = _audio(3.7, 1)
    events, text = _stream(model, audio, push)
    assert text == _nemo_example_loop(_nemo(model), audio)
    finals = [e.text for e in events if e.is_final]
    assert finals == [text] if text else finals == []


def test_partials_arrive_per_chunk_before_the_flush(model: Any) -> None:
    stream = model.start_stream(16000)
    audio = _audio(3.0, 2)
    before = []
    for start in range(0, audio.size, 1600):
        before += stream.push_audio(audio[start : start + 1600])
    assert before, "no event for 3 s of audio: the 1.12 s chunks never ran"
    assert not any(e.is_final for e in before)
    after = stream.flush()
    assert after and after[-1].is_final
    stream.close()


def test_audio_after_a_flush_opens_a_new_segment(model: Any) -> None:
    stream = model.start_stream(16000)
    first = stream.push_audio(_audio(1.5, 3)) + stream.flush()
    second = stream.push_audio(_audio(1.5, 3)) + stream.flush()
    # Fresh caches after the flush: the same audio gives the same text again.
    assert first[-1].text == second[-1].text
    assert first[-1].segment_id != second[-1].segment_id
    assert stream.finalize().text.split() == (first[-1].text + " " + second[-1].text).split()
    stream.close()


def test_any_rate_and_tiny_inputs(model: Any) -> None:
    for size, sr in ((1, 8000), (37, 16000), (4410, 44100), (24000, 48000)):
        stream = model.start_stream(sr)
        stream.push_audio(_audio(size / 16000, size)[:size])
        stream.flush()
        result = stream.finalize()
        assert all(0.0 <= s.start <= s.end <= size / sr + 0.01 for s in result.segments)
        stream.close()


def test_real_variant_reads_the_folder_like_random(monkeypatch: pytest.MonkeyPatch, checkpoint: Path) -> None:
    from pytest_audiocontract.packs.weights import weights_dir

    monkeypatch.setenv("AUDIOCONTRACT_NEMOTRON_STREAMING_DIR", str(checkpoint))
    assert weights_dir(PACKS / "nemotron_streaming", "real") == checkpoint


def test_every_contract_passes_on_random_weights(checkpoint: Path, tmp_path: Path) -> None:
    result = run_contracts(
        "nemotron_streaming", {"AUDIOCONTRACT_NEMOTRON_STREAMING_RANDOM_DIR": str(checkpoint)}, tmp_path
    )
    out = result.stdout
    assert result.returncode == 0, summary(result)
    assert "11 passed, 7 skipped" in out, summary(result)  # 6 hallucination rules: random weights
    assert "AUDIOCONTRACT_NEMOTRON_STREAMING_DIR is not set" in out, summary(result)
