"""The claim-leak gate: measured figures in a pack's docs that its claims.yaml does not declare.

A pack's README.md and docs/ may state a WER, an RTF, a latency, a score only where
claims.yaml claims the same metric, because the claim is what CI measures. A *figure* here is
a number on the same line as a metric word and within a few words of it ("WER 0.12",
"RTF of 0.3", "latency: 250 ms", "+6 dB SI-SNR"), labelled by the metric word of its own
clause, not by whichever word happens to be closest across a comma. Numbers in version
strings, model names and sample rates are not figures.

    audiocontract lint-claims [PATH ...]       # exit 1 and `file:line` for every leak
    pytest --model-pack X                      # the item docs::claims_declared[X] gates it
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_audiocontract.metric_names import METRICS

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr  # pytest's failure text type; no public name

    from pytest_audiocontract.item_key import NodeArgs
    from pytest_audiocontract.spec.model import PackSpec

WINDOW_CHARS = 40  # how far from a metric word a number still belongs to it


def _metric_words() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """Each metric word of metric_names.METRICS, with every metric that names it."""
    named: dict[str, set[str]] = {}
    for info in METRICS.values():
        for pattern in info.words:
            named.setdefault(pattern, set()).add(info.name)
    return tuple((re.compile(p, re.IGNORECASE), frozenset(m)) for p, m in named.items())


# metric word -> the claim metrics any one of which makes a figure near it declared
METRIC_WORDS = _metric_words()
# A number: not glued to letters, underscores or other digits-with-dots (versions, names).
NUMBER = re.compile(r"(?<![\w.\-/])[-+]?\d+(?:\.\d+)?(?![\w.]*\d)(?:\s*(?:%|ms|s|dB|MB|x)\b)?")
DOC_SUFFIXES = (".md", ".rst", ".txt")


@dataclass(frozen=True)
class Leak:
    """A figure at file:line near `word`, for metrics none of which claims.yaml declares."""

    file: Path
    line: int
    figure: str
    word: str
    metrics: frozenset[str]

    def __str__(self) -> str:
        wanted = " or ".join(sorted(self.metrics))
        return (
            f"{self.file}:{self.line}: {self.word} {self.figure!r} is a measured figure, "
            f"but claims.yaml declares no {wanted} claim; declare it or remove the figure"
        )


def declared_metrics(pack_root: Path) -> set[str]:
    """The metrics of every claim in the pack's claims.yaml (read leniently: no validation)."""
    from pytest_audiocontract.errors import ClaimsError
    from pytest_audiocontract.spec.bounded_yaml import CLAIMS_LIMITS, read_bounded_yaml

    claims_file = pack_root / "claims.yaml"
    try:
        raw, _root = read_bounded_yaml(claims_file, str(claims_file), CLAIMS_LIMITS)
    except ClaimsError:
        return set()  # the file's own problem; `validate` and claims::valid report it
    claims = raw.get("claims") if isinstance(raw, dict) else None
    return {str(c["metric"]) for c in claims or [] if isinstance(c, dict) and "metric" in c}


def doc_files(pack_root: Path) -> list[Path]:
    """README* at the pack's top and every text document under docs/."""
    found = sorted(p for p in pack_root.glob("README*") if p.suffix in (*DOC_SUFFIXES, ""))
    docs = pack_root / "docs"
    if docs.is_dir():
        found += sorted(p for p in docs.rglob("*") if p.suffix in DOC_SUFFIXES)
    return found


Word = tuple[int, int, str, frozenset[str]]  # start, end, text, metrics

# Where one clause ends and the next begins: a comma, semicolon, table bar or full stop (not
# the point of a decimal number).
_CLAUSE_BREAK = re.compile(r"[,;|]|\.(?!\d)")


def figures(text: str) -> Iterator[tuple[int, str, str, frozenset[str]]]:
    """(line number, figure, metric word, metrics) for every number within WINDOW_CHARS of a
    metric word on its line. A number belongs to the nearest metric word of its own clause
    ("RTF under 0.001, peak memory around 50 MB": 0.001 is the RTF's), else to the nearest
    metric word before it on the line ("RTF is low, around 0.3")."""
    for number, line in enumerate(text.splitlines(), start=1):
        words: list[Word] = [
            (m.start(), m.end(), m.group(), metrics)
            for pattern, metrics in METRIC_WORDS
            for m in pattern.finditer(line)
        ]
        if not words:
            continue
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(line)]
        for figure in NUMBER.finditer(line):
            word = _owner(words, figure.span(), breaks)
            if word is not None and _gap(word, figure.span()) <= WINDOW_CHARS:
                yield number, figure.group().strip(), word[2], word[3]


def _gap(word: Word, span: tuple[int, int]) -> int:
    return max(word[0] - span[1], span[0] - word[1], 0)


def _owner(words: list[Word], span: tuple[int, int], breaks: list[int]) -> Word | None:
    start = max([b for b in breaks if b < span[0]], default=-1)
    end = min([b for b in breaks if b >= span[1]], default=1 << 30)
    clause = [w for w in words if w[0] > start and w[1] <= end]
    if clause:  # nearest in the clause; on a tie, the word before the number, then the longer
        return min(clause, key=lambda w: (_gap(w, span), w[0] > span[0], w[0] - w[1]))
    before = [w for w in words if w[1] <= span[0]]
    return max(before, key=lambda w: w[1]) if before else None


def leaks_in_pack(pack_root: Path) -> list[Leak]:
    declared = declared_metrics(pack_root)
    found: dict[tuple[Path, int, str], Leak] = {}
    for path in doc_files(pack_root):
        for line, figure, word, metrics in figures(path.read_text(encoding="utf-8")):
            if metrics & declared:
                continue
            found.setdefault((path, line, figure), Leak(path, line, figure, word, metrics))
    return list(found.values())


def pack_roots(paths: Iterable[Path]) -> list[Path]:
    """Pack folders: each path that holds a claims.yaml, or the packs one level below it."""
    roots: list[Path] = []
    for path in paths:
        path = path.parent if path.name == "claims.yaml" else path
        if (path / "claims.yaml").is_file():
            roots.append(path)
        else:
            roots += sorted(p.parent for p in path.glob("*/claims.yaml"))
    return roots


def lint(paths: Iterable[Path]) -> tuple[list[Path], list[Leak]]:
    roots = pack_roots(paths)
    return roots, [leak for root in roots for leak in leaks_in_pack(root)]


class DocsCollector(pytest.Collector):
    """`docs::claims_declared[<pack>]`: the claim-leak gate as a test item of the pack."""

    def __init__(self, *, spec: PackSpec, **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def collect(self) -> Iterator[pytest.Item]:
        from pytest_audiocontract.item_key import ItemKey, child_nodeid, tag

        name = f"claims_declared[{self.spec.id}]"
        item = ClaimsDeclaredItem.from_parent(
            self, name=name, nodeid=child_nodeid(self, name), spec=self.spec
        )
        tag(item, ItemKey("docs", self.spec.id, "docs", name, rule="claims_declared"))
        yield item


class ClaimLeaks(AssertionError):
    """A pack's docs state figures its claims.yaml does not declare."""


class ClaimsDeclaredItem(pytest.Item):
    def __init__(self, *, spec: PackSpec, **kwargs: NodeArgs) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        leaks = leaks_in_pack(self.spec.root)
        if leaks:
            raise ClaimLeaks("\n".join(map(str, leaks)))

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, ClaimLeaks):
            return (
                f"{self.spec.id}: its docs state figures that claims.yaml does not "
                f"declare (the claim-leak gate):\n{excinfo.value}"
            )
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.spec.root / "README.md", 0, f"{self.spec.id}: claims declared"
