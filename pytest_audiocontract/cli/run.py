"""`audiocontract run PACK AUDIO`: run one pack's surface on one file and show the result.

Problems with what the user gave (a missing or unreadable file, an unknown pack, a surface
the pack lacks, a package not installed) print one line naming the file, pack or surface and
exit 2; a model that raises prints one line and exits 1. Progress goes to stderr, results to
stdout (text, or JSON with --json; streams print one line per event as it arrives).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.errors import MissingRequirement, PackLoadError
from pytest_audiocontract.spec.model import PackSpec
from pytest_audiocontract.types import AudioArray, StreamEvent, Transcript

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers
    from pytest_audiocontract.progress import Progress


class UsageProblem(Exception):
    """Something the user gave cannot be used: one line, exit 2."""


def add_run_parser(sub: SubParsers) -> None:
    run = sub.add_parser("run", help="run one pack on an audio file and print its result")
    run.add_argument("pack", help="pack id or pack folder")
    run.add_argument(
        "audio", nargs="?", type=Path, help="audio file (any format soundfile reads, any rate); not for tts"
    )
    run.add_argument("--surface", help="which surface (default: the pack's only one)")
    run.add_argument("--variant", help="variant (default: the pack's first)")
    run.add_argument("--device", help="device (default: cpu where the pack has it)")
    run.add_argument("--json", action="store_true", help="print JSON (streams: one per line)")
    run.add_argument(
        "--chunk-ms",
        type=float,
        default=160.0,
        metavar="N",
        help="chunk length for asr_stream, in milliseconds (default 160)",
    )
    run.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write audio results (tts, enhance, separate stems) as WAV files here",
    )
    run.add_argument("--text", help="the text to speak (tts)")
    run.add_argument(
        "--pack-path",
        action="append",
        default=[],
        metavar="DIR",
        help="also look for packs in DIR; repeatable",
    )
    run.add_argument(
        "--normalise",
        action="store_true",
        help="scale a float file that peaks past full scale (1.0) to a peak of 1 (else refused)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    run.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except UsageProblem as exc:
        print(f"audiocontract run: {exc}", file=sys.stderr)
        return 2


def progress(args: argparse.Namespace, steps: int) -> Progress:
    """Loading, then running, on stderr (a bar on a terminal); nothing under --quiet."""
    from pytest_audiocontract.progress import Progress

    return Progress(steps, stream=io.StringIO() if args.quiet else None)


def find_pack(value: str, extra_roots: list[str]) -> PackSpec:
    """The spec of pack `value` (an id or a folder); UsageProblem when it cannot be used."""
    from pytest_audiocontract.packs.discovery import PackNotFound, read_pack, resolve

    roots = [
        Path("model_packs"),
        *map(Path, extra_roots),
        Path(__file__).resolve().parents[2] / "model_packs",
    ]
    try:
        folder = resolve([value], list(dict.fromkeys(roots)), Path.cwd())[0]
    except PackNotFound as exc:
        raise UsageProblem(str(exc).replace("--model-pack ", "pack ", 1)) from None
    found = read_pack(folder)
    if found.spec is None:
        first = found.error.problems[0] if found.error and found.error.problems else "unreadable"
        raise UsageProblem(
            f"pack {value!r}: invalid claims.yaml: {first} (see `audiocontract validate {folder}`)"
        )
    return found.spec


def read_input(path: Path | None, what: str, normalise: bool | None = None) -> tuple[AudioArray, int]:
    """Read an audio file as float32 mono, checked as run_input.py says; UsageProblem naming
    the file when it cannot be used, a line on stderr for what was changed (even --quiet)."""
    from pytest_audiocontract.audio.io import read_audio
    from pytest_audiocontract.cli.run_input import InputProblem, checked_input

    if path is None:
        raise UsageProblem(f"{what} needs an AUDIO file")
    if not path.is_file():
        raise UsageProblem(f"audio file {str(path)!r} does not exist")
    try:
        audio, sr = read_audio(path)
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise UsageProblem(f"audio file {str(path)!r} cannot be read as audio: {reason}") from None
    try:
        audio, sr, notes = checked_input(path, audio, sr, normalise=normalise)
    except InputProblem as exc:
        raise UsageProblem(str(exc)) from None
    for note in notes:
        print(f"audiocontract: {path}: {note}", file=sys.stderr, flush=True)
    return audio, sr


def load_or_explain(spec: PackSpec, variant: str, device: str) -> object:
    from pytest_audiocontract.packs.loading import load_model

    try:
        return load_model(spec, variant, device)
    except MissingRequirement as exc:
        raise UsageProblem(" ".join(str(exc).split())) from None
    except PackLoadError as exc:
        raise UsageProblem(str(exc).splitlines()[0]) from None


def _run(args: argparse.Namespace) -> int:
    spec = find_pack(args.pack, args.pack_path)
    surface = _surface(spec, args)
    variant = args.variant or spec.default_variant
    if variant not in spec.variants:
        raise UsageProblem(
            f"pack {spec.id!r} has no variant {variant!r}; it offers {', '.join(spec.variants)}"
        )
    device = args.device or ("cpu" if "cpu" in spec.devices else spec.devices[0])
    if device not in spec.devices:
        raise UsageProblem(f"pack {spec.id!r} runs on {', '.join(spec.devices)}, not {device!r}")
    if surface == "tts":
        if not args.text:
            raise UsageProblem(f"{spec.id}/tts needs --text TEXT")
        audio, sr = None, 0
    else:
        audio, sr = read_input(args.audio, f"{spec.id}/{surface}", args.normalise)
    shown = progress(args, 2)
    shown.step(f"loading {spec.id} (variant {variant}, device {device})...")
    started = time.perf_counter()
    model = load_or_explain(spec, variant, device)
    shown.note(f"loaded {spec.id} in {time.perf_counter() - started:.1f} s")
    what = "the text" if audio is None else f"{audio.size / sr:.2f} s of audio at {sr} Hz"
    running = f"running {spec.id}/{surface} on {what}..."
    # A stream prints its events as they come: its line stands alone, not as a bar above them.
    if surface == "asr_stream":
        shown.note(f"[2/2] {running}")
    else:
        shown.step(running)
    started = time.perf_counter()
    try:
        result: object
        if surface == "asr_stream":
            assert audio is not None
            result = _stream(model, audio, sr, args)
        else:
            result = _call(model, surface, audio, sr, args.text)
    except Exception as exc:
        message = " ".join(str(exc).split())
        print(
            f"audiocontract run: {spec.id}/{surface} raised {type(exc).__name__}: {message}", file=sys.stderr
        )
        return 1
    shown.note(f"done in {time.perf_counter() - started:.2f} s")
    _show(result, args, spec.id, surface)
    return 0


def _surface(spec: PackSpec, args: argparse.Namespace) -> str:
    if args.surface:
        if args.surface not in spec.surfaces:
            raise UsageProblem(
                f"pack {spec.id!r} has no surface {args.surface!r}; it offers {', '.join(spec.surfaces)}"
            )
        return str(args.surface)
    surfaces = list(spec.surfaces)
    if len(surfaces) > 1 and "tts" in surfaces:
        surfaces = ["tts"] if args.text and args.audio is None else [s for s in surfaces if s != "tts"]
    if len(surfaces) != 1:
        raise UsageProblem(f"pack {spec.id!r} offers {', '.join(spec.surfaces)}: choose one with --surface")
    return surfaces[0]


def _call(model: object, surface: str, audio: AudioArray | None, sr: int, text: str | None) -> object:
    from pytest_audiocontract.surfaces import SURFACES

    method = getattr(model, SURFACES[surface].method)
    if surface == "tts":
        return method(text)
    return method(audio, sr)


def _stream(model: object, audio: AudioArray, sr: int, args: argparse.Namespace) -> Transcript:
    """Drive a stream in `--chunk-ms` chunks, printing each event as its call returns."""
    from pytest_audiocontract.protocols import AsrStreamModel, Stream
    from pytest_audiocontract.streaming.driver import drive_stream

    if not isinstance(model, AsrStreamModel):
        raise TypeError(f"{type(model).__name__} has no start_stream(sr), which asr_stream needs")

    def show(events: list[StreamEvent]) -> list[StreamEvent]:
        from dataclasses import asdict

        from pytest_audiocontract.cli.run_output import describe_event

        for event in events:
            line = json.dumps({"event": asdict(event)}) if args.json else describe_event(event)
            print(line, flush=True)
        return events

    class Printing:
        def __init__(self, stream: Stream) -> None:
            self.stream = stream

        def push_audio(self, chunk: AudioArray) -> list[StreamEvent]:
            return show(self.stream.push_audio(chunk))

        def flush(self) -> list[StreamEvent]:
            return show(self.stream.flush())

        def finalize(self) -> Transcript:
            return self.stream.finalize()

        def close(self) -> None:
            self.stream.close()

    return drive_stream(
        lambda rate: Printing(model.start_stream(rate)), audio, sr, chunk_ms=args.chunk_ms
    ).transcript


def _show(result: object, args: argparse.Namespace, pack_id: str, surface: str) -> None:
    from pytest_audiocontract.cli.run_output import describe, to_json, write_outputs

    written: dict[str, Path] = {}
    if args.out is not None:
        stem = f"{args.audio.stem}.{pack_id}" if args.audio is not None else pack_id
        written = write_outputs(result, args.out, stem)
    if args.json:
        payload = to_json(result, written)
        print(json.dumps({"transcript": payload} if surface == "asr_stream" else payload))
    else:
        print("\n".join(describe(result, written)))
