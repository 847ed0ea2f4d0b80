"""The `audiocontract` command: the selector, claims validation, and failure replay.

Running contracts, benchmarks and claims is pytest's job (`pytest --model-pack ...`); these
subcommands cover what happens outside a test run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    # What add_subparsers() returns: argparse gives its class no public name.
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    new_runs: list[str] | None = None
    if (
        words[:1] in (["compare"], ["ray"], ["main"]) and "--" in words
    ):  # OLD... -- NEW... (argparse drops the "--")
        split = words.index("--")
        words, new_runs = words[:split], words[split + 1 :]
    args = parser.parse_args(words)
    args.new_runs = new_runs
    try:
        code: int = args.handler(args)
        return code
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    """One module per command: each adds its subparser, whose handler runs the command.
    Imported here, not at module level, so that `import pytest_audiocontract.cli` stays light."""
    from pytest_audiocontract.cli import (
        ab,
        compare,
        lint,
        listing,
        main_job,
        matrix,
        merge,
        pipeline,
        ray,
        replay,
        report,
        run,
        sweep,
        validate,
    )

    parser = argparse.ArgumentParser(prog="audiocontract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    listing.add_list_parser(sub)
    validate.add_validate_parser(sub)
    replay.add_replay_parser(sub)
    compare.add_compare_parser(sub)
    lint.add_lint_parser(sub)
    report.add_report_parser(sub)
    ab.add_ab_parser(sub)
    sweep.add_sweep_parser(sub)
    merge.add_merge_parser(sub)
    run.add_run_parser(sub)
    pipeline.add_pipeline_parser(sub)
    matrix.add_matrix_parser(sub)
    main_job.add_main_parser(sub)
    ray.add_ray_parser(sub)
    return parser
