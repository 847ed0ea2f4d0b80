"""Discovery faults: symlink loops, odd folder names, two packs with one id (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_behaving_pack, write_pack

from pytest_audiocontract.packs.listing import pack_rows
from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.packs.symlinks import is_symlink_loop


def _run(pytester: pytest.Pytester, packs: list[Path], *extra: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        *[f"--model-pack={p}" for p in packs],
        "-p",
        "no:cacheprovider",
        "-rA",
        f"--audiocontract-report={pytester.path / 'out'}",
        *extra,
        timeout=300,  # a hang is the fault under test: fail rather than wait forever
    )


def _report(pytester: pytest.Pytester) -> dict:  # type: ignore[type-arg]
    return json.loads((pytester.path / "out" / "report.json").read_text())


def test_symlink_loops_are_not_followed(tmp_path: Path) -> None:
    root = write_behaving_pack(tmp_path, "healthy", "loopy")
    (root / "sub").mkdir()
    (root / "loop").symlink_to(root)
    (root / "sub" / "up").symlink_to("..")
    (root / "elsewhere").symlink_to(tmp_path / "nowhere")
    assert is_symlink_loop(root / "loop") and is_symlink_loop(root / "sub" / "up")
    assert is_symlink_loop(root / "loop" / "sub" / "up")
    assert not is_symlink_loop(root / "sub") and not is_symlink_loop(root / "elsewhere")


def test_a_pack_with_symlink_loops_collects_and_runs(pytester: pytest.Pytester) -> None:
    root = write_behaving_pack(pytester.path, "healthy", "loopy")
    (root / "docs").mkdir()
    (root / "loop").symlink_to(root)
    (root / "docs" / "up").symlink_to("..")
    result = _run(pytester, [root])
    assert result.ret == 0, result.stdout.str()
    result.assert_outcomes(passed=5)  # four embed rules and the docs gate


def test_folder_names_with_dots_and_dashes_keep_their_names(pytester: pytest.Pytester) -> None:
    bad = write_pack(pytester.path, "bad-pack.v2", "id: bad-pack\nname: a pack with a bad id\n")
    good = write_pack(pytester.path, "good-pack.v2", EMBED_CLAIMS.format(pack_id="good_v2"))
    result = _run(pytester, [bad, good])
    output = result.stdout.str()
    assert result.ret == 1, output
    assert "FAILED bad-pack.v2/claims.yaml::claims::valid[bad-pack.v2]" in output
    assert "bad-pack.v2/claims.yaml:1: id: is 'bad-pack'; use lower-case letters" in output
    data = _report(pytester)
    assert sorted(data["packs"]) == ["bad-pack.v2", "good_v2"]
    [problem] = data["packs"]["bad-pack.v2"]["contracts"]
    assert problem["outcome"] == "failed" and "id: is 'bad-pack'" in problem["message"]
    assert [c["outcome"] for c in data["packs"]["good_v2"]["contracts"]] == ["passed"] * 4
    for page in ("report.md", "report.html"):
        assert "bad-pack.v2" in (pytester.path / "out" / page).read_text()


def test_two_packs_with_one_id_are_refused_naming_both(pytester: pytest.Pytester) -> None:
    first = write_behaving_pack(pytester.path, "healthy", "twin")
    second = write_pack(pytester.path / "other", "twin", EMBED_CLAIMS.format(pack_id="twin"))
    result = _run(pytester, [first, second])
    output = result.stdout.str()
    assert result.ret == 1, output
    assert "FAILED other/twin/claims.yaml::claims::unique_id[other/twin]" in output
    assert f"id: 'twin' is also the id of {first / 'claims.yaml'}" in output
    assert f"{second / 'claims.yaml'}: id:" in output
    data = _report(pytester)
    assert [c["outcome"] for c in data["packs"]["twin"]["contracts"]] == ["passed"] * 4  # not merged
    assert [c["outcome"] for c in data["packs"]["other/twin"]["contracts"]] == ["failed"]


def test_the_pack_list_marks_a_duplicate_id(tmp_path: Path) -> None:
    write_behaving_pack(tmp_path, "healthy", "twin")
    write_pack(tmp_path, "twin_copy", EMBED_CLAIMS.format(pack_id="twin"))
    rows = pack_rows([tmp_path], PackFilter((), (), (), False, ()))
    assert rows[0]["status"] == "installed"
    assert rows[1]["status"].startswith(f"duplicate id (also {tmp_path / 'twin'})")
