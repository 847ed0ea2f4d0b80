"""Text from packs (claims.yaml strings, dataset and input names, adapter messages) made safe
to show: no control character reaches a terminal (an ESC byte starts a terminal command), a
markdown table row or an HTML page as itself; each is shown as its escape, `\\x1b`."""

from __future__ import annotations

import html
import re

# C0 and C1 control characters (and DEL), except tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029\x85]")


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def printable(text: str) -> str:
    """`text` with each control character but tab and newline written as its escape."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """`text` on one line: control characters escaped, line breaks and tabs as spaces."""
    return _LINE_BREAKS.sub(" ", printable(text))


def markdown_cell(text: str) -> str:
    """A table cell: one line, no pipe that splits the row, no HTML a renderer would run."""
    cell = html.escape(one_line(text), quote=False)
    return cell.replace("\\", "\\\\").replace("|", "\\|")
