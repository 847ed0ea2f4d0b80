"""Kyutai STT (kyutai/stt-1b-en_fr) through the `moshi` package: streaming recognition.

Every 80 ms frame of 24 kHz audio goes through Mimi (`mimi.encode`, 32 codebooks) and one
step of the LM (`LMGen.step`), which returns one text token per frame, the way upstream's
`stt_from_file_pytorch` and moshi-server run it. Variants: `random` (default; a random-weight
checkpoint of the real architecture, for the contracts) and `real` (upstream's files). Both
load through `moshi.models.loaders.CheckpointInfo.from_hf_repo` with local paths.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from pytest_audiocontract.errors import MissingRequirement
from pytest_audiocontract.packs.weights import weights_dir
from pytest_audiocontract.streaming.adapter import StreamingAdapter, StreamingModel, Update
from pytest_audiocontract.types import AudioArray

KYUTAI_SR = 24000
FRAME_MS = 80  # Mimi's frame: 1920 samples at 24 kHz, 12.5 frames per second
REPO = "kyutai/stt-1b-en_fr"
# Upstream's default names, used where config.json does not name a file.
DEFAULT_FILES = {
    "moshi_name": "model.safetensors",
    "mimi_name": "mimi-pytorch-e351c8d8@125.safetensors",
    "tokenizer_name": "tokenizer_en_fr_audio_8000.model",
}
# Text tokens that are not text (upstream's scripts skip them): 0 ends a run of padding; the
# padding id itself comes from the model.
END_OF_PADDING = 0


class KyutaiEngine:
    """The loaded Mimi, LM and tokenizer, shared by every stream of one model object.

    moshi keeps streaming state on the modules themselves, so two live streams would mix their
    caches. Each stream therefore owns its state (`new_state`); `step` swaps it into the
    modules under a lock, runs one frame, and takes it out again.
    """

    def __init__(self, info: Any, device: str, threads: int | None = 1) -> None:
        import torch
        from moshi.models import LMGen

        self._torch = torch
        self.device = device
        self.threads = threads
        # bfloat16 as upstream runs it on GPUs; float32 on CPUs, where bf16 matmuls are slow.
        dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
        self.mimi = info.get_mimi(device=device)
        self.lm = info.get_moshi(device=device, dtype=dtype)
        self.tokenizer = info.get_text_tokenizer()
        # Greedy text (temp 0), as upstream's lm_gen_config: the same audio gives the same text.
        self.gen = LMGen(self.lm, temp=0, temp_text=0.0)
        self.frame_size = int(self.mimi.frame_size)
        if self.frame_size != KYUTAI_SR * FRAME_MS // 1000:
            raise ValueError(
                f"Mimi frame_size={self.frame_size}, but should be "
                f"{KYUTAI_SR * FRAME_MS // 1000} (80 ms at 24 kHz)"
            )
        frame_rate = float(self.mimi.frame_rate)
        stt = info.stt_config or {}
        self.prefix_frames = round(float(stt.get("audio_silence_prefix_seconds", 0.0)) * frame_rate)
        self.delay_s = float(stt.get("audio_delay_seconds", 0.0))
        # Frames of silence after the audio that bring out the text the LM holds back.
        self.drain_frames = math.ceil(self.delay_s * frame_rate) + 1
        self.skip = {END_OF_PADDING, int(self.lm.text_padding_token_id)}
        self._modules = (self.mimi, self.gen, self.lm)
        self._lock = threading.Lock()

    def new_state(self) -> tuple[dict[str, Any], ...]:
        """Fresh streaming state (Mimi's convolutions and KV caches, the LM's delays)."""
        with self._lock:
            self.mimi.streaming(1)
            self.gen.streaming(1)  # also starts the LM's own state
            state = tuple(m.get_streaming_state() for m in self._modules)
            self._detach()
        return state

    def step(self, state: tuple[dict[str, Any], ...], frame: AudioArray) -> int | None:
        """Run one 80 ms frame (float32, 24 kHz, `frame_size` samples) through Mimi and the LM
        with `state`; the text token it produced, or None."""
        torch = self._torch
        with self._lock, torch.no_grad():
            # One frame is too little work to split: on 2 busy cores torch's default pool
            # made a 1 s stream take 88 s instead of 7.5 s. The caller's setting comes back.
            previous = torch.get_num_threads()
            if self.threads:
                torch.set_num_threads(self.threads)
            for module, part in zip(self._modules, state, strict=True):
                module.set_streaming_state(part)
            try:
                pcm = torch.from_numpy(np.ascontiguousarray(frame)).to(self.device)[None, None]
                tokens = self.gen.step(self.mimi.encode(pcm))
            finally:
                self._detach()
                torch.set_num_threads(previous)
        return None if tokens is None else int(tokens[0, 0, 0].item())

    def piece(self, token: int) -> str:
        """The text of `token` ('' for padding); SentencePiece's word mark becomes a space."""
        if token in self.skip:
            return ""
        return str(self.tokenizer.id_to_piece(token)).replace("\u2581", " ")

    def _detach(self) -> None:
        for module in self._modules:
            module.set_streaming_state({name: None for name in module.get_streaming_state()})


class KyutaiStream(StreamingAdapter):
    """One stream: 80 ms frames in, a partial per text token, a final at each flush."""

    sample_rate = KYUTAI_SR
    chunk_ms = FRAME_MS  # the base buffers pushes of any size into whole frames

    def __init__(self, sr: int, engine: KyutaiEngine) -> None:
        super().__init__(sr)
        self._engine = engine
        self._state: tuple[dict[str, Any], ...] | None = None
        self._text = ""
        self._start: float | None = None

    def _on_audio(self, chunk: AudioArray) -> Iterable[Update]:
        engine = self._engine
        if self._state is None:  # lazily, so a stream that gets no audio costs nothing
            self._state = engine.new_state()
            silence = np.zeros(engine.frame_size, np.float32)
            updates = [u for _ in range(engine.prefix_frames) for u in self._frame(silence)]
        else:
            updates = []
        if chunk.size < engine.frame_size:  # the short last chunk of a flush
            chunk = np.pad(chunk, (0, engine.frame_size - chunk.size))
        return updates + self._frame(np.clip(chunk, -1.0, 1.0).astype(np.float32))

    def _frame(self, frame: AudioArray) -> list[Update]:
        assert self._state is not None  # _on_audio creates it before the first frame
        token = self._engine.step(self._state, frame)
        piece = "" if token is None else self._engine.piece(token)
        if not piece:
            return []
        if not self._text.strip():
            # The LM writes a word about audio_delay_seconds after hearing it.
            self._start = max(0.0, self.processed_seconds - self._engine.delay_s)
        self._text += piece
        return [Update(self._text, start=self._start)]

    def _on_flush(self) -> Iterable[Update]:
        if self._state is None:
            return []
        silence = np.zeros(self._engine.frame_size, np.float32)
        updates = [u for _ in range(self._engine.drain_frames) for u in self._frame(silence)]
        self._text, self._start = "", None  # the base closes the segment with a final
        return updates

    def _on_close(self) -> None:
        self._state = None


def checkpoint_info(folder: Path) -> Any:
    """moshi's `CheckpointInfo` for a local folder in upstream's layout: what
    `CheckpointInfo.from_hf_repo(REPO)` returns after downloading, with no network."""
    from moshi.models import loaders

    config_path = folder / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    files = {key: folder / str(config.get(key, default)) for key, default in DEFAULT_FILES.items()}
    return loaders.CheckpointInfo.from_hf_repo(
        REPO,
        moshi_weights=files["moshi_name"],
        mimi_weights=files["mimi_name"],
        tokenizer=files["tokenizer_name"],
        config_path=config_path,
    )


def load(
    variant: str = "random", device: str = "cpu", *, model_dir: str | None = None, threads: int | None = 1
) -> StreamingModel[KyutaiStream]:
    """Load Kyutai STT `variant` on `device`; `model_dir` overrides the variant's folder;
    `threads` is torch's CPU threads while a frame runs (None: leave torch's setting)."""
    # moshi compiles with torch.compile unless told not to; that needs a C++ toolchain and
    # minutes of warm-up, for no gain on one frame at a time.
    os.environ.setdefault("NO_TORCH_COMPILE", "1")
    try:
        import torch
        from moshi.models import loaders  # noqa: F401
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            f"this pack needs {exc.name}: pip install torch==2.13.0 && pip install --no-deps "
            "moshi==0.2.13 && pip install -r model_packs/kyutai_streaming/requirements.txt"
        ) from exc
    path = Path(model_dir) if model_dir else weights_dir(__file__, variant)
    torch.manual_seed(0)  # nothing samples; keep any init noise fixed all the same
    engine = KyutaiEngine(checkpoint_info(path), device, threads)
    return StreamingModel(lambda sr: KyutaiStream(sr, engine))
