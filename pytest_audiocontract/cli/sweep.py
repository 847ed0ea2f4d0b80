"""`audiocontract sweep`: all ASR packs over one audio file or dataset (bench/sweep.py measures)."""

from __future__ import annotations

import argparse

from pytest_audiocontract.bench.sweep import run_sweep


def add_sweep_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "sweep", help="all ASR packs over one audio file or dataset, one table sorted by WER, CER or RTF"
    )
    parser.add_argument("--surface", choices=("asr", "asr_stream"), default="asr")
    parser.add_argument("--audio", help="an audio file")
    parser.add_argument("--ref", help="the reference text of --audio (gives a WER column)")
    parser.add_argument("--dataset", help="a dataset under fixtures/ (or a manifest path)")
    parser.add_argument("--sort", choices=("wer", "cer", "rtf"), default="wer")
    parser.add_argument(
        "--chunk-ms", type=float, default=160.0, help="chunk length for asr_stream, in ms (default 160)"
    )
    parser.add_argument(
        "--pack", action="append", default=[], metavar="ID", help="only these packs; repeatable"
    )
    parser.add_argument(
        "--pack-path",
        action="append",
        default=[],
        metavar="DIR",
        help="also look for packs in DIR; repeatable",
    )
    parser.set_defaults(handler=run_sweep)
