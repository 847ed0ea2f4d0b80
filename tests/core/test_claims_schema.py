"""The shipped JSON Schema is the one the loader uses, and every shipped pack follows it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from pytest_audiocontract.spec.schema import SCHEMA, SCHEMA_FILE

MODEL_PACKS = Path(__file__).resolve().parents[2] / "model_packs"
SHIPPED = sorted(MODEL_PACKS.glob("*/claims.yaml"))


def test_schema_file_equals_the_schema_dict() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == SCHEMA, (
        "claims.schema.json is stale; rewrite it: python -m pytest_audiocontract.spec.schema"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_there_are_shipped_packs() -> None:
    assert len(SHIPPED) >= 9, f"expected the reference packs under {MODEL_PACKS}"


@pytest.mark.parametrize("claims_file", SHIPPED, ids=lambda p: p.parent.name)
def test_shipped_claims_validate_against_the_schema_file(claims_file: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(claims_file.read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


def test_schema_rejects_what_the_spec_forbids() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    good = {
        "id": "a",
        "name": "A",
        "adapter": "adapter:load",
        "runtime": "numpy",
        "devices": ["cpu"],
        "ci": True,
        "surfaces": {"enhance": {}},
        "claims": [{"metric": "rtf", "surface": "enhance", "max": 1}],
    }
    assert validator.is_valid(good)
    both = {**good, "claims": [{"metric": "rtf", "surface": "enhance", "max": 1, "min": 0}]}
    assert not validator.is_valid(both)
    assert validator.is_valid({**good, "x_anything": [1, 2]})
    assert not validator.is_valid({**good, "anything": 1})
    assert not validator.is_valid({**good, "surfaces": {}})
    assert not validator.is_valid({**good, "surfaces": {"denoise": {}}})
