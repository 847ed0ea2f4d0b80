"""claims.yaml strings and adapter messages reach reports escaped, and no control character
(ESC starts a terminal command, CR splits a table row) reaches the terminal or a test id."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_pack

from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.render.html import render_html
from pytest_audiocontract.render.markdown import render_markdown
from pytest_audiocontract.results.report import empty_report
from pytest_audiocontract.safe_text import markdown_cell, one_line
from pytest_audiocontract.spec.loader import load_pack_spec

RTF_CLAIM = "claims:\n  - metric: rtf\n    surface: embed\n    max: 1\n"


@pytest.mark.parametrize(
    ("extra", "key", "says"),
    [
        ('    dataset: "speech\\e[2J"\n', "claims[0].dataset", "control character"),
        ('    note: "\\x1b]0;owned\\x07"\n', "claims[0].note", "control character"),
        ('    dataset: "a\\rb"\n', "claims[0].dataset", "control character"),
        ('    dataset: "a\\tb"\n', "claims[0].dataset", "should be one line"),
    ],
)
def test_claims_strings_with_control_characters_are_rejected(
    tmp_path: Path, extra: str, key: str, says: str
) -> None:
    root = write_pack(tmp_path, "esc", EMBED_CLAIMS.format(pack_id="esc") + RTF_CLAIM + extra)
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(root)
    assert [p.key for p in info.value.problems] == [key]
    assert says in info.value.problems[0].message and "\x1b" not in str(info.value)


def test_a_multi_line_note_is_still_fine(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="ok") + RTF_CLAIM + "    note: |\n      one\n      two\n"
    assert load_pack_spec(write_pack(tmp_path, "ok", claims)).claims[0].value == 1


def _claim_report(dataset: str) -> dict:  # type: ignore[type-arg]
    data = empty_report()
    claim = {
        "pack": "evil",
        "surface": "asr",
        "metric": "wer",
        "bound": "max",
        "claimed": 0.5,
        "measured": 0.1,
        "dataset": dataset,
        "outcome": "passed",
    }
    data["packs"]["evil"] = {"contracts": [], "docs": [], "benchmarks": [], "claims": [claim]}
    return data


def test_report_md_and_html_escape_markup_and_line_breaks() -> None:
    data = _claim_report("<img src=x onerror=alert(1)>\r| fake | row\x1b[31m")
    markdown, page = render_markdown(data), render_html(data)
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "\r" not in markdown and "\x1b" not in markdown and "\\x1b[31m" in markdown
    [row] = [line for line in markdown.splitlines() if line.startswith("| evil")]
    assert row.count(" | ") == 6  # the claims table's seven cells: the pipe did not add one
    assert "<img" not in page and "\x1b" not in page and "\r" not in page


def test_the_helpers_escape_every_control_character() -> None:
    assert one_line("a\x1b[2Jb\r\nc\td\x07") == "a\\x1b[2Jb\\r c d\\x07"
    assert markdown_cell("x|<b>") == "x\\|&lt;b&gt;"


# The factory fails with a message that would clear the screen and retitle the terminal.
ESCAPING_LOAD = """\
def load(variant, device):
    raise RuntimeError("weights missing\\x1b[2J\\x1b]0;owned\\x07")
"""


def test_an_adapter_message_with_esc_bytes_reaches_the_terminal_escaped(pytester: pytest.Pytester) -> None:
    root = write_pack(pytester.path, "esc", EMBED_CLAIMS.format(pack_id="esc"))
    (root / "adapter.py").write_text(ESCAPING_LOAD)
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--model-pack={root}", "-p", "no:cacheprovider", "--color=no", "-rA", f"--junitxml={junit}"
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == 1, output
    assert "\x1b" not in output and "\x07" not in output
    assert "weights missing\\x1b[2J" in output
    assert "\x1b" not in junit.read_text()
