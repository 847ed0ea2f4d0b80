"""claims.yaml's `weights:` block: folders of weights that no package ships, per variant."""

from __future__ import annotations

from pathlib import Path

import pytest
from packkit import claims_yaml, write_pack

from pytest_audiocontract.errors import ClaimsError, MissingRequirement
from pytest_audiocontract.packs.listing import pack_rows, render_table
from pytest_audiocontract.packs.selection import PackFilter
from pytest_audiocontract.packs.weights import weights_dir, weights_status
from pytest_audiocontract.spec.loader import load_pack_spec

WEIGHTS = """\
weights:
  upstream: https://example.invalid/model
  files: [config.json, "*.ckpt"]
  variants:
    random: {env: TOY_RANDOM_DIR, builder: toy, verified: every enhance contract}
    real: {env: TOY_DIR}
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("TOY_DIR", "TOY_RANDOM_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUDIOCONTRACT_RANDOM_CACHE", str(tmp_path / "cache"))
    text = claims_yaml("toy", variants="[random, real]") + WEIGHTS
    return write_pack(tmp_path / "packs", "toy", claims=text)


def fill(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")
    (folder / "step-9.ckpt").write_bytes(b"\0")
    return folder


def test_unset_variable_names_it_and_upstream(pack: Path) -> None:
    with pytest.raises(MissingRequirement) as caught:
        weights_dir(pack / "adapter.py", "real")
    assert "TOY_DIR is not set" in str(caught.value)
    assert "https://example.invalid/model" in str(caught.value)


def test_folder_lacking_files_names_each(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOY_DIR", str(tmp_path / "empty"))
    with pytest.raises(MissingRequirement, match=r"lacks config\.json, \*\.ckpt: point TOY_DIR"):
        weights_dir(pack, "real")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MissingRequirement, match=r"lacks \*\.ckpt"):
        weights_dir(pack, "real")


def test_complete_folder_is_returned(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fill(tmp_path / "weights")
    monkeypatch.setenv("TOY_DIR", str(folder))
    assert weights_dir(pack / "claims.yaml", "real") == folder


def test_builder_variant_reads_the_cache_and_says_how_to_build(pack: Path, tmp_path: Path) -> None:
    with pytest.raises(MissingRequirement, match=r"python -m builders toy"):
        weights_dir(pack, "random")
    fill(tmp_path / "cache" / "toy")
    assert weights_dir(pack, "random") == tmp_path / "cache" / "toy"


def test_variable_overrides_the_cache(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path / "cache" / "toy")
    monkeypatch.setenv("TOY_RANDOM_DIR", str(fill(tmp_path / "elsewhere")))
    assert weights_dir(pack, "random") == tmp_path / "elsewhere"


def test_variant_without_weights_is_a_programming_error(pack: Path) -> None:
    with pytest.raises(ValueError, match="declares no weights for variant 'tiny'"):
        weights_status(load_pack_spec(pack), "tiny")


def test_weights_of_an_undeclared_variant_is_a_claims_error(tmp_path: Path) -> None:
    text = claims_yaml("toy", variants="[random, real]") + WEIGHTS.replace("real: {", "reel: {")
    root = write_pack(tmp_path, "toy", claims=text)
    with pytest.raises(ClaimsError) as caught:
        load_pack_spec(root)
    (problem,) = caught.value.problems
    assert problem.key == "weights.variants.reel"
    assert problem.line == text.splitlines().index("    reel: {env: TOY_DIR}") + 1
    assert "did you mean 'real'" in problem.message


def test_list_shows_which_weights_were_found(pack: Path, tmp_path: Path) -> None:
    fill(tmp_path / "cache" / "toy")
    (row,) = pack_rows([pack.parent], PackFilter())
    assert row["weights"]["random"]["found"] is True
    assert row["weights"]["random"]["verified"] == "every enhance contract"
    assert row["weights"]["real"]["found"] is False
    assert "TOY_DIR is not set" in row["weights"]["real"]["problem"]
    assert "random:found,real:missing" in render_table([row])


def test_skip_for_missing_weights_names_no_tox_env(pack: Path) -> None:
    from pytest_audiocontract.packs.loading import load_model

    (pack / "adapter.py").write_text(
        "from pytest_audiocontract.packs.weights import weights_dir\n"
        "def load(variant, device):\n"
        "    return weights_dir(__file__, variant)\n",
        encoding="utf-8",
    )
    with pytest.raises(MissingRequirement) as caught:
        load_model(load_pack_spec(pack), "real", "cpu")
    assert "TOY_DIR is not set" in str(caught.value)
    assert "tox -e" not in str(caught.value)  # no environment has the user's weights either
