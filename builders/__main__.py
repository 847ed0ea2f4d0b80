"""`python -m builders NAME [--rebuild]`: build (or find) a checkpoint and print its folder.

`python -m builders NAME --env` prints `VAR=folder` instead, for `env $(...) pytest ...`.
"""

from __future__ import annotations

import argparse

from builders.cache import checkpoint
from builders.registry import BUILDERS, env_var


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m builders", description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(BUILDERS))
    parser.add_argument("--rebuild", action="store_true", help="build even if cached")
    parser.add_argument("--env", action="store_true", help="print VAR=folder for the pack")
    args = parser.parse_args()
    path = checkpoint(args.name, rebuild=args.rebuild)
    print(f"{env_var(args.name)}={path}" if args.env else path)


if __name__ == "__main__":
    main()
