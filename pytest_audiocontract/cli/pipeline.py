"""`audiocontract pipeline PIPELINE AUDIO`: validate a pipeline, run it on a file, show each
step's result. Bad input exits 2 with one line; a failing step exits 1 with one line."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_audiocontract.errors import MissingRequirement, PackLoadError
from pytest_audiocontract.pipelines.errors import PipelineError, PipelineStepError
from pytest_audiocontract.pipelines.validate import ResolvedStep

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_pipeline_parser(sub: SubParsers) -> None:
    pipe = sub.add_parser("pipeline", help="run a pipeline (config/pipelines/*.yaml) on a file")
    pipe.add_argument("pipeline", help="pipeline file, or a name in config/pipelines/")
    pipe.add_argument("audio", nargs="?", type=Path, help="audio file (any format soundfile reads, any rate)")
    pipe.add_argument("--text", help="the input text, for a pipeline that starts with tts")
    pipe.add_argument("--json", action="store_true", help="print JSON")
    pipe.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write every step's audio (enhanced, stems, speech) as WAV files here",
    )
    pipe.add_argument(
        "--pack-path",
        action="append",
        default=[],
        metavar="DIR",
        help="also look for packs in DIR; repeatable",
    )
    pipe.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    pipe.set_defaults(handler=pipeline_command)


def pipeline_command(args: argparse.Namespace) -> int:
    from pytest_audiocontract.cli.run import UsageProblem, read_input
    from pytest_audiocontract.packs.discovery import default_pack_roots
    from pytest_audiocontract.pipelines.runner import load_pipeline

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    from pytest_audiocontract.progress import Progress

    try:
        roots = [*map(Path, args.pack_path), *default_pack_roots()]
        pipeline = load_pipeline(args.pipeline, roots)
        if pipeline.takes_text and not args.text:
            raise UsageProblem(f"pipeline {pipeline.name!r} starts with tts: give --text TEXT")
        audio, sr = (
            (None, None) if pipeline.takes_text else read_input(args.audio, f"pipeline {pipeline.name!r}")
        )
        say(f"loading {len(pipeline.steps)} step(s) of {pipeline!r}...")
        # Each step's model loads, then each step runs: what runs now, and how far it is.
        shown = Progress(2 * len(pipeline.steps), stream=io.StringIO() if args.quiet else None)
        for step in pipeline.steps:
            shown.step(f"loading {step.label} ({step.pack.id})")
            pipeline.model(step)
    except PipelineError as exc:
        problems = "; ".join(" ".join(str(p).split()) for p in exc.problems)
        print(f"audiocontract pipeline: {problems}", file=sys.stderr)
        return 2
    except (UsageProblem, MissingRequirement) as exc:
        print(f"audiocontract pipeline: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    except PackLoadError as exc:
        print(f"audiocontract pipeline: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2

    def on_start(index: int, step: ResolvedStep) -> None:
        shown.step(f"running {step.label} ({step.pack.id} {step.step.surface})")

    def on_step(index: int, step: ResolvedStep, seconds: float) -> None:
        shown.note(f"step {index + 1}/{len(pipeline.steps)} {step.label}: {seconds:.2f} s")

    try:
        result = pipeline.run(audio, sr, text=args.text, on_step=on_step, on_start=on_start)
        shown.done()
    except PipelineStepError as exc:
        print(f"audiocontract pipeline: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    _show(pipeline.name, result.artifacts, result.seconds, args)
    return 0


def _show(
    name: str, artifacts: dict[str, object], seconds: dict[str, float], args: argparse.Namespace
) -> None:
    from pytest_audiocontract.cli.run_output import describe, to_json, write_outputs

    stem = args.audio.stem if args.audio is not None else name
    written = {
        step_id: write_outputs(result, args.out, f"{stem}.{step_id}") if args.out is not None else {}
        for step_id, result in artifacts.items()
    }
    last = list(artifacts)[-1]
    if args.json:
        print(
            json.dumps(
                {
                    "pipeline": name,
                    "final": to_json(artifacts[last], written[last]),
                    "artifacts": {k: to_json(v, written[k]) for k, v in artifacts.items()},
                    "seconds": seconds,
                }
            )
        )
        return
    for step_id, result in artifacts.items():
        print(f"== {step_id}{' (final)' if step_id == last else ''}")
        print("\n".join(describe(result, written[step_id])))
