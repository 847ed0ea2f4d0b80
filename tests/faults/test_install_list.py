"""claims.yaml `install:`: requirements installed with --no-deps, in a skip hint that works
as printed (a requirements.txt cannot say --no-deps) (issue 12)."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_behaving_pack

from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.packs.discovery import discover
from pytest_audiocontract.packs.requirements import install_hint, missing_requirements
from pytest_audiocontract.spec.loader import load_pack_spec

REPO = Path(__file__).resolve().parents[2]


def _pack(parent: Path, install: str, requirements: str = "") -> Path:
    root = write_behaving_pack(parent, "healthy", "nodeps")
    (root / "claims.yaml").write_text(EMBED_CLAIMS.format(pack_id="nodeps") + f"install: {install}\n")
    (root / "requirements.txt").write_text(requirements)
    return root


def test_an_uninstalled_no_deps_requirement_skips_with_a_hint_that_installs_it(
    pytester: pytest.Pytester,
) -> None:
    root = _pack(pytester.path, "[not-a-real-dist-xyz==1.0, 'other-dist>=2']", "numpy>=1\n")
    result = pytester.runpytest_subprocess(f"--model-pack={root}", "-rs", "-p", "no:cacheprovider")
    output = result.stdout.str()
    assert result.ret == 0, output
    hint = (
        f"pip install --no-deps not-a-real-dist-xyz==1.0 'other-dist>=2' && "
        f"pip install -r {root.resolve() / 'requirements.txt'}"
    )
    assert hint in " ".join(output.split()), output
    assert "needs not-a-real-dist-xyz==1.0, other-dist>=2 (from its claims.yaml install:" in " ".join(
        output.split()
    )


def test_without_requirements_the_hint_is_the_no_deps_install_alone(tmp_path: Path) -> None:
    spec = load_pack_spec(_pack(tmp_path, "[numpy]"))
    assert missing_requirements(spec) == []  # installed: nothing to say
    assert install_hint(spec).startswith("pip install --no-deps numpy or run it")


@pytest.mark.parametrize("entry", ["'--no-deps foo'", "'foo bar baz'", "'-r requirements.txt'"])
def test_an_install_entry_must_be_one_requirement(tmp_path: Path, entry: str) -> None:
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(_pack(tmp_path, f"[{entry}]"))
    assert [(p.line, p.key) for p in info.value.problems] == [(10, "install[0]")]
    assert "should be one requirement" in info.value.problems[0].message


def test_the_shipped_packs_declare_their_no_deps_installs_as_tox_does() -> None:
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(REPO / "tox.ini")
    declared = {spec.id: spec for p in discover([REPO / "model_packs"]) if (spec := p.spec) and spec.install}
    assert {"basic_pitch", "birdnet", "voice2gender"} <= set(declared)
    for spec in declared.values():
        for variant in spec.variants:
            commands = tox.get(f"testenv:{spec.environment_of(variant)}", "commands_pre", fallback="")
            for requirement in spec.install:
                assert f"--no-deps {requirement}" in commands, (spec.id, variant, requirement)
