"""`audiocontract ab BASELINE CANDIDATE`: is the candidate slower, costlier or worse?

Both packs (ids or folders: a `git worktree` of the last release beside the working tree, say)
load into their own worker processes; their benchmark inputs run alternately, A B or B A drawn
per pair, after a warm-up each. Exit 0: no regression; 1: a metric regressed beyond its
threshold with confidence (each is named); 2: a usage error.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from pytest_audiocontract.ab.paired import CONFIDENCE, pairs_needed
from pytest_audiocontract.ab.verdict import Row, judge_trial
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.render.aligned import aligned
from pytest_audiocontract.results.record_comparison import add_into_option

if TYPE_CHECKING:
    from pytest_audiocontract.isolation.proxy import IsolatedModel
    from pytest_audiocontract.spec.model import PackSpec

DEFAULT_ROUNDS = 10


class PackRef(TypedDict):
    pack: str
    root: str


class SideTimes(TypedDict):
    wall_s: list[float]  # per round: seconds inside the model's calls
    cpu_s: list[float]  # per round: CPU seconds of its worker


class RoundTimes(TypedDict):
    item: str  # surface/input
    order: list[str]  # "AB" or "BA", per pair
    baseline: SideTimes
    candidate: SideTimes


class Context(TypedDict):
    """What the verdicts were measured on (printed with them, and in --json)."""

    baseline: PackRef
    candidate: PackRef
    rounds: int
    seed: int
    confidence: float
    rounds_s: list[RoundTimes]


def add_ab_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ab = sub.add_parser(
        "ab",
        help="two packs benchmarked side by side, interleaved in one session: regressions with confidence",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ab.add_argument("baseline", help="pack id or folder (the reference: the last release, say)")
    ab.add_argument("candidate", help="pack id or folder (the change under test)")
    ab.add_argument("--surface", action="append", default=[], help="only this surface (repeatable)")
    ab.add_argument("--variant", help="variant of both packs (default: each pack's default)")
    ab.add_argument("--device", default="cpu", help="device of both packs (default cpu)")
    ab.add_argument(
        "--rounds",
        type=int,
        default=DEFAULT_ROUNDS,
        help=f"pairs of rounds per input (default {DEFAULT_ROUNDS}; at least {pairs_needed()})",
    )
    ab.add_argument(
        "--threshold",
        action="append",
        default=[],
        metavar="[METRIC=]PCT",
        help="regression threshold in percent (default 10), for all metrics or one "
        "(cpu_s=5, wall_s=20, wer=0); repeatable",
    )
    ab.add_argument("--seed", type=int, default=0, help="seed of the A/B order (default 0)")
    ab.add_argument("--timeout", type=float, default=300.0, help="seconds one call may take (default 300)")
    ab.add_argument("--pack-path", action="append", default=[], help="also look for pack ids in DIR")
    ab.add_argument("--json", action="store_true", help="print every round and verdict as JSON")
    add_into_option(ab.add_argument, "verdicts")
    ab.set_defaults(handler=run_ab)


def run_ab(args: argparse.Namespace) -> int:
    from pytest_audiocontract.cli.run import UsageProblem
    from pytest_audiocontract.results.compare import Options

    options = Options()
    try:
        options.add_thresholds(args.threshold)
        if args.rounds < pairs_needed():
            raise UsageProblem(
                f"--rounds {args.rounds}: at least {pairs_needed()} pairs are needed for a "
                f"{CONFIDENCE:.0%} interval of the median ratio"
            )
        rows, context = _measure(args, options.threshold)
    except (UsageProblem, ValueError) as exc:
        print(f"audiocontract ab: {exc}", file=sys.stderr)
        return 2
    regressions = [r for r in rows if r.is_regression]
    if args.into is not None:
        try:
            page = _record(args.into, rows, context)
        except (OSError, ValueError) as exc:
            print(f"audiocontract ab: {exc}", file=sys.stderr)
            return 2
        print(f"ab: verdicts recorded in {page}", file=sys.stderr)
    if args.json:
        print(json.dumps({**context, "rows": [_row_json(r) for r in rows]}, indent=2))
    else:
        print(render(rows, context))
    if regressions:
        named = ", ".join(f"{r.item} {r.metric} {r.change_pct:+.1f}%" for r in regressions)
        print(f"\n{len(regressions)} regression(s): {named}", file=sys.stderr if args.json else sys.stdout)
        return 1
    if not args.json:
        print("\nno regression beyond the thresholds")
    return 0


def _measure(args: argparse.Namespace, threshold: Callable[[str], float]) -> tuple[list[Row], Context]:
    from pytest_audiocontract.ab.interleave import interleave
    from pytest_audiocontract.bench.inputs import bench_input, input_names
    from pytest_audiocontract.cli.run import UsageProblem, find_pack
    from pytest_audiocontract.isolation.crash import PackCrashed

    base_spec = find_pack(args.baseline, args.pack_path)
    cand_spec = find_pack(args.candidate, args.pack_path)
    surfaces = [s for s in base_spec.surfaces if s in cand_spec.surfaces]
    if args.surface:
        surfaces = [s for s in surfaces if s in args.surface]
    if not surfaces:
        raise UsageProblem(
            f"{base_spec.id} ({', '.join(base_spec.surfaces)}) and {cand_spec.id} "
            f"({', '.join(cand_spec.surfaces)}) share no surface"
            + (f" among {', '.join(args.surface)}" if args.surface else "")
        )
    base_model = _start(base_spec, args)
    try:
        cand_model = _start(cand_spec, args)
    except BaseException:
        base_model.close_worker()
        raise
    rng = random.Random(args.seed)
    rows: list[Row] = []
    rounds: list[RoundTimes] = []
    try:
        for surface in surfaces:
            stems = tuple(base_spec.facts(surface).get("stems", []))
            for name in input_names(base_spec, surface):
                data = bench_input(base_spec, surface, name, Path.cwd())
                print(f"ab: {surface}/{name}, {args.rounds} pairs...", file=sys.stderr, flush=True)
                try:
                    trial = interleave(surface, data, base_model, cand_model, args.rounds, rng)
                except (Exception, PackCrashed) as exc:  # a model that fails cannot be timed
                    message = " ".join(str(exc).split())[:300]
                    raise UsageProblem(
                        f"{surface}/{name}: a model failed, nothing to compare "
                        f"({type(exc).__name__}: {message}); run `audiocontract run` on each pack to see it"
                    ) from None
                rows.extend(judge_trial(trial, threshold, stems))
                base, cand = trial.baseline, trial.candidate
                rounds.append(
                    RoundTimes(
                        item=f"{surface}/{name}",
                        order=trial.order,
                        baseline=SideTimes(wall_s=base.wall_s, cpu_s=base.cpu_s),
                        candidate=SideTimes(wall_s=cand.wall_s, cpu_s=cand.cpu_s),
                    )
                )
    finally:
        base_model.close_worker()
        cand_model.close_worker()
    context = Context(
        baseline=PackRef(pack=base_spec.id, root=str(base_spec.root)),
        candidate=PackRef(pack=cand_spec.id, root=str(cand_spec.root)),
        rounds=args.rounds,
        seed=args.seed,
        confidence=CONFIDENCE,
        rounds_s=rounds,
    )
    return rows, context


def _record(into: Path, rows: list[Row], context: Context) -> Path:
    from pytest_audiocontract.results.record_comparison import record_comparison

    changes: list[JSONObject] = [
        {
            "pack": context["candidate"]["pack"],
            "item": r.item,
            "metric": r.metric,
            "old": r.baseline,
            "new": r.candidate,
            "change_pct": r.change_pct,
            "verdict": f"{r.verdict} ({r.note})" if r.note else r.verdict,
        }
        for r in rows
    ]
    title = (
        f"audiocontract ab: baseline {context['baseline']['pack']} ({context['baseline']['root']}) -> "
        f"candidate {context['candidate']['pack']} ({context['candidate']['root']})"
    )
    note = f"{context['rounds']} interleaved pairs per input; ratio intervals at {CONFIDENCE:.0%}"
    return record_comparison(into, title, changes, note)


def _start(spec: PackSpec, args: argparse.Namespace) -> IsolatedModel:
    from pytest_audiocontract.cli.run import UsageProblem
    from pytest_audiocontract.errors import MissingRequirement, PackLoadError
    from pytest_audiocontract.isolation.process import IsolationLimits
    from pytest_audiocontract.isolation.proxy import isolated_model

    variant = args.variant or spec.default_variant
    if variant not in spec.variants:
        offers = ", ".join(spec.variants)
        raise UsageProblem(f"pack {spec.id!r} has no variant {variant!r}; it offers {offers}")
    if args.device not in spec.devices:
        raise UsageProblem(f"pack {spec.id!r} runs on {', '.join(spec.devices)}, not {args.device!r}")
    try:
        return isolated_model(spec, variant, args.device, IsolationLimits(timeout_s=args.timeout))
    except MissingRequirement as exc:
        raise UsageProblem(" ".join(str(exc).split())) from None
    except PackLoadError as exc:
        raise UsageProblem(str(exc).splitlines()[0]) from None


def render(rows: list[Row], context: Context) -> str:
    head = (
        f"baseline {context['baseline']['pack']} ({context['baseline']['root']}), "
        f"candidate {context['candidate']['pack']} ({context['candidate']['root']}): "
        f"{context['rounds']} interleaved pairs per input, order drawn with seed {context['seed']}, "
        "each model in its own worker process"
    )
    table = [("item", "metric", "baseline", "candidate", "ratio", f"{CONFIDENCE:.0%} interval", "verdict")]
    for r in rows:
        interval = "exact" if r.ratio is None else f"[{r.ratio.low:.3f}, {r.ratio.high:.3f}]"
        ratio = f"{r.ratio.median:.3f}" if r.ratio else f"{r.change_pct:+.1f}%"
        verdict = f"{r.verdict} ({r.note})" if r.note else r.verdict
        table.append((r.item, r.metric, f"{r.baseline:.4g}", f"{r.candidate:.4g}", ratio, interval, verdict))
    lines = aligned(table)
    foot = (
        "wall_s: seconds inside the model's calls; cpu_s: CPU seconds of its worker, all threads. "
        "ratio = candidate / baseline, the median over pairs; a timing metric regresses when its "
        "whole interval lies beyond 1 + threshold. Quality figures compare exactly."
    )
    return "\n".join([head, "", *lines, "", foot])


def _row_json(row: Row) -> dict[str, object]:
    found: dict[str, object] = asdict(row)
    found["change_pct"] = row.change_pct
    return found
