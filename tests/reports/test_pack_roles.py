"""claims.yaml `role` (model | reference | noop): loaded, validated, recorded per pack in
report.json at the end of a run; packs that declare none are recognised by their id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from run_pytest import run_pytest

from pytest_audiocontract.render.board import pack_role
from pytest_audiocontract.spec.loader import ClaimsError, load_pack_spec

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "pack", [*sorted(p.name for p in (ROOT / "model_packs").glob("reference_*")), "noop"]
)
def test_shipped_stand_ins_declare_the_role_their_id_implies(pack: str) -> None:
    spec = load_pack_spec(ROOT / "model_packs" / pack)
    assert spec.role is not None and spec.role == pack_role(pack)


def test_an_unknown_role_names_the_file_and_key(tmp_path: Path) -> None:
    pack = tmp_path / "mine"
    shutil.copytree(ROOT / "model_packs" / "noop", pack)
    claims = pack / "claims.yaml"
    claims.write_text(claims.read_text().replace("role: noop", "role: baseline"))
    with pytest.raises(ClaimsError) as caught:
        load_pack_spec(pack)
    assert "claims.yaml" in str(caught.value) and "role" in str(caught.value)


def test_the_run_records_each_packs_declared_role(tmp_path: Path) -> None:
    pack = tmp_path / "plain_asr"  # an id that does not say reference
    shutil.copytree(ROOT / "model_packs" / "reference_asr", pack)
    claims = pack / "claims.yaml"
    claims.write_text(claims.read_text().replace("id: reference_asr", "id: plain_asr"))
    done = run_pytest(
        f"--model-pack={pack}",
        f"--audiocontract-report={tmp_path / 'out'}",
        "-q",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["packs"]["plain_asr"]["role"] == "reference"
