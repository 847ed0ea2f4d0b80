"""`audiocontract ray`: the selected packs on a Ray cluster, one task per pack."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_audiocontract.cli import SubParsers


def add_ray_parser(sub: SubParsers) -> None:
    ray = sub.add_parser(
        "ray",
        help="run the selected packs on a Ray cluster, one task per pack (pytest --audiocontract-ray)",
        usage="audiocontract ray ADDRESS [-- PYTEST_ARGS...]",
    )
    ray.add_argument("address", help="the head node's HOST:PORT (or auto)")
    ray.set_defaults(handler=_ray)


def _ray(args: argparse.Namespace) -> int:
    import pytest

    return int(pytest.main(["--audiocontract-ray", args.address, *(args.new_runs or [])]))
