"""`audiocontract sweep`: every installed ASR pack over one file or dataset, one table.

Each pack is loaded once (not timed), warmed up on the first input, then timed on one pass
over the inputs (wall seconds and RTF); WER and CER come from the same pass where a reference
text is given. Packs whose requirements are missing are listed with the reason instead of a
figure.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pytest_audiocontract.types import AudioArray

if TYPE_CHECKING:
    from pytest_audiocontract.spec.model import PackSpec


@dataclass
class SweepRow:
    pack: str
    wer: float | None = None
    cer: float | None = None
    rtf: float | None = None
    wall_s: float | None = None  # the timed pass, seconds
    audio_s: float = 0.0
    text: str = ""
    problem: str = ""


def sweep_inputs(args: argparse.Namespace) -> tuple[list[tuple[AudioArray, int]], list[str] | None]:
    """The audio and (optional) reference texts named by --audio/--ref or --dataset."""
    if args.dataset:
        from pytest_audiocontract.spec.datasets import load_dataset

        dataset = load_dataset(args.dataset)
        items = [i for i in dataset if i.file]
        refs = [i.text or "" for i in items] if all(i.text is not None for i in items) else None
        return [dataset.audio(str(i.file)) for i in items], refs
    from pytest_audiocontract.audio.io import read_audio

    audio, sr = read_audio(Path(args.audio))
    return [(audio, sr)], ([args.ref] if args.ref is not None else None)


def sweep_pack(
    spec: PackSpec,
    surface: str,
    inputs: list[tuple[AudioArray, int]],
    refs: list[str] | None,
    chunk_ms: float,
    clock: Callable[[], float] = time.perf_counter,
) -> SweepRow:
    from pytest_audiocontract.bench.inputs import BenchInput
    from pytest_audiocontract.bench.run import round_target
    from pytest_audiocontract.errors import MissingRequirement
    from pytest_audiocontract.packs.loading import load_model

    row = SweepRow(spec.id)
    try:
        model = load_model(spec, spec.default_variant, "cpu")
        target, last = round_target(model, surface, BenchInput("sweep", audio=inputs), chunk_ms)
        round_target(model, surface, BenchInput("warm-up", audio=inputs[:1]), chunk_ms)[0]()
        start = clock()
        target()
        elapsed = clock() - start
    except MissingRequirement as exc:
        row.problem = f"skipped: {exc}"
        return row
    except Exception as exc:
        row.problem = f"failed: {type(exc).__name__}: {exc}"
        return row
    row.audio_s = last.audio_seconds
    row.wall_s = elapsed
    row.rtf = elapsed / row.audio_s if row.audio_s > 0 else None
    row.text = " / ".join(str(getattr(o, "text", o)) for o in last.outputs)  # Transcripts
    if refs is not None:
        from pytest_audiocontract.metrics.registry import compute

        row.wer = float(compute("wer", refs, last.outputs, inputs))
        row.cer = float(compute("cer", refs, last.outputs, inputs))
    return row


def run_sweep(args: argparse.Namespace, progress_stream: TextIO | None = None) -> int:
    """The sweep; what runs now goes to `progress_stream` (default stderr: a bar on a
    terminal, a line per pack elsewhere), the table to stdout."""
    from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION
    from pytest_audiocontract.packs.discovery import discover
    from pytest_audiocontract.progress import Progress

    if bool(args.dataset) == bool(args.audio):
        print("audiocontract sweep: give --audio FILE (with --ref TEXT for a WER) or --dataset NAME")
        return 2
    inputs, refs = sweep_inputs(args)
    roots = [Path("model_packs"), *map(Path, args.pack_path)]
    specs = [
        p.spec
        for p in discover(roots)
        if p.spec is not None
        and args.surface in p.spec.surfaces
        and (not args.pack or p.spec.id in args.pack)
    ]
    if not specs:
        print(f"audiocontract sweep: no pack with surface {args.surface} under {', '.join(map(str, roots))}")
        return 2
    progress = Progress(len(specs), stream=progress_stream)
    rows = []
    for spec in specs:
        progress.step(f"{spec.id} {args.surface} on {_inputs_label(args, inputs)}")
        rows.append(sweep_pack(spec, args.surface, inputs, refs, args.chunk_ms))
    progress.done()

    def order(row: SweepRow) -> tuple[float, str]:
        value = {"wer": row.wer, "cer": row.cer}.get(args.sort, row.rtf)
        return (math.inf if value is None else value, row.pack)

    rows.sort(key=order)
    print(render_rows(rows, refs is not None))
    if refs is not None:
        print(
            f"WER and CER after the text normaliser {NORMALISER_VERSION}; wall seconds and RTF "
            "of one pass after a warm-up, model loading not timed"
        )
    return 0


def _inputs_label(args: argparse.Namespace, inputs: list[tuple[AudioArray, int]]) -> str:
    seconds = sum(audio.size / sr for audio, sr in inputs)
    name = args.dataset or Path(args.audio).name
    return f"{name} ({len(inputs)} file(s), {seconds:.1f} s)"


def render_rows(rows: list[SweepRow], with_wer: bool) -> str:
    header = ["pack", *(["WER", "CER"] if with_wer else []), "RTF", "wall s", "audio s", "text"]
    table = [header]
    for r in rows:
        if r.problem:
            table.append([r.pack, *(["", ""] if with_wer else []), "", "", "", r.problem])
            continue
        table.append(
            [
                r.pack,
                *([_figure(r.wer, ".4f"), _figure(r.cer, ".4f")] if with_wer else []),
                _figure(r.rtf, ".4g"),
                _figure(r.wall_s, ".3f"),
                f"{r.audio_s:.2f}",
                r.text[:60],
            ]
        )
    widths = [max(len(row[i]) for row in table if i < len(row)) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip() for row in table
    )


def _figure(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)
