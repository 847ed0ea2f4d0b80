"""Gates weakened without a word, and claims files that took the whole run down (issue 12).

Each bad claims.yaml is that file's own error, naming file, line and key; `validate` checks
the files claims.yaml names (the adapter factory, datasets, manifests).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_behaving_pack, write_pack

from pytest_audiocontract import cli
from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.spec.bounded_yaml import YamlLimits, read_bounded_yaml
from pytest_audiocontract.spec.loader import load_pack_spec

RTF_CLAIM = """\
claims:
  - metric: rtf
    surface: embed
    max: {value}
"""


def problems_of(root: Path) -> list[ClaimsProblem]:
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(root)
    return info.value.problems


def test_a_duplicate_key_is_rejected_with_both_lines(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="dup") + RTF_CLAIM.format(value=0.5) + "    max: 100000\n"
    problems = problems_of(write_pack(tmp_path, "dup", claims))
    assert [(p.line, p.key) for p in problems] == [(14, "claims[0].max")]
    assert "appears twice (lines 13 and 14)" in problems[0].message
    assert str(problems[0]).startswith(f"{tmp_path / 'dup' / 'claims.yaml'}:14: claims[0].max: ")


def test_a_duplicate_top_level_key_is_rejected(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="dup") + "ci: false\n"
    problems = problems_of(write_pack(tmp_path, "dup", claims))
    assert [(p.line, p.key) for p in problems] == [(10, "ci")]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
def test_a_bound_that_is_not_finite_is_rejected(tmp_path: Path, value: str) -> None:
    claims = EMBED_CLAIMS.format(pack_id="inf") + RTF_CLAIM.format(value=value)
    problems = problems_of(write_pack(tmp_path, "inf", claims))
    assert [(p.line, p.key) for p in problems] == [(13, "claims[0].max")]
    assert "finite number" in problems[0].message


def test_a_tolerance_or_fact_that_is_not_finite_is_rejected(tmp_path: Path) -> None:
    claims = (
        EMBED_CLAIMS.format(pack_id="inf").replace("dim: 4", "dim: 4\n    atol: .inf")
        + RTF_CLAIM.format(value=0.5)
        + "    tolerance: .inf\n"
    )
    problems = problems_of(write_pack(tmp_path, "inf", claims))
    assert sorted(p.key for p in problems) == ["claims[0].tolerance", "surfaces.embed.atol"]


def test_a_negative_bound_is_rejected_where_the_metric_cannot_be_negative(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="neg") + RTF_CLAIM.format(value=-1)
    problems = problems_of(write_pack(tmp_path, "neg", claims))
    assert [(p.line, p.key) for p in problems] == [(13, "claims[0].max")]
    assert "rtf (ratio) is never negative" in problems[0].message


def test_a_negative_bound_in_db_is_allowed(tmp_path: Path) -> None:
    claims = (
        EMBED_CLAIMS.format(pack_id="db").replace("embed:\n    dim: 4", "enhance: {}")
        + "claims:\n  - metric: si_snr_improvement_db\n    surface: enhance\n"
        "    min: -3\n    dataset: noisy_speech\n"
    )
    assert load_pack_spec(write_pack(tmp_path, "db", claims)).claims[0].value == -3


BOMB = """\
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_fails_fast_naming_the_file(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="bomb").replace("dim: 4", "dim: 4\n    languages: *i")
    root = write_pack(tmp_path, "bomb", BOMB + claims)
    started = time.process_time()  # CPU seconds: a bound on work, not on wall time
    problems = problems_of(root)
    assert time.process_time() - started < 5
    assert [p.key for p in problems] == ["(yaml)"]
    assert "alias" in problems[0].message and problems[0].file.endswith("claims.yaml")


def test_few_aliases_that_expand_hugely_are_refused_by_size(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ClaimsError) as info:
        read_bounded_yaml(file, "x.yaml", YamlLimits(max_bytes=10_000, max_nodes=1_000, max_aliases=10_000))
    assert "expands (aliases included) to more than 1000 values" in str(info.value)


def test_deep_nesting_and_recursive_aliases_are_problems(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("a: " + "[" * 50 + "]" * 50 + "\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="nests 51 levels deep"):
        read_bounded_yaml(file, "x.yaml", YamlLimits(max_bytes=10_000, max_nodes=1_000))
    file.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="nests deeper"):
        read_bounded_yaml(file, "x.yaml", YamlLimits(max_bytes=1_000_000, max_nodes=1_000))
    file.write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match="refers to itself"):
        read_bounded_yaml(file, "x.yaml", YamlLimits(max_bytes=10_000, max_nodes=1_000))


def test_a_huge_claims_file_is_refused_by_size(tmp_path: Path) -> None:
    claims = EMBED_CLAIMS.format(pack_id="huge") + "x_padding: '" + "y" * 300_000 + "'\n"
    problems = problems_of(write_pack(tmp_path, "huge", claims))
    assert [p.key for p in problems] == ["(file)"] and "larger than" in problems[0].message


def _write_latin1_pack(parent: Path) -> Path:
    root = write_behaving_pack(parent, "healthy", "latin")
    text = EMBED_CLAIMS.format(pack_id="latin").replace("(fault test pack)", "(caf\xe9)")
    (root / "claims.yaml").write_bytes(text.encode("latin-1"))
    return root


def test_a_non_utf8_claims_file_is_its_own_error(tmp_path: Path) -> None:
    problems = problems_of(_write_latin1_pack(tmp_path))
    assert [(p.line, p.key) for p in problems] == [(2, "(encoding)")]
    assert "byte 0xe9" in problems[0].message and "save the file as UTF-8" in problems[0].message


def test_a_non_utf8_pack_leaves_every_other_pack_usable(
    tmp_path: Path, pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    packs = pytester.path / "packs"
    _write_latin1_pack(packs)
    write_behaving_pack(packs, "healthy")
    assert cli.main(["validate", str(packs)]) == 1
    out = capsys.readouterr().out
    assert "ok       healthy" in out and "(encoding): is not UTF-8" in out
    assert cli.main(["list", "--pack-path", str(packs), "--json"]) == 0
    assert '"id": "healthy"' in capsys.readouterr().out
    listed = pytester.runpytest_subprocess("--list-packs", f"--pack-path={packs}", "-p", "no:cacheprovider")
    assert listed.ret == 0 and "INTERNALERROR" not in listed.stdout.str()
    assert "latin" in listed.stdout.str() and "healthy" in listed.stdout.str()
    run = pytester.runpytest_subprocess(
        "--model-pack=healthy", f"--pack-path={packs}", "-p", "no:cacheprovider", "-q"
    )
    assert run.ret == 0, run.stdout.str()
    run.assert_outcomes(passed=5)  # four embed rules and the docs gate
