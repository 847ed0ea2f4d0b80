"""Streaming support: chunking, the `StreamingAdapter` base, the stream driver and its checks.

Pack authors subclass `StreamingAdapter` (see adapter.py for the hooks); the contract suite
and the benchmarks use `drive_stream` and the checks in invariants.py.
"""

from __future__ import annotations

from pytest_audiocontract.streaming.adapter import (
    StreamingAdapter,
    StreamingModel,
    Update,
    normalize_text,
)
from pytest_audiocontract.streaming.chunking import AudioChunker, ChunkConfig, chunk_signal
from pytest_audiocontract.streaming.driver import StreamRun, TimedEvent, drive_stream, partial_churn
from pytest_audiocontract.streaming.endpointer import SilenceEndpointer, frame_dbfs
from pytest_audiocontract.streaming.invariants import (
    StreamProblem,
    assert_stream_events,
    check_stream_events,
    stream_problems,
    transcript_problems,
)

__all__ = [
    "AudioChunker",
    "ChunkConfig",
    "SilenceEndpointer",
    "StreamProblem",
    "StreamRun",
    "StreamingAdapter",
    "StreamingModel",
    "TimedEvent",
    "Update",
    "assert_stream_events",
    "check_stream_events",
    "chunk_signal",
    "drive_stream",
    "frame_dbfs",
    "normalize_text",
    "partial_churn",
    "stream_problems",
    "transcript_problems",
]
