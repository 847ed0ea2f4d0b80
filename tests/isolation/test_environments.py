"""tox.ini, requirements/ and the runtime -> environment map agree; skips name the env."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

from pytest_audiocontract.packs.requirements import install_hint
from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.model import default_environment

REPO = Path(__file__).resolve().parents[2]
SPECS = [load_pack_spec(p) for p in sorted((REPO / "model_packs").glob("*/claims.yaml"))]


def _tox() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "tox.ini")
    return parser


def test_every_pack_environment_is_a_tox_env_that_selects_its_runtime() -> None:
    tox = _tox()
    for spec in SPECS:
        for variant in spec.variants:
            env, runtime = spec.environment_of(variant), spec.runtime_of(variant)
            section = f"testenv:{env}"
            assert tox.has_section(section), f"{spec.id}/{variant}: no [{section}] in tox.ini"
            assert f"AUDIOCONTRACT_RUNTIME = {runtime}" in tox.get(section, "set_env"), section


def test_each_env_installs_its_packs_requirements() -> None:
    for spec in SPECS:
        if spec.environment != default_environment(spec.runtime):
            continue  # a pack naming its own env writes that env's requirements itself
        lines = (REPO / "requirements" / f"{spec.environment}.txt").read_text().splitlines()
        has_reqs = spec.requirements_file.is_file() and any(
            line.strip() and not line.lstrip().startswith("#")
            for line in spec.requirements_file.read_text().splitlines()
        )
        wanted = f"-r ../model_packs/{spec.root.name}/requirements.txt"
        assert not has_reqs or wanted in lines or spec.id == "birdnet", (spec.id, wanted)


def test_a_variant_on_another_runtime_is_sent_to_that_runtimes_env() -> None:
    silero = next(s for s in SPECS if s.id == "silero_vad")
    assert install_hint(silero, "pytorch").endswith("tox -e pytorch")
    assert install_hint(silero, "onnx").endswith("tox -e onnx")


def test_an_env_runs_the_variant_on_its_runtime_and_only_that_variants_claims(
    pytester: pytest.Pytester,
) -> None:
    pack = REPO / "model_packs" / "silero_vad"
    spec = load_pack_spec(pack)
    for runtime, other in (("pytorch", "onnx"), ("onnx", "pytorch")):
        # the variants are named after their runtimes
        own = [c for c in spec.claims if (c.variant or spec.default_variant) == runtime]
        result = pytester.runpytest_subprocess(
            f"--model-pack={pack}", f"--runtime={runtime}", "--collect-only", "-q", "-p", "no:cacheprovider"
        )
        items = [line for line in result.outlines if "claims.yaml::" in line]
        contracts = [i for i in items if "::vad::" in i]
        claims = [i for i in items if "::claims::" in i]
        label = "silero_vad]" if runtime == "onnx" else "silero_vad-pytorch-cpu]"
        assert contracts and all(i.endswith(label) for i in contracts), (runtime, items)
        assert len(claims) == len(own) >= 2, (runtime, claims)
        assert not any(f"/{other}/" in c for c in claims), (runtime, claims)


def test_a_pack_whose_runtime_is_missing_is_skipped_naming_its_env(pytester: pytest.Pytester) -> None:
    pack = pytester.mkdir("needs_runtime")
    (pack / "claims.yaml").write_text(
        "id: needs_runtime\nname: n\nadapter: adapter:load\nruntime: onnx\ndevices: [cpu]\n"
        "ci: true\nsurfaces:\n  embed:\n    dim: 4\n"
    )
    (pack / "adapter.py").write_text("def load(variant, device):\n    raise AssertionError\n")
    (pack / "requirements.txt").write_text("a-distribution-that-is-not-installed>=1\n")
    for isolate in ([], ["--isolate"]):
        result = pytester.runpytest_subprocess(
            f"--model-pack={pack}", "-rs", "-p", "no:cacheprovider", *isolate
        )
        assert "tox -e onnx" in result.stdout.str()
        assert result.parseoutcomes().get("skipped", 0) >= 4
