"""Read a bounded YAML file and tell, for error messages, the line each key path stands on.

claims.yaml, pipeline files and dataset manifests all report a problem as (file, line, key):
`load_yaml_lines` reads the file once (bounded, see spec/bounded_yaml.py) and keeps its node
graph, so `YamlLines.line(("items", 3, "file"))` finds the line of that key, or of the nearest
enclosing node that exists when the key is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from pytest_audiocontract.spec.bounded_yaml import YamlLimits, read_bounded_yaml

KeyPath = tuple[str | int, ...]
"""Mapping keys and list indexes from the document's top, e.g. ("steps", 1, "surface")."""


@dataclass(frozen=True)
class YamlLines:
    """The composed node graph of one YAML document; `root` is None for an empty file."""

    root: yaml.Node | None

    def line(self, path: Sequence[str | int], key: str | None = None) -> int | None:
        """1-based line of the node at `path` (of its key, for a mapping entry); where the path
        leaves the document, the line of the deepest node it reached. With `key` (a dotted
        name), the line of its last part when that is a key of the node at `path`."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in path:
            child = _child(node, part)
            if child is None:
                return line
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        if key and isinstance(node, yaml.MappingNode):
            last = key.rsplit(".", 1)[-1]
            for key_node, _value in node.value:
                if key_node.value == last:
                    return int(key_node.start_mark.line) + 1
        return line


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node or None, value node) of `part` under `node`, or None where there is none."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == str(part):
                return key_node, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def dotted(path: Sequence[str | int], top: str = "") -> str:
    """`path` as messages name a key: ("steps", 1, "surface") -> "steps[1].surface"; `top` for ()."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or top


def load_yaml_lines(path: Path, shown: str, limits: YamlLimits) -> tuple[object, YamlLines]:
    """(data, lines) of the YAML file at `path`; `shown` is how problems name the file.

    Raises ClaimsError (file, line, key) when the file is unreadable, invalid or out of bounds.
    """
    data, root = read_bounded_yaml(path, shown, limits)
    return data, YamlLines(root)
