"""Re-run one saved contract failure (see failures.py) on exactly its input, outside pytest."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pytest_audiocontract.audio.io import read_audio
from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.audio.synth import SignalSpec
from pytest_audiocontract.contracts.cases import ClassifyCase, StreamCase, TextCase


def replay(bundle: Path) -> int:
    """Exit status 1 if the rule still fails, 0 if it now holds, 2 if the bundle is unusable."""
    from pytest_audiocontract.claims.loader import load_pack_spec
    from pytest_audiocontract.contracts import rules_for
    from pytest_audiocontract.contracts.binding import Binding
    from pytest_audiocontract.contracts.rules import Check
    from pytest_audiocontract.errors import AudioContractError, ContractViolation
    from pytest_audiocontract.packs.loading import load_model

    try:
        record = json.loads(bundle.read_text(encoding="utf-8"))
        spec = load_pack_spec(record["pack_root"])
        rule = next(r for r in rules_for(record["surface"]) if r.name == record["rule"])
        case = decode_case(record, bundle.parent)
    except (OSError, KeyError, StopIteration, ValueError, AudioContractError) as exc:
        print(f"{bundle}: cannot replay: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if rule.stateful:
        print(
            f"{rule.id} is a state machine; replay it with pytest: pytest "
            f"'{record['nodeid']}' (the ci profile is derandomised, so it replays the same "
            "steps)"
        )
        return 2
    model = load_model(spec, record["variant"], record["device"])
    binding = Binding(spec, record["variant"], record["device"], model)
    check = Check(binding, rule.surface, rule.name, spec.facts(rule.surface))
    print(f"replaying {rule.id} on {binding.label}: {case.describe()}")
    try:
        rule.check(check, case)
    except ContractViolation as exc:
        print(f"FAILED  {exc.headline()}")
        return 1
    print(f"passed  {rule.id} holds on this input now")
    return 0


def decode_case(record: dict[str, Any], folder: Path) -> Any:
    data = record["case"]
    if data["kind"] == "text":
        return TextCase(data["text"])
    spec = SignalSpec(**data["signal"])
    if "wav" in record:
        audio, sr = read_audio(folder / record["wav"])
        if sr != spec.sr or audio.size != spec.n_samples:
            raise ValueError(
                f"{record['wav']} is {audio.size} samples at {sr} Hz, but the record "
                f"says {spec.n_samples} at {spec.sr}"
            )
        audio_case = AudioCase(spec, audio)
    else:
        audio_case = AudioCase.of(spec)
    if data["kind"] == "classify":
        return ClassifyCase(audio_case, data["top_k"])
    if data["kind"] == "stream":
        return StreamCase(audio_case, data["chunk"])
    return audio_case
