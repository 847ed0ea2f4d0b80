"""Read a pack's claims.yaml: schema first, then the rules a schema cannot express.

Every problem is reported with the file, the line and the key, all at once, so an author fixes
a file in one pass. Only `yaml.safe_load` semantics are used, bounded (spec/bounded_yaml.py):
duplicate keys, alias bombs, deep nesting and non-UTF-8 bytes are problems of this file.
"""

from __future__ import annotations

import contextlib
import difflib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.metric_names import METRICS
from pytest_audiocontract.safe_text import has_control, one_line, printable
from pytest_audiocontract.spec.bounded_yaml import CLAIMS_LIMITS
from pytest_audiocontract.spec.model import (
    Claim,
    PackSpec,
    WeightsSource,
    default_environment,
)
from pytest_audiocontract.spec.schema import SCHEMA, SCHEMA_METRICS, build_schema
from pytest_audiocontract.spec.yaml_lines import YamlLines, dotted, load_yaml_lines
from pytest_audiocontract.surfaces import SURFACES

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

CLAIMS_FILE = "claims.yaml"

# claims.yaml as `safe_load` builds it (or a block of it): the schema check and the checks
# below vouch for its shape, item by item, so the code reads it by key without narrowing.
ClaimsData: TypeAlias = dict[str, Any]

# Which surfaces a metric can be measured on (a metric not named: any surface).
METRIC_SURFACES: dict[str, tuple[str, ...]] = {m.name: m.surfaces for m in METRICS.values() if m.surfaces}


def load_pack_spec(path: str | Path) -> PackSpec:
    """Load the pack at `path` (its folder or its claims.yaml); raise ClaimsError listing every problem."""
    path = Path(path)
    claims_file = path / CLAIMS_FILE if path.is_dir() else path
    shown = _display_path(claims_file)
    data, lines = load_yaml_lines(claims_file, shown, CLAIMS_LIMITS)
    if not isinstance(data, dict) or lines.root is None:
        raise ClaimsError(
            [
                ClaimsProblem(
                    shown,
                    1,
                    "(top level)",
                    "should be a mapping with id, name, adapter, ...; see docs/writing-a-pack.md",
                )
            ]
        )
    problems = _schema_problems(data, lines, shown)
    problems += _number_problems(data, lines, shown)
    # Where the data is too malformed for these checks, the schema problems say why.
    with contextlib.suppress(KeyError, TypeError, AttributeError, ValueError):
        problems += _semantic_problems(data, lines, shown, claims_file.parent)
    if problems:
        raise ClaimsError(problems)
    return _build_spec(data, lines, claims_file)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _schema_problems(data: ClaimsData, lines: YamlLines, shown: str) -> list[ClaimsProblem]:
    validator = _validator()
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        described = (
            _unknown_keys(error, path)
            if error.validator == "additionalProperties"
            else [_describe_schema_error(error, path)]
        )
        for key, message in described:
            problems.append(ClaimsProblem(shown, lines.line(path, key), key, message))
    return problems


# One validator per metric list (the plugins' metrics are registered once a run): built once,
# not once per claims.yaml, with what it resolved kept for the next file.
_VALIDATORS: dict[tuple[str, ...], Draft202012Validator] = {}


def _validator() -> Draft202012Validator:
    names = tuple(sorted(METRICS))
    if names not in _VALIDATORS:
        import jsonschema

        _VALIDATORS[names] = jsonschema.Draft202012Validator(_run_schema())
    return _VALIDATORS[names]


def _run_schema() -> JSONObject:
    """SCHEMA, with the metrics plugins registered for this run in its metric list."""
    names = sorted(METRICS)
    return SCHEMA if names == SCHEMA_METRICS else build_schema(names)


def _describe_schema_error(error: ValidationError, path: list[str | int]) -> tuple[str, str]:
    where = dotted(path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return dotted([*path, missing]), "is required but missing"
    if "propertyNames" in error.schema_path:
        return dotted([*path, error.instance]), (
            f"is not a known surface{_did_you_mean(str(error.instance), SCHEMA_SURFACES)}; "
            f"surfaces are {', '.join(SCHEMA_SURFACES)}"
        )
    if error.validator == "pattern" and path == ["id"]:
        return where, f"is {error.instance!r}; use lower-case letters, digits and _ only"
    if error.validator == "oneOf" and path and path[0] == "claims":
        return where, "needs exactly one of `max` or `min`"
    if error.validator == "enum":
        hint = _did_you_mean(str(error.instance), error.validator_value)
        return where, f"is {error.instance!r}, but should be one of {error.validator_value}{hint}"
    return where or "(top level)", error.message


def _unknown_keys(error: ValidationError, path: list[str | int]) -> list[tuple[str, str]]:
    """One problem per unknown key of a mapping (jsonschema reports them all in one error)."""
    known = error.schema.get("properties", {})
    extra = sorted(set(error.instance) - set(known))
    unknown = [str(e) for e in extra if not str(e).startswith("x_")] or [""]
    return [
        (
            dotted([*path, word]) if word else dotted(path),
            f"is not a known key{_did_you_mean(word, known)}; extension keys must start with x_",
        )
        for word in unknown
    ]


SCHEMA_SURFACES: list[str] = sorted(SURFACES)  # the surfaces the schema allows


def _did_you_mean(word: str, choices: Iterable[object]) -> str:
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# Values that become part of test ids and table cells.
_ONE_LINE_KEYS = ("id", "name", "dataset", "via", "variant", "device", "surface", "metric", "env", "builder")
# Units whose figures may fall below zero (an SNR "improvement" can be a loss).
_SIGNED_UNITS = ("dB", "cosine")


def _number_problems(data: ClaimsData, lines: YamlLines, shown: str) -> list[ClaimsProblem]:
    """Every number finite (a `max: .inf` gate passes anything, a NaN one nothing); claim
    bounds of metrics that cannot be negative are not negative; no string holds a control
    character, and the strings test ids are made of hold no line break."""
    problems: list[ClaimsProblem] = []

    def visit(value: object, path: list[str | int]) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                visit(child, [*path, key])
        elif isinstance(value, list):
            for index, child in enumerate(value):
                visit(child, [*path, index])
        elif isinstance(value, str) and has_control(value):
            problems.append(
                ClaimsProblem(
                    shown,
                    lines.line(path),
                    dotted(path),
                    f"holds a control character ({printable(value)[:60]!r}); such characters "
                    "would reach test ids, the terminal and the reports: remove it",
                )
            )
        elif isinstance(value, str) and path and path[-1] in _ONE_LINE_KEYS and one_line(value) != value:
            problems.append(
                ClaimsProblem(
                    shown,
                    lines.line(path),
                    dotted(path),
                    f"is {value!r}, but should be one line (it is part of test ids): remove the "
                    "line break or tab",
                )
            )
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(
                ClaimsProblem(
                    shown,
                    lines.line(path),
                    dotted(path),
                    f"is {value}; a bound or setting must be a finite number (a gate at "
                    "infinity or NaN checks nothing)",
                )
            )

    visit(data, [])
    for index, claim in enumerate(data.get("claims") or []):
        if not isinstance(claim, dict) or claim.get("metric") not in METRICS:
            continue
        info = METRICS[claim["metric"]]
        for bound in ("max", "min"):
            value = claim.get(bound)
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            if math.isfinite(value) and value < 0 and info.unit not in _SIGNED_UNITS:
                path: list[str | int] = ["claims", index, bound]
                problems.append(
                    ClaimsProblem(
                        shown,
                        lines.line(path),
                        dotted(path),
                        f"is {value}, but {claim['metric']} ({info.unit}) is never negative; "
                        "give the bound as a figure the metric can reach",
                    )
                )
    return problems


def _semantic_problems(data: ClaimsData, lines: YamlLines, shown: str, pack_dir: Path) -> list[ClaimsProblem]:
    problems: list[ClaimsProblem] = []

    def problem(path: list[str | int], message: str) -> None:
        problems.append(ClaimsProblem(shown, lines.line(path), dotted(path), message))

    module, _factory = data["adapter"].split(":")
    module_path = pack_dir.joinpath(*module.split("."))
    if not (module_path.with_suffix(".py").is_file() or (module_path / "__init__.py").is_file()):
        problem(
            ["adapter"],
            f"points to module {module!r}, but {module_path.with_suffix('.py')} "
            "does not exist; the module path is relative to the pack folder",
        )
    for index, line in enumerate(data.get("install") or []):
        reason = _not_a_requirement(line)
        if reason:
            problem(["install", index], f"is {line!r}, {reason}")
    variants = data.get("variants") or ["default"]
    for variant in data.get("variant_runtimes") or {}:
        if variant not in variants:
            problem(["variant_runtimes", variant], f"is not one of the variants {variants}")
    for variant, entry in ((data.get("weights") or {}).get("variants") or {}).items():
        if variant not in variants:
            problem(
                ["weights", "variants", variant],
                f"is not one of the variants {variants}{_did_you_mean(variant, variants)}",
            )
        if not (entry.get("files") or data["weights"].get("files")):
            problem(
                ["weights", "variants", variant],
                "needs `files` (here or under `weights`): what its folder must hold",
            )
    surfaces = data["surfaces"]
    for name, facts in surfaces.items():
        facts = facts or {}
        if name == "classify" and "labels" not in facts:
            problem(["surfaces", name], "needs `labels` (a list, or a file with one label a line)")
        if isinstance(facts.get("labels"), str) and not (pack_dir / facts["labels"]).is_file():
            problem(
                ["surfaces", name, "labels"],
                f"names file {facts['labels']!r}, which is not in the pack folder",
            )
        if name != "classify" and "per_call_labels" in facts:
            problem(
                ["surfaces", name, "per_call_labels"],
                "is a classify fact (classify(..., labels=[...])); move it under surfaces.classify",
            )
        if name == "embed" and "dim" not in facts:
            problem(["surfaces", name], "needs `dim` (the length of the embedding vector)")
        if name == "separate" and "stems" not in facts:
            problem(["surfaces", name], "needs `stems` (the names of the stems returned)")
    for index, claim in enumerate(data.get("claims") or []):
        where: list[str | int] = ["claims", index]
        metric, surface = claim["metric"], claim["surface"]
        if surface not in surfaces:
            problem(
                [*where, "surface"],
                f"is {surface!r}, which the pack does not declare under surfaces ({', '.join(surfaces)})",
            )
        allowed = METRICS[metric].surfaces
        if allowed and surface not in allowed:
            problem(
                [*where, "metric"],
                f"{metric!r} cannot be measured on {surface!r}; it applies to {', '.join(allowed)}",
            )
        if METRICS[metric].needs_reference and not claim.get("dataset"):
            problem(
                [*where, "dataset"],
                f"is missing: {metric!r} needs a reference; name a "
                "dataset under fixtures/ or a manifest path",
            )
        if claim.get("device") and claim["device"] not in data["devices"]:
            problem([*where, "device"], f"is {claim['device']!r}, not one of devices {data['devices']}")
        if claim.get("variant") and claim["variant"] not in variants:
            problem([*where, "variant"], f"is {claim['variant']!r}, not one of variants {variants}")
        if "collar" in claim and metric not in ("der", "vad_detection_error_rate"):
            problem(
                [*where, "collar"],
                f"only applies to der and vad_detection_error_rate claims, not {metric!r}; remove it",
            )
        if "skip_overlap" in claim and metric != "der":
            problem([*where, "skip_overlap"], f"only applies to der claims, not {metric!r}; remove it")
        if claim.get("via") and not (surface == "tts" and metric in ("wer", "cer")):
            problem([*where, "via"], "only applies to wer/cer claims on the tts surface")
        if surface == "tts" and metric in ("wer", "cer") and not claim.get("via"):
            problem(
                [*where, "via"],
                "is missing: a tts wer/cer claim is a round trip through an "
                "asr pack; name it with `via: PACK_ID`",
            )
    return problems


def _not_a_requirement(line: object) -> str | None:
    """Why an `install:` entry is not one requirement pip installs (None: it is)."""
    from packaging.requirements import InvalidRequirement, Requirement

    if not isinstance(line, str) or line.lstrip().startswith("-"):
        return "but should be one requirement (`name==1.0`); pip options are not taken here"
    try:
        Requirement(line)
    except InvalidRequirement as exc:
        return f"but should be one requirement (`name==1.0`): {exc}"
    return None


def _build_spec(data: ClaimsData, lines: YamlLines, claims_file: Path) -> PackSpec:
    module, factory = data["adapter"].split(":")
    claims = tuple(
        Claim(
            metric=c["metric"],
            surface=c["surface"],
            bound="max" if "max" in c else "min",
            value=float(c["max"] if "max" in c else c["min"]),
            dataset=c.get("dataset"),
            device=c.get("device"),
            variant=c.get("variant"),
            tolerance=float(c.get("tolerance", 0.0)),
            via=c.get("via"),
            xfail=c.get("xfail"),
            chunk_ms=c.get("chunk_ms"),
            collar=float(c.get("collar", 0.0)),
            skip_overlap=bool(c.get("skip_overlap", False)),
            line=lines.line(["claims", i]),
        )
        for i, c in enumerate(data.get("claims") or [])
    )
    return PackSpec(
        id=data["id"],
        name=data["name"],
        adapter_module=module,
        adapter_factory=factory,
        runtime=data["runtime"],
        devices=tuple(data["devices"]),
        ci=data["ci"],
        variants=tuple(data.get("variants") or ["default"]),
        surfaces={name: dict(facts or {}) for name, facts in data["surfaces"].items()},
        claims=claims,
        root=claims_file.parent.resolve(),
        claims_file=claims_file.resolve(),
        environment=data.get("environment") or default_environment(data["runtime"]),
        variant_runtimes=dict(data.get("variant_runtimes") or {}),
        weights=_weights_sources(data.get("weights")),
        install=tuple(data.get("install") or ()),
        secrets=tuple(data.get("secrets") or ()),
        role=data.get("role"),
    )


def _weights_sources(block: ClaimsData | None) -> dict[str, WeightsSource]:
    if not block:
        return {}
    return {
        variant: WeightsSource(
            env=entry["env"],
            files=tuple(entry.get("files") or block["files"]),
            upstream=entry.get("upstream") or block.get("upstream"),
            builder=entry.get("builder"),
            verified=entry.get("verified"),
            environment=entry.get("environment"),
        )
        for variant, entry in block["variants"].items()
    }
