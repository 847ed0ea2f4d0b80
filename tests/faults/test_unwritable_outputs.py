"""Outputs that cannot be written (report folder, failures folder) never mask a result (issue 12).

Root writes into chmod-ed folders, so each case also uses a path whose parent is a file
(ENOTDIR): the same OSError path, and one that can be made as any user.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_behaving_pack, write_pack

WRONG_LENGTH = "return Embedding(vector=np.zeros(3, dtype=np.float32))"


def _unwritable(parent: Path) -> list[Path]:
    """Folders this user cannot create or write: under a file always; read-only unless root."""
    (parent / "afile").write_text("x")
    found = [parent / "afile" / "sub"]
    if os.geteuid() != 0:
        locked = parent / "locked"
        locked.mkdir(mode=0o555)
        found.append(locked / "sub")
    return found


def test_an_unwritable_failures_folder_keeps_the_failure_with_a_note(pytester: pytest.Pytester) -> None:
    pack = write_pack(pytester.path, "short", EMBED_CLAIMS.format(pack_id="short"), WRONG_LENGTH)
    for failures in _unwritable(pytester.path):
        result = pytester.runpytest_subprocess(
            f"--model-pack={pack}", "-p", "no:cacheprovider", f"--audiocontract-failures={failures}"
        )
        output = result.stdout.str()
        assert result.ret == 1, output
        assert "INTERNALERROR" not in output and "Traceback" not in output
        assert "short/embed: vector_length_is_dim: " in output
        assert f"the failing input could not be saved to {failures}" in output
        assert "give --audiocontract-failures a folder this user can write" in output
        result.assert_outcomes(passed=4, failed=1)


# The adapter removes the report folder and puts a file in its place once the run is under way.
SABOTAGE = """\
import shutil
if os.path.isdir({out!r}):
    shutil.rmtree({out!r})
    open({out!r}, "w").close()
return Embedding(vector=np.full(4, 0.5, dtype=np.float32))"""


def test_a_report_folder_lost_mid_run_is_said_and_fails_no_test(pytester: pytest.Pytester) -> None:
    out = pytester.path / "out"
    pack = write_pack(pytester.path, "sab", EMBED_CLAIMS.format(pack_id="sab"), SABOTAGE.format(out=str(out)))
    healthy = write_behaving_pack(pytester.path, "healthy")
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}",
        f"--model-pack={healthy}",
        "-p",
        "no:cacheprovider",
        f"--audiocontract-report={out}",
        f"--audiocontract-failures={pytester.path / 'failures'}",
    )
    output = result.stdout.str()
    assert "INTERNALERROR" not in output + result.stderr.str(), output
    assert f"audiocontract: the report could not be written to {out} (File exists)" in output
    assert result.ret == 0, output
    result.assert_outcomes(passed=10)  # both packs' four embed rules and docs gates


def test_the_report_comes_back_when_its_folder_does(tmp_path: Path) -> None:
    from pytest_audiocontract.results.report import ReportWriter

    writer = ReportWriter(tmp_path / "afile" / "out")
    (tmp_path / "afile").write_text("x")
    writer.write_or_remember()
    assert isinstance(writer.write_error, NotADirectoryError)
    (tmp_path / "afile").unlink()
    writer.write_or_remember()
    assert writer.write_error is None
    assert json.loads((tmp_path / "afile" / "out" / "report.json").read_text())["status"] == "running"
