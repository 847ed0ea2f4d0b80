"""No import cycle between the package's folders (and its top-level modules).

Each node is a folder of pytest_audiocontract/ (`contracts`, `spec`, ...) or a top-level module
(`session`, `errors`, ...); an edge is a module-level import from one node into another, read
from the AST. Imports inside functions (laziness of heavy modules) and under `if TYPE_CHECKING:`
are not edges: they never run at import time. KNOWN_BACK_EDGES are the imports that still close
a cycle (issue 14); each is checked to exist, so fixing one means deleting it here.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "pytest_audiocontract"
NAME = PACKAGE.name

# (importer, imported) -> why it goes back up: none today; one added here needs its reason.
KNOWN_BACK_EDGES: dict[tuple[str, str], str] = {}


def _node(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            yield stmt
        elif isinstance(stmt, ast.If):
            if not (isinstance(stmt.test, ast.Name) and stmt.test.id == "TYPE_CHECKING"):
                yield from _module_level_imports(stmt.body)
            yield from _module_level_imports(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for block in (stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)):
                yield from _module_level_imports(block)


def _imported(stmt: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(stmt, ast.Import):
        return [a.name for a in stmt.names]
    if stmt.module is None:  # a relative import: the package uses absolute ones only
        raise AssertionError(f"relative import at line {stmt.lineno}")
    if stmt.module == NAME:  # from pytest_audiocontract import x: x is the node
        return [f"{NAME}.{a.name}" for a in stmt.names]
    return [stmt.module]


def folder_graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        source = _node(dotted)
        for stmt in _module_level_imports(ast.parse(path.read_text(encoding="utf-8")).body):
            for target in _imported(stmt):
                if target.split(".")[0] == NAME and _node(target) != source:
                    edges[source].add(_node(target))
    return edges


def _a_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_folders_import_each_other_without_a_cycle() -> None:
    edges = folder_graph()
    for source, target in KNOWN_BACK_EDGES:
        edges[source].discard(target)
    cycle = _a_cycle(edges)
    assert cycle is None, f"import cycle {' -> '.join(cycle)}, but the folders should form layers"


def test_each_known_back_edge_still_exists() -> None:
    edges = folder_graph()
    gone = [f"{s} -> {t}" for s, t in KNOWN_BACK_EDGES if t not in edges.get(s, set())]
    assert not gone, f"{gone} no longer imported: delete them from KNOWN_BACK_EDGES"
