"""spec/bounded_yaml.py reads with libyaml where its answer is the pure-Python reader's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.spec import bounded_yaml
from pytest_audiocontract.spec.bounded_yaml import CLAIMS_LIMITS, read_bounded_yaml

ROOT = Path(__file__).resolve().parents[2]
REPO_YAML = sorted(
    p.relative_to(ROOT).as_posix()
    for folder in ("model_packs", "config", "fixtures")
    for p in (ROOT / folder).rglob("*.yaml")
)
needs_libyaml = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml: only one reader"
)


def _shape(node: yaml.Node) -> object:
    """A node graph as plain data: tags, values, lines and columns (style: '' and None alike)."""
    mark = (node.tag, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (*mark, node.value, node.style or None)
    if isinstance(node, yaml.SequenceNode):
        return (*mark, [_shape(child) for child in node.value])
    assert isinstance(node, yaml.MappingNode)
    return (*mark, [(_shape(key), _shape(value)) for key, value in node.value])


@needs_libyaml
@pytest.mark.parametrize("name", REPO_YAML)
def test_libyaml_reads_every_file_of_the_repo_as_the_pure_reader(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert bounded_yaml._c_loader_fits(text)
    fast, pure = yaml.CSafeLoader(text), yaml.SafeLoader(text)
    fast_root, pure_root = fast.get_single_node(), pure.get_single_node()
    assert fast_root is not None and pure_root is not None
    assert _shape(fast_root) == _shape(pure_root)
    assert fast.construct_document(fast_root) == pure.construct_document(pure_root)


@needs_libyaml
def test_a_yaml_error_is_reported_in_the_pure_readers_words(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    bad.write_text("id: x\nname: [unclosed\nadapter: a:b\n")
    with pytest.raises(yaml.YAMLError) as pure:
        yaml.SafeLoader(bad.read_text()).get_single_node()
    with pytest.raises(ClaimsError) as raised:
        read_bounded_yaml(bad, "claims.yaml", CLAIMS_LIMITS)
    problem, error = raised.value.problems[0], pure.value
    assert isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None
    assert problem.line == error.problem_mark.line + 1
    assert str(error.problem) in problem.message


@pytest.mark.parametrize(
    ("text", "why"),
    [("a: " + "[" * 3000 + "]" * 3000 + "\n", "deep"), ("a: b\x07\n", "a character the pure reader refuses")],
)
def test_text_libyaml_might_answer_otherwise_goes_to_the_pure_reader(text: str, why: str) -> None:
    assert not bounded_yaml._c_loader_fits(text), why
