"""Read a YAML file the plugin trusts no further than `yaml.safe_load`, with bounds.

`safe_load` alone accepts duplicate keys (the last wins, so a second `max:` quietly loosens a
gate), expands aliases without limit (a "billion laughs" file of a few hundred bytes grows to
gigabytes once a validator walks it) and dies on bytes that are not UTF-8. Here the file is
read once, composed once, its node graph checked (duplicate keys, aliases, expanded size,
depth), and only then constructed. Each problem is a `ClaimsProblem` with file, line and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pytest_audiocontract.errors import ClaimsError, ClaimsProblem


@dataclass(frozen=True)
class YamlLimits:
    """How much YAML a file may hold: bytes on disk, nodes once aliases are expanded, nesting
    depth, and alias uses (a hand-written claims.yaml or manifest needs few or none)."""

    max_bytes: int
    max_nodes: int
    max_depth: int = 32
    max_aliases: int = 100


CLAIMS_LIMITS = YamlLimits(max_bytes=256 * 1024, max_nodes=50_000)
MANIFEST_LIMITS = YamlLimits(max_bytes=16 * 1024 * 1024, max_nodes=2_000_000)


def read_bounded_yaml(path: Path, shown: str, limits: YamlLimits) -> tuple[object, yaml.Node | None]:
    """(data, root node) of the YAML file at `path`; `shown` is how problems name the file.

    Raises ClaimsError when the file cannot be read, is too large, is not UTF-8, is not
    valid YAML, or breaks a bound or repeats a key (every such problem is listed)."""
    text = _read_text(path, shown, limits)
    if _c_loader_fits(text):
        try:
            return _compose_checked(yaml.CSafeLoader(text), shown, limits)
        except (yaml.YAMLError, RecursionError):
            pass  # reported below, in the pure-Python reader's words (line, problem) as ever
    return _read_python(text, shown, limits)


# libyaml (CSafeLoader) composes several times faster than the pure-Python reader, with the same
# resolver and constructor. It is used only where its answer is the pure reader's: text with no
# character that reader refuses, nested so shallowly that libyaml's recursion (which Python's
# recursion limit does not guard) cannot run deep; every YAML error is re-read by the pure reader.
_NESTING_MARKS = re.compile(r"[\[{:?\n-]")
_C_MAX_MARKS = 2000


def _c_loader_fits(text: str) -> bool:
    if not getattr(yaml, "__with_libyaml__", False):
        return False
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False
    # Each nesting level needs one of these characters (or a new line): a bound on the depth.
    return len(_NESTING_MARKS.findall(text, 0, len(text))) <= _C_MAX_MARKS


def _compose_checked(
    loader: yaml.SafeLoader | yaml.CSafeLoader, shown: str, limits: YamlLimits
) -> tuple[object, yaml.Node | None]:
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        _NodeCheck(shown, limits).raise_problems(root)
        return loader.construct_document(root), root
    finally:
        loader.dispose()


def _read_python(text: str, shown: str, limits: YamlLimits) -> tuple[object, yaml.Node | None]:
    loader = yaml.SafeLoader(text)
    try:
        return _compose_checked(loader, shown, limits)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = None if mark is None else mark.line + 1
        reason = getattr(exc, "problem", None) or exc
        raise ClaimsError(
            [ClaimsProblem(shown, line, "(yaml)", f"is not valid YAML: {reason}; fix the syntax there")]
        ) from None
    except RecursionError:
        message = f"nests deeper than Python can read; keep it under {limits.max_depth} levels"
        raise ClaimsError([ClaimsProblem(shown, None, "(yaml)", message)]) from None


def _read_text(path: Path, shown: str, limits: YamlLimits) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ClaimsError([ClaimsProblem(shown, None, "(file)", f"cannot be read: {exc}")]) from None
    if len(raw) > limits.max_bytes:
        message = (
            f"is larger than {limits.max_bytes} bytes, the most this file may hold; is it the right file?"
        )
        raise ClaimsError([ClaimsProblem(shown, None, "(file)", message)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"is not UTF-8: byte 0x{raw[exc.start]:02x} at column {column} cannot be decoded; "
            "save the file as UTF-8"
        )
        raise ClaimsError([ClaimsProblem(shown, line, "(encoding)", message)]) from None


class _NodeCheck:
    """One walk over the composed graph. Shared nodes (aliases) are walked once: their
    expanded size and height are memoised, so the check costs the size of the text."""

    def __init__(self, shown: str, limits: YamlLimits) -> None:
        self.shown, self.limits = shown, limits
        self.problems: list[ClaimsProblem] = []
        self.sizes: dict[int, int] = {}
        self.heights: dict[int, int] = {}
        self.on_path: set[int] = set()
        self.aliases = 0

    def raise_problems(self, root: yaml.Node) -> None:
        size, height = self.walk(root, "")
        line = root.start_mark.line + 1
        if self.aliases > self.limits.max_aliases:
            self.add(
                line,
                "(yaml)",
                f"uses aliases (*name) {self.aliases} times, more than the {self.limits.max_aliases} "
                "allowed; write the values out",
            )
        if size > self.limits.max_nodes:
            self.add(
                line,
                "(yaml)",
                f"expands (aliases included) to more than {self.limits.max_nodes} values; "
                "is this an alias bomb? Write the values out",
            )
        if height > self.limits.max_depth:
            self.add(line, "(yaml)", f"nests {height} levels deep, more than {self.limits.max_depth}")
        if self.problems:
            raise ClaimsError(self.problems)

    def add(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(ClaimsProblem(self.shown, line, key, message))

    def walk(self, node: yaml.Node, path: str) -> tuple[int, int]:
        """(expanded size, height) of `node`, capped just past the limits."""
        ident = id(node)
        if ident in self.on_path:
            self.add(node.start_mark.line + 1, path or "(top level)", "refers to itself (a recursive alias)")
            return 1, 1
        if ident in self.sizes:
            self.aliases += 1
            return self.sizes[ident], self.heights[ident]
        self.on_path.add(ident)
        size, height = 1, 0
        for child_path, child in self.children(node, path):
            child_size, child_height = self.walk(child, child_path)
            size = min(size + child_size, self.limits.max_nodes + 1)
            height = max(height, child_height)
            if self.aliases > self.limits.max_aliases:
                break  # the bound is already broken: stop walking a bomb
        self.on_path.discard(ident)
        self.sizes[ident], self.heights[ident] = size, height + 1
        return size, height + 1

    def children(self, node: yaml.Node, path: str) -> list[tuple[str, yaml.Node]]:
        if isinstance(node, yaml.SequenceNode):
            return [(f"{path}[{i}]", child) for i, child in enumerate(node.value)]
        if not isinstance(node, yaml.MappingNode):
            return []
        out: list[tuple[str, yaml.Node]] = []
        first_line: dict[str, int] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "(complex key)"
            dotted = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if key in first_line and key != "<<":
                self.add(
                    line,
                    dotted,
                    f"appears twice (lines {first_line[key]} and {line}); YAML would keep only the "
                    "last, silently; remove one",
                )
            first_line.setdefault(key, line)
            out += [(dotted, key_node), (dotted, value)]
        return out
