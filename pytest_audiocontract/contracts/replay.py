"""Re-run one saved contract failure (see failures.py) on exactly its input, outside pytest.

The pack comes from the command line (`--pack ID_OR_PATH`), or, without it, must be one of the
packs found in model_packs/ and --pack-path: a replay file alone never chooses which code
runs. A model that keeps state across calls is first put through the calls it answered
before the failing input in the run (recorded in the file), unless `--fresh`.

Exit status: 0 the rule holds on this input now; 1 it still fails; 2 the file, the pack or the
model cannot be used; 3 not reproduced, but the failure may need what the replay skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.audio.io import read_audio
from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts.cases import ClassifyCase, StreamCase, TextCase, audio_spec
from pytest_audiocontract.contracts.cases import decode_case as make_case
from pytest_audiocontract.contracts.replay_file import ReplayFileError, ReplayRecord, read_replay_file

if TYPE_CHECKING:
    from pytest_audiocontract.contracts.rules import Rule
    from pytest_audiocontract.spec.model import PackSpec

HOLDS, STILL_FAILS, UNUSABLE, NOT_REPRODUCED = 0, 1, 2, 3


class ReplayRefused(Exception):
    """The replay cannot start; the message says why and what to do."""


def replay(
    bundle: Path, pack: str | None = None, pack_paths: list[Path] | None = None, *, fresh: bool = False
) -> int:
    """Replay `bundle` on the pack `pack` (an id or a folder; default: the recorded one, if
    it is a pack found in model_packs/ or `pack_paths`). Returns the exit status."""
    from pytest_audiocontract.contracts.binding import Binding
    from pytest_audiocontract.contracts.rules import Check
    from pytest_audiocontract.errors import ContractViolation

    try:
        record = read_replay_file(bundle)
        spec = _chosen_pack(record, pack, pack_paths or [])
        rule = _rule(record)
        case = decode_case(record)
        earlier = [] if fresh else [(surface, make_case(c)) for surface, c in record.earlier_calls]
        model = _load(spec, record)
    except (ReplayFileError, ReplayRefused) as exc:
        print(f"audiocontract replay: cannot replay: {exc}", file=sys.stderr)
        return UNUSABLE
    except (OSError, KeyError, TypeError, ValueError) as exc:
        print(f"audiocontract replay: {bundle}: cannot replay: {type(exc).__name__}: {exc}", file=sys.stderr)
        return UNUSABLE
    binding = Binding(spec, record.variant, record.device, model)
    if earlier:
        print(
            f"putting the model through the run's {len(earlier)} earlier call(s) first "
            "(state kept across calls)"
        )
        for surface, earlier_case in earlier:
            binding.run_fresh(surface, earlier_case)  # answers and errors alike are only state
    check = Check(binding, rule.surface, rule.name, spec.facts(rule.surface))
    print(f"replaying {rule.id} on {binding.label}: {case.describe()}")
    try:
        rule.check(check, case)
    except ContractViolation as exc:
        print(f"FAILED  {exc.headline()}")
        return STILL_FAILS
    skipped = record.earlier_calls_total - len(earlier)
    if skipped:
        why = "--fresh skipped them" if fresh else f"only the first {len(earlier)} were recorded"
        print(
            f"not reproduced: {rule.id} holds on this input after {len(earlier)} earlier call(s), "
            f"but in the run it failed after {record.earlier_calls_total} ({why}); the failure may "
            f"need them (state kept across calls). Re-run it with pytest: pytest '{record.nodeid}'"
        )
        return NOT_REPRODUCED
    print(f"passed  {rule.id} holds on this input now")
    return HOLDS


def _chosen_pack(record: ReplayRecord, pack: str | None, pack_paths: list[Path]) -> PackSpec:
    from pytest_audiocontract.packs.discovery import PackNotFound, discover, resolve

    roots = [Path.cwd() / "model_packs", *pack_paths]
    if pack is not None:
        try:
            [root] = resolve([pack], roots, Path.cwd())[:1]
        except PackNotFound as exc:
            raise ReplayRefused(str(exc).replace("--model-pack", "--pack")) from None
    else:
        recorded = Path(record.pack_root).resolve()
        known = [p.root.resolve() for p in discover(roots)]
        if recorded not in known:
            raise ReplayRefused(
                f"{record.file} names pack folder {record.pack_root}, which is not a pack in "
                f"{', '.join(map(str, roots))}. A replay runs the pack's code, so name the pack "
                f"yourself: audiocontract replay {record.file} --pack ID_OR_FOLDER"
            )
        root = recorded
    from pytest_audiocontract.errors import ClaimsError
    from pytest_audiocontract.spec.loader import load_pack_spec

    try:
        spec = load_pack_spec(root)
    except ClaimsError as exc:
        raise ReplayRefused(f"the pack at {root} has an invalid claims.yaml:\n{exc}") from None
    if spec.id != record.pack:
        raise ReplayRefused(
            f"{record.file} is a failure of pack {record.pack!r}, but {root} is pack {spec.id!r}; "
            f"name the pack it came from: --pack {record.pack}"
        )
    return spec


def _rule(record: ReplayRecord) -> Rule:
    from pytest_audiocontract.contracts import rules_for
    from pytest_audiocontract.surfaces import SURFACES

    if record.surface not in SURFACES:
        raise ReplayFileError(
            f"{record.file}: surface={record.surface!r}, but should be one of {sorted(SURFACES)}"
        )
    names = [r.name for r in rules_for(record.surface)]
    found = [r for r in rules_for(record.surface) if r.name == record.rule]
    if not found:
        raise ReplayFileError(
            f"{record.file}: rule={record.rule!r}, but {record.surface} has the rules {', '.join(names)}"
        )
    rule = found[0]
    if rule.stateful:
        raise ReplayRefused(
            f"{rule.id} is a state machine; replay it with pytest: pytest '{record.nodeid}' (the ci "
            "profile is derandomised, so it replays the same steps)"
        )
    return rule


def _load(spec: PackSpec, record: ReplayRecord) -> object:
    from pytest_audiocontract.errors import MissingRequirement, PackLoadError
    from pytest_audiocontract.packs.loading import load_model

    if record.variant not in spec.variants or record.device not in spec.devices:
        raise ReplayRefused(
            f"{record.file}: variant {record.variant!r} on {record.device!r}, but pack {spec.id!r} has "
            f"variants {', '.join(spec.variants)} and devices {', '.join(spec.devices)}"
        )
    try:
        return load_model(spec, record.variant, record.device)
    except (MissingRequirement, PackLoadError) as exc:
        raise ReplayRefused(f"the model cannot be loaded, so nothing was replayed: {exc}") from None


def decode_case(record: ReplayRecord) -> AudioCase | ClassifyCase | StreamCase | TextCase:
    """The failing input: the saved WAV where there is one (checked against the record)."""
    data = record.case
    audio = None
    if data["kind"] != "text" and record.wav is not None:
        spec = audio_spec(data)
        samples, sr = read_audio(record.file.parent / record.wav)
        if sr != spec.sr or samples.size != spec.n_samples:
            raise ReplayFileError(
                f"{record.file}: {record.wav} is {samples.size} samples at {sr} Hz, but the record "
                f"says {spec.n_samples} at {spec.sr}"
            )
        audio = AudioCase(spec, samples)
    case: AudioCase | ClassifyCase | StreamCase | TextCase = make_case(data, audio)  # what cases.py makes
    return case
