"""A loaded model bound to its pack, variant and device, with the one way rules call it.

Rules of a surface usually look at the same output from different angles, so outputs are cached
per input: a model is called once per drawn input, not once per rule. The determinism rule asks
for fresh calls.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.call_log import CallLog
from pytest_audiocontract.contracts.cases import Case, ClassifyCase, StreamCase, TextCase
from pytest_audiocontract.protocols import Stream
from pytest_audiocontract.spec.model import PackSpec
from pytest_audiocontract.surfaces import SURFACES
from pytest_audiocontract.types import StreamEvent, Transcript

if TYPE_CHECKING:
    from pytest_audiocontract.contracts.stream_runs import StreamRuns

_CACHE_SIZE = 24


@dataclass(frozen=True)
class StreamRecord:
    """What one streamed input gave: every event in order, and the finalized transcript."""

    events: list[StreamEvent]
    transcript: Transcript


@dataclass(frozen=True)
class Outcome:
    """The result of one call, or the exception it raised."""

    value: object  # what the model returned: rules check its type before they use it
    error: BaseException | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Binding:
    spec: PackSpec
    variant: str
    device: str
    model: object  # the pack's model object: called by surface method name (PACK_SPEC)
    _cache: OrderedDict[tuple[str, Case], Outcome] = field(default_factory=OrderedDict)
    log: CallLog = field(default_factory=CallLog)  # every call the model answered, for replays
    _stream_runs: StreamRuns | None = None

    @property
    def stream_runs(self) -> StreamRuns:
        """The stream lifecycle runs made on this model so far, shared by the rules that run them."""
        if self._stream_runs is None:
            from pytest_audiocontract.contracts.stream_runs import StreamRuns

            self._stream_runs = StreamRuns(self.model)
        return self._stream_runs

    @property
    def label(self) -> str:
        """`pack` for the default variant on cpu, else `pack/variant/device`."""
        if self.variant == self.spec.default_variant and self.device == "cpu":
            return self.spec.id
        return f"{self.spec.id}/{self.variant}/{self.device}"

    def run(self, surface: str, case: Case) -> Outcome:
        key = (surface, case)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        outcome = self.run_fresh(surface, case)
        self._cache[key] = outcome
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return outcome

    def run_fresh(self, surface: str, case: Case) -> Outcome:
        self.log.add(surface, case)
        try:
            return Outcome(invoke(self.model, surface, case), None)
        except Exception as exc:
            return Outcome(None, exc)


def surface_method(model: object, surface: str) -> Callable[..., object]:
    """The model's method for `surface` (AttributeError where it has none)."""
    method: Callable[..., object] = getattr(model, SURFACES[surface].method)
    return method


def stream_starter(model: object) -> Callable[[int], Stream]:
    """The model's `start_stream`: its streams are taken to be what PACK_SPEC says (the rules
    check what they return)."""
    start: Callable[[int], Stream] = getattr(model, SURFACES["asr_stream"].method)
    return start


def invoke(model: object, surface: str, case: Case) -> object:
    """Call the surface's method on `model` with `case`, as PACK_SPEC says it is called."""
    if surface == "asr_stream":
        assert isinstance(case, StreamCase)
        return stream_through(stream_starter(model), case)
    method = surface_method(model, surface)
    if surface == "tts":
        assert isinstance(case, TextCase)
        return method(case.text)
    if surface == "classify":
        assert isinstance(case, ClassifyCase)
        if case.labels is None:  # packs without per-call labels never see the keyword
            return method(case.audio.audio.copy(), case.audio.sr, top_k=case.top_k)
        return method(case.audio.audio.copy(), case.audio.sr, top_k=case.top_k, labels=list(case.labels))
    assert isinstance(case, AudioCase)
    # A copy, so a model that writes into its input cannot change what later rules see.
    return method(case.audio.copy(), case.sr)


def stream_through(start_stream: Callable[[int], Stream], case: StreamCase) -> StreamRecord:
    """Stream `case` through a new stream from `start_stream` (the model's method)."""
    audio, step = case.audio.audio, max(case.chunk, 1)
    stream = start_stream(case.audio.sr)
    try:
        events: list[StreamEvent] = []
        for start in range(0, audio.size, step):
            events.extend(stream.push_audio(audio[start : start + step].copy()))
        events.extend(stream.flush())
        return StreamRecord(events, stream.finalize())
    finally:
        stream.close()


def call_text(surface: str, case: Case) -> str:
    """How the call reads in failure messages: `enhance(<tone ...>, sr=16000)`."""
    return f"{SURFACES[surface].call_label}({case.describe()})"
