"""Read and check a replay file (the .json a failing contract leaves beside its WAV).

A replay file is data from outside: every key is checked for its type before anything is
built from it, and each problem names the key and says what it should be.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from pytest_audiocontract.audio.fixture_audio import NON_SPEECH_DATASETS, SPEECH_DATASET, FixtureSpec
from pytest_audiocontract.audio.synth import KINDS, VOICE_KIND, SignalSpec

_CASE_KINDS = ("audio", "classify", "stream", "text")
SIGNAL_KINDS = (*KINDS, VOICE_KIND)
_SIGNAL_FIELDS = {f.name: f.type for f in dataclasses.fields(SignalSpec)}
_FIXTURE_FIELDS = {f.name: f.type for f in dataclasses.fields(FixtureSpec)}
FIXTURE_DATASETS = (SPEECH_DATASET, *NON_SPEECH_DATASETS)


class ReplayFileError(ValueError):
    """A replay file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class ReplayRecord:
    file: Path
    nodeid: str
    pack: str
    pack_root: str
    variant: str
    device: str
    surface: str
    rule: str
    case: dict[str, object]
    wav: str | None
    earlier_calls: list[tuple[str, dict[str, object]]]  # (surface, case) of each
    earlier_calls_total: int


def read_replay_file(path: Path) -> ReplayRecord:
    """The checked record of `path`; raises ReplayFileError saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReplayFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ReplayFileError(f"{path}: is not UTF-8 text, so not a replay file") from None
    except json.JSONDecodeError as exc:
        raise ReplayFileError(f"{path}:{exc.lineno}: is not valid JSON ({exc.msg})") from None
    check = _Checker(path)
    if not isinstance(data, dict):
        check.fail("(top level)", data, "a JSON object")
    strings = {key: check.string(data, key) for key in ("nodeid", "pack", "pack_root", "variant", "device")}
    surface, rule = check.string(data, "surface"), check.string(data, "rule")
    case = check.case(data.get("case"), "case")
    wav = data.get("wav")
    if wav is not None and (not isinstance(wav, str) or Path(wav).name != wav or not wav.endswith(".wav")):
        check.fail("wav", wav, "the name of a .wav file beside the replay file (no folders)")
    calls = data.get("earlier_calls", [])
    if not isinstance(calls, list):
        check.fail("earlier_calls", calls, "a list of {surface, case}")
    earlier: list[tuple[str, dict[str, object]]] = []
    for index, call in enumerate(calls):
        where = f"earlier_calls[{index}]"
        if not isinstance(call, dict):
            check.fail(where, call, "a mapping {surface, case}")
        earlier.append((check.string(call, "surface", where), check.case(call.get("case"), f"{where}.case")))
    total = data.get("earlier_calls_total", len(calls))
    if not isinstance(total, int) or isinstance(total, bool) or total < len(calls):
        check.fail("earlier_calls_total", total, f"a whole number of at least {len(calls)}")
    return ReplayRecord(
        path,
        surface=surface,
        rule=rule,
        case=case,
        wav=wav,
        earlier_calls=earlier,
        earlier_calls_total=total,
        **strings,
    )


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, got: object, expected: str) -> NoReturn:
        shown = repr(got) if len(repr(got)) < 80 else repr(got)[:77] + "..."
        raise ReplayFileError(
            f"{self.path}: {key}={shown}, but should be {expected}; a replay file is written by a "
            "failing contract (--audiocontract-failures): re-run pytest for a fresh one"
        )

    def string(self, data: Mapping[str, object], key: str, where: str = "") -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value:
            self.fail(f"{where}.{key}" if where else key, value, "a non-empty string")
        return str(value)

    def case(self, case: object, where: str) -> dict[str, object]:
        if not isinstance(case, dict):
            self.fail(where, case, "a mapping with a kind")
        return self._case(case, where)

    def _case(self, case: dict[str, object], where: str) -> dict[str, object]:
        if not isinstance(case, dict) or case.get("kind") not in _CASE_KINDS:
            self.fail(where, case, f"a mapping whose kind is one of {', '.join(_CASE_KINDS)}")
        if case["kind"] == "text":
            self.string(case, "text", where)
            return case
        if "fixture" in case:
            self._fixture(case["fixture"], f"{where}.fixture")
            return self._extra(case, where)
        signal = case.get("signal")
        if not isinstance(signal, dict) or set(signal) - set(_SIGNAL_FIELDS) or "kind" not in signal:
            self.fail(f"{where}.signal", signal, f"a mapping of {', '.join(_SIGNAL_FIELDS)}")
        for name in ("sr", "n_samples", "seed"):
            value = signal.get(name, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.fail(f"{where}.signal.{name}", value, "a whole number, 0 or more")
        for name in ("level", "freq"):
            value = signal.get(name, 0.0)
            if not isinstance(value, int | float) or isinstance(value, bool):
                self.fail(f"{where}.signal.{name}", value, "a number")
        if not 1 <= signal.get("sr", 0) <= 384_000 or signal.get("n_samples", 0) > 384_000 * 600:
            self.fail(f"{where}.signal", signal, "a rate of 1..384000 Hz and at most 600 s of samples")
        if signal["kind"] not in SIGNAL_KINDS:
            self.fail(f"{where}.signal.kind", signal["kind"], f"one of {', '.join(SIGNAL_KINDS)}")
        return self._extra(case, where)

    def _extra(self, case: dict[str, object], where: str) -> dict[str, object]:
        extra = {"classify": "top_k", "stream": "chunk"}.get(str(case["kind"]))
        if extra is not None:
            value = case.get(extra)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                self.fail(f"{where}.{extra}", value, "a whole number, 1 or more")
        return case

    def _fixture(self, fixture: object, where: str) -> None:
        """A fixture input: one of the fixture datasets the rules draw from, a file inside it."""
        if not isinstance(fixture, dict) or set(fixture) != set(_FIXTURE_FIELDS):
            self.fail(where, fixture, f"a mapping of {', '.join(_FIXTURE_FIELDS)}")
        if fixture["dataset"] not in FIXTURE_DATASETS:
            self.fail(f"{where}.dataset", fixture["dataset"], f"one of {', '.join(FIXTURE_DATASETS)}")
        for name in ("item", "file"):
            value = fixture[name]
            if not isinstance(value, str) or not value or value.startswith("/") or ".." in Path(value).parts:
                self.fail(f"{where}.{name}", value, "a path inside the dataset's folder")
        for name in ("sr", "base_samples"):
            value = fixture[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                self.fail(f"{where}.{name}", value, "a whole number, 0 or more")
        if not 1 <= fixture["sr"] <= 384_000 or fixture["base_samples"] > 384_000 * 600:
            self.fail(where, fixture, "a rate of 1..384000 Hz and at most 600 s of samples")
        for name in ("gain", "lead_s", "trail_s"):
            value = fixture[name]
            if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 600:
                self.fail(f"{where}.{name}", value, "a number from 0 to 600")
