"""The stream lifecycle machine's model calls, made once and shared by every rule that runs it.

Each asr_stream lifecycle rule runs the same state machine and checks its own invariant; under
the derandomised ci profile they draw the same programs, so without sharing a pack's model
streamed every program once per rule. `StreamRuns` (one per loaded model) keeps every call
made so far as a tree: a node is the sequence of calls from the start of a run (which stream,
which method, a digest of the chunk), its children the calls that came next and what each
returned or raised. A run whose calls are all in the tree is answered from it without touching
the model. At its first new call the run goes live: it starts real streams, puts them through
the calls so far (their answers are the ones already recorded) and then calls the model for
the rest, recording as it goes. A run therefore never calls the model more than it would have
without the tree, and every rule judges the same answers, each reporting its own verdict.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pytest_audiocontract.contracts.binding import stream_starter
from pytest_audiocontract.protocols import Stream
from pytest_audiocontract.types import AudioArray

# What the model answered, passed on as it came: the rules that run the machine check it.
Answer = Any

MAX_NODES = 50_000  # about a pack's six rules at the thorough profile; the tree restarts beyond


@dataclass
class _Node:
    returned: object = None
    raised: Exception | None = None
    children: dict[Hashable, _Node] = field(default_factory=dict)


@dataclass
class StreamRuns:
    """Every lifecycle run made on one model: `model` is the model itself."""

    model: object
    root: _Node = field(default_factory=_Node)
    nodes: int = 0
    calls: int = 0  # calls made on the model (the rest were answered from the tree)

    def new_run(self) -> ReplayModel:
        """A stand-in for the model for one run of the machine (one Hypothesis example)."""
        if self.nodes > MAX_NODES:
            self.root, self.nodes = _Node(), 0
        return ReplayModel(self)


def _key(args: tuple[object, ...]) -> Hashable:
    """What identifies a call's arguments: the samples' digest for an array, else the value."""
    parts: list[Hashable] = []
    for arg in args:
        if isinstance(arg, np.ndarray):
            digest = hashlib.blake2b(arg.tobytes(), digest_size=16).digest()
            parts.append((str(arg.dtype), arg.shape, digest))
        else:
            parts.append(arg if isinstance(arg, Hashable) else repr(arg))
    return tuple(parts)


class ReplayModel:
    """The model as one run of the machine sees it: `start_stream` gives a `ReplayStream`."""

    def __init__(self, runs: StreamRuns) -> None:
        self._runs = runs
        self._node: _Node | None = runs.root  # None: off the tree (an answer that cannot be kept)
        self._path: list[tuple[int, str, tuple[object, ...]]] = []  # every call so far, to go live
        self._live: list[Stream | None] | None = None  # the real streams, once the run is live
        self._streams = 0

    def start_stream(self, sr: int) -> ReplayStream:
        index = self._streams
        self._streams += 1
        self.call(index, "start_stream", (sr,))
        return ReplayStream(self, index)

    def call(self, stream: int, method: str, args: tuple[object, ...]) -> Answer:
        key = (stream, method, _key(args))
        if self._live is None and self._node is not None:
            known = self._node.children.get(key)
            if known is not None:
                self._node = known
                self._path.append((stream, method, args))
                return _answer(known)
            self._go_live()
        self._path.append((stream, method, args))
        return self._real(stream, method, args, key)

    def _go_live(self) -> None:
        """Start real streams and put them through the calls so far (their answers are known)."""
        self._live = []
        for stream, method, args in self._path:
            with contextlib.suppress(Exception):  # recorded already: the run saw it
                self._invoke(stream, method, args)

    def _real(self, stream: int, method: str, args: tuple[object, ...], key: Hashable) -> object:
        try:
            value = self._invoke(stream, method, args)
        except Exception as exc:
            self._record(key, _Node(raised=exc))
            raise
        if hasattr(value, "__next__"):
            self._node = None  # an iterator is read once: what it held cannot be replayed
        else:
            self._record(key, _Node(returned=tuple(value) if isinstance(value, list) else value))
        return value

    def _invoke(self, stream: int, method: str, args: tuple[object, ...]) -> object:
        assert self._live is not None
        self._runs.calls += 1
        if method == "start_stream":
            self._live.append(None)  # the index stays taken if the start raises
            start: Callable[..., Stream] = stream_starter(self._runs.model)
            self._live[stream] = start(*args)
            return None
        answer: object = getattr(self._live[stream], method)(*args)
        return answer

    def _record(self, key: Hashable, node: _Node) -> None:
        if self._node is None:
            return
        self._node.children[key] = node
        self._runs.nodes += 1
        self._node = node


def _answer(node: _Node) -> object:
    if node.raised is not None:
        raise node.raised.with_traceback(None)  # one error raised again: keep its traceback short
    return list(node.returned) if isinstance(node.returned, tuple) else node.returned


class ReplayStream:
    """One stream of a run: each method is answered from the tree or by the real stream."""

    def __init__(self, model: ReplayModel, index: int) -> None:
        self._model = model
        self._index = index

    def push_audio(self, chunk: AudioArray) -> Answer:
        return self._model.call(self._index, "push_audio", (chunk,))

    def flush(self) -> Answer:
        return self._model.call(self._index, "flush", ())

    def finalize(self) -> Answer:
        return self._model.call(self._index, "finalize", ())

    def close(self) -> None:
        self._model.call(self._index, "close", ())
