"""Reproduction bundles: the (shrunk) failing input as a WAV, a JSON record, a replay command."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pytest_audiocontract.audio.io import write_audio
from pytest_audiocontract.contracts.cases import audio_of, encode_case
from pytest_audiocontract.contracts.rules import Check
from pytest_audiocontract.redact import scrub


def bundle_name(nodeid: str) -> str:
    tail = nodeid.split("::", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", tail).strip("_")[:150]


def write_bundle(
    directory: Path, nodeid: str, check: Check, case: object, message: str, earlier: int = 0
) -> Path:
    """Write `<name>.json` (and `<name>.wav` when the input is audio); return the JSON path.

    The name ends in a digest of the input: several inputs of one rule can fail in one run
    (explicit examples each are final), and each message must point at its own input.
    `earlier` is how many calls the model had answered before this input's check: they are
    recorded (`earlier_calls`), so a replay can put a fresh model through them first.
    """
    directory.mkdir(parents=True, exist_ok=True)
    encoded = encode_case(case)
    digest = hashlib.sha1(json.dumps(encoded, sort_keys=True).encode()).hexdigest()[:8]
    name = f"{bundle_name(nodeid)}-{digest}"
    record: dict[str, object] = {
        "nodeid": nodeid,
        "pack_root": str(check.binding.spec.root),
        "pack": check.binding.spec.id,
        "variant": check.binding.variant,
        "device": check.binding.device,
        "surface": check.surface,
        "rule": check.rule,
        "message": message,
        "case": encoded,
        "earlier_calls": check.binding.log.first(earlier),
        "earlier_calls_total": earlier,
    }
    audio = audio_of(case)
    if audio is not None:
        wav = write_audio(directory / f"{name}.wav", audio.audio, audio.sr)
        record["wav"] = wav.name
    path = directory / f"{name}.json"
    path.write_text(scrub(json.dumps(record, indent=2)) + "\n", encoding="utf-8")
    return path


def replay_command(bundle: Path, pack_root: Path) -> str:
    """The replay names its pack on the command line: a replay file alone never picks the
    code that runs."""
    return f"audiocontract replay {bundle} --pack {pack_root}"
