"""What `audiocontract validate` checks beyond the claims.yaml itself: the files it names.

The adapter's factory is looked for statically (the module is parsed, never imported, so
validation runs no pack code and needs none of its runtimes); a claim's dataset must be
found and its manifest must parse, with the audio files it lists present.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.spec.model import PackSpec


def pack_file_problems(spec: PackSpec, rootdir: Path) -> list[ClaimsProblem]:
    """Problems with the adapter factory and the datasets `spec` names (none: all found)."""
    shown = str(spec.claims_file)
    problems = _factory_problems(spec, shown)
    seen: set[str] = set()
    for claim in spec.claims:
        if claim.dataset and claim.dataset not in seen:
            seen.add(claim.dataset)
            problems += _dataset_problems(claim.dataset, spec, rootdir, shown, claim.line)
    return problems


def adapter_source(spec: PackSpec) -> Path:
    module = spec.root.joinpath(*spec.adapter_module.split("."))
    file = module.with_suffix(".py")
    return file if file.is_file() else module / "__init__.py"


def _factory_problems(spec: PackSpec, shown: str) -> list[ClaimsProblem]:
    source = adapter_source(spec)
    line = _key_line(spec.claims_file, "adapter")
    try:
        tree = ast.parse(source.read_bytes(), filename=str(source))
    except OSError:
        return []  # a missing module is the loader's problem, reported already
    except (SyntaxError, ValueError) as exc:
        where = f"{source}:{getattr(exc, 'lineno', None) or '?'}"
        return [ClaimsProblem(shown, line, "adapter", f"module {where} does not parse: {exc}; fix it there")]
    names = _top_level_names(tree.body)
    if spec.adapter_factory in names or "*" in names or "__getattr__" in names:
        return []  # found, or defined where only importing would tell
    defs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    defined = sorted(n.name for n in tree.body if isinstance(n, defs) and not n.name.startswith("_"))[:8]
    return [
        ClaimsProblem(
            shown,
            line,
            "adapter",
            f"names factory {spec.adapter_factory!r}, but {source} defines no top-level "
            f"{spec.adapter_factory!r} (it defines {', '.join(defined) or 'nothing'}); "
            f"add `def {spec.adapter_factory}(variant, device):` there or fix the name",
        )
    ]


def _key_line(claims_file: Path, key: str) -> int | None:
    """The line of a top-level `key:` in claims.yaml (None if it cannot be found)."""
    try:
        lines = claims_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((i for i, text in enumerate(lines, 1) if re.match(rf"{key}\s*:", text)), None)


def _top_level_names(body: list[ast.stmt]) -> set[str]:
    """Names bound at module level, looking into if/try/with blocks but not into functions."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
            for block in ("body", "orelse", "finalbody"):
                names |= _top_level_names(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                names |= _top_level_names(handler.body)
    return names


def _dataset_problems(
    name: str, spec: PackSpec, rootdir: Path, shown: str, line: int | None
) -> list[ClaimsProblem]:
    from pytest_audiocontract.gates.sources import resolve_dataset

    try:
        resolve_dataset(name, spec.root, rootdir)
    except ClaimsError as exc:
        return [_at_claim(p, shown, line, name) for p in exc.problems]
    return []


def _at_claim(problem: ClaimsProblem, shown: str, line: int | None, name: str) -> ClaimsProblem:
    """A manifest's own problem keeps its file and line; a dataset not found points at the claim."""
    if problem.key == "dataset":
        return ClaimsProblem(shown, line, "claims.dataset", problem.message)
    return ClaimsProblem(
        problem.file, problem.line, problem.key, f"{problem.message} (dataset {name!r} of {shown})"
    )
