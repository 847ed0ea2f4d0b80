"""The `audiocontract` command: `list` (the selector as JSON or a table) and `validate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packkit import write_pack

from pytest_audiocontract import cli

REPO = Path(__file__).resolve().parents[2]


def shipped_packs_with(surface: str) -> set[str]:
    """Read straight from the YAML, independently of the plugin's loader."""
    found = set()
    for claims_file in (REPO / "model_packs").glob("*/claims.yaml"):
        data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
        if surface in data["surfaces"]:
            found.add(data["id"])
    return found


def test_list_vad_as_json_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", "list", "--surface", "vad", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {row["id"] for row in rows} == shipped_packs_with("vad")
    assert all(row["surfaces"] == ["vad"] for row in rows)
    assert {"reference_vad", "silero_vad"} <= {row["id"] for row in rows}


def test_list_filters_like_pytest(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert cli.main(["list", "--runtime", "numpy", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    numpy_packs = {
        p.parent.name
        for p in (REPO / "model_packs").glob("*/claims.yaml")
        if yaml.safe_load(p.read_text())["runtime"] == "numpy"
    }
    assert {row["id"] for row in rows} == numpy_packs
    assert all(row["status"] == "installed" and row["ci"] is True for row in rows)

    assert cli.main(["list", "--surface", "embed", "--surface", "separate"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[0] == "id"
    assert {line.split()[0] for line in table[1:]} == (
        shipped_packs_with("embed") | shipped_packs_with("separate")
    )


def test_list_extra_pack_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(tmp_path / "extra", "my_pack", requirements="surely-not-installed-dist==1.0\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["list", "--pack-path", "extra", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == "my_pack"
    assert row["status"] == "missing surely-not-installed-dist==1.0"


def test_validate_the_shipped_packs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    shipped = sorted(p.parent.name for p in (REPO / "model_packs").glob("*/claims.yaml"))
    assert sorted(line.split()[1] for line in out) == shipped
    assert all(line.startswith("ok ") for line in out)


def test_validate_prints_each_problem_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_pack(tmp_path, "good")
    bad = write_pack(tmp_path, "bad")
    text = (bad / "claims.yaml").read_text().replace("runtime: numpy", "runtime: numpyy")
    (bad / "claims.yaml").write_text(text + "colour: red\n")
    assert cli.main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    claims_file = bad / "claims.yaml"
    assert f"invalid  {claims_file}" in out
    assert f"ok       good  ({tmp_path / 'good' / 'claims.yaml'})" in out
    problems = [line.strip() for line in out if line.startswith("  ")]
    assert problems[0].startswith(f"{claims_file}:9: colour: is not a known key")
    assert problems[1].startswith(f"{claims_file}:4: runtime: is 'numpyy'")
    assert len(problems) == 2

    # A single pack folder, or its claims.yaml, can be validated alone.
    assert cli.main(["validate", str(tmp_path / "good")]) == 0
    assert cli.main(["validate", str(claims_file)]) == 1


def test_validate_exit_codes_for_missing_and_empty_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", str(tmp_path / "nope")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert cli.main(["validate", str(tmp_path)]) == 2
    assert "no claims.yaml" in capsys.readouterr().err


def test_validate_subprocess_exit_status(tmp_path: Path) -> None:
    bad = write_pack(tmp_path, "bad", claims="id: bad\nname: [\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"{bad / 'claims.yaml'}:3: (yaml): is not valid YAML" in done.stdout
