"""The JSON Schema of claims.yaml (PACK_SPEC v1), built from the surface and metric registries.

`claims.schema.json` beside this file is the same schema, written out for editors
(`# yaml-language-server: $schema=...`); `python -m pytest_audiocontract.spec.schema` rewrites it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.opt_outs import OPT_OUT_FACT, OPT_OUT_RULES
from pytest_audiocontract.surfaces import DEVICES, RUNTIMES, SURFACES

SCHEMA_FILE = Path(__file__).with_name("claims.schema.json")

_EXTENSION: JSONObject = {"^x_": {}}  # third-party extension keys, ignored by the plugin

_SURFACE_FACTS: JSONObject = {
    "sample_rate": {"type": "integer", "minimum": 1, "description": "native rate in Hz"},
    "labels": {
        "description": "classify: the label set, as a list or the path of a file with one per line",
        "oneOf": [{"type": "array", "items": {"type": "string"}, "minItems": 1}, {"type": "string"}],
    },
    "per_call_labels": {
        "type": "boolean",
        "description": "classify: classify(audio, sr, top_k, labels=[...]) ranks the labels of the call "
        "(zero-shot classifiers)",
    },
    "dim": {"type": "integer", "minimum": 1, "description": "embed: length of the vector"},
    "stems": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "uniqueItems": True,
        "description": "separate: names of the stems returned",
    },
    "languages": {"type": "array", "items": {"type": "string"}},
    "deterministic": {"type": "boolean"},
    "silence_yields_empty": {"type": "boolean"},
    "atol": {
        "type": "number",
        "minimum": 0,
        "description": "absolute tolerance for the determinism rule on float outputs",
    },
    "max_audio_s": {
        "type": "number",
        "exclusiveMinimum": 0,
        "description": "longest input (seconds) the contracts generate for this surface",
    },
    "chunk_ms": {"type": "number", "exclusiveMinimum": 0, "description": "asr_stream chunking"},
    OPT_OUT_FACT: {
        "type": "object",
        "description": "asr, asr_stream: hallucination rules the pack does not hold, each with its reason",
        "propertyNames": {"enum": [*sorted(OPT_OUT_RULES)]},
        "additionalProperties": {"type": "string", "minLength": 1},
    },
}

_CLAIM_PROPERTIES: JSONObject = {  # and "metric", from the metric registry (build_schema)
    "surface": {"enum": [*sorted(SURFACES)]},
    "max": {"type": "number"},
    "min": {"type": "number"},
    "dataset": {"type": "string", "description": "a dataset under fixtures/ or a manifest path"},
    "device": {"enum": list(DEVICES)},
    "variant": {"type": "string"},
    "tolerance": {"type": "number", "minimum": 0},
    "via": {"type": "string", "description": "tts wer/cer: the asr pack that transcribes"},
    "xfail": {"type": "string", "description": "a known failure, with the measured figure"},
    "chunk_ms": {"type": "number", "exclusiveMinimum": 0},
    "collar": {
        "type": "number",
        "minimum": 0,
        "description": "der, vad_detection_error_rate: seconds removed around each reference "
        "boundary, half each side",
    },
    "skip_overlap": {"type": "boolean", "description": "der: leave out overlapped reference speech"},
    "note": {"type": "string"},
}

_ENV_NAME: JSONObject = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
_FILES: JSONObject = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "minItems": 1,
    "description": "what a weights folder must hold (glob patterns allowed)",
}
_WEIGHTS_VARIANT: JSONObject = {
    "type": "object",
    "required": ["env"],
    "properties": {
        "env": {**_ENV_NAME, "description": "the variable that names the weights folder"},
        "builder": {
            "type": "string",
            "description": "builds a random-weight folder; its cache is the default when `env` is unset",
        },
        "files": _FILES,
        "upstream": {"type": "string"},
        "verified": {"type": "string", "description": "what these weights have been checked for"},
        "environment": {"type": "string", "description": "the tox environment that runs this variant"},
    },
    "additionalProperties": False,
}
_WEIGHTS: JSONObject = {
    "type": "object",
    "required": ["variants"],
    "description": "weights that no package ships, read from a folder per variant",
    "properties": {
        "upstream": {"type": "string", "description": "where upstream publishes the weights"},
        "files": _FILES,
        "variants": {"type": "object", "minProperties": 1, "additionalProperties": _WEIGHTS_VARIANT},
    },
    "additionalProperties": False,
}


def build_schema(metrics: Iterable[str]) -> JSONObject:
    """The schema for a run whose metric registry holds `metrics` (plugins may add some)."""
    claim: JSONObject = {
        "type": "object",
        "required": ["metric", "surface"],
        "properties": {"metric": {"enum": [*sorted(metrics)]}, **_CLAIM_PROPERTIES},
        "oneOf": [{"required": ["max"]}, {"required": ["min"]}],
        "additionalProperties": False,
        "patternProperties": _EXTENSION,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pytest-audiocontract.invalid/claims.schema.json",
        "title": "pytest-audiocontract model pack (claims.yaml), interface v1",
        "type": "object",
        "required": ["id", "name", "adapter", "runtime", "devices", "ci", "surfaces"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
            "name": {"type": "string", "minLength": 1},
            "adapter": {
                "type": "string",
                "pattern": r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*$",
                "description": "MODULE:FACTORY, the module path relative to the pack folder",
            },
            "runtime": {"enum": list(RUNTIMES)},
            "devices": {
                "type": "array",
                "items": {"enum": list(DEVICES)},
                "minItems": 1,
                "uniqueItems": True,
            },
            "ci": {"type": "boolean"},
            "role": {
                "enum": ["model", "reference", "noop"],
                "description": "model (default), reference (a stand-in that passes every contract) or noop "
                "(does nothing: the harness floor); reports rank reference and noop packs apart. "
                "Undeclared: reference_* and noop ids are recognised by their id",
            },
            "variants": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Za-z0-9_.+-]+$"},
                "minItems": 1,
                "uniqueItems": True,
            },
            "variant_runtimes": {
                "type": "object",
                "additionalProperties": {"enum": list(RUNTIMES)},
                "description": "runtime of a variant where it differs from `runtime`",
            },
            "environment": {"type": "string", "description": "the tox environment that runs the pack"},
            "description": {"type": "string"},
            "licence": {"type": "string"},
            "license": {"type": "string"},
            "homepage": {"type": "string"},
            "surfaces": {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"enum": [*sorted(SURFACES)]},
                "additionalProperties": {
                    "type": ["object", "null"],
                    "properties": _SURFACE_FACTS,
                    "additionalProperties": False,
                    "patternProperties": _EXTENSION,
                },
            },
            "claims": {"type": ["array", "null"], "items": claim},
            "install": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "minItems": 1,
                "uniqueItems": True,
                "description": "requirements installed with `pip install --no-deps` (their own "
                "dependencies are not wanted), before requirements.txt",
            },
            "weights": _WEIGHTS,
            "secrets": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                "minItems": 1,
                "uniqueItems": True,
                "description": "environment variables the pack needs set (API keys); unset, its "
                "items skip naming the variable and --ci-only leaves the pack out",
            },
        },
        "additionalProperties": False,
        "patternProperties": _EXTENSION,
    }


SCHEMA_METRICS = sorted(METRICS)  # the built-in metrics, those SCHEMA names
SCHEMA = build_schema(SCHEMA_METRICS)


def write_schema_file(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(SCHEMA, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_schema_file()
