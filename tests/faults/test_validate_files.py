"""`audiocontract validate` checks the files claims.yaml names: the adapter factory (statically),
datasets, pack-shipped manifests and the audio they list (issue 12)."""

from __future__ import annotations

from pathlib import Path

from fault_packs import EMBED_CLAIMS, write_behaving_pack, write_pack

from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.pack_files import pack_file_problems

REPO = Path(__file__).resolve().parents[2]


def problems_text(root: Path) -> str:
    """What validate prints for the pack at `root` (empty: ok)."""
    return "\n".join(map(str, pack_file_problems(load_pack_spec(root), REPO)))


def test_validate_finds_a_missing_factory(tmp_path: Path) -> None:
    root = write_behaving_pack(tmp_path, "healthy", "nofactory")
    (root / "claims.yaml").write_text(
        EMBED_CLAIMS.format(pack_id="nofactory").replace("adapter:load", "adapter:make_model")
    )
    out = problems_text(root)
    assert f"{root / 'claims.yaml'}:3: adapter: names factory 'make_model'" in out
    assert "(it defines Model, load)" in out
    assert "add `def make_model(variant, device):`" in out


def test_validate_accepts_a_factory_bound_in_a_block_or_imported(tmp_path: Path) -> None:
    root = write_behaving_pack(tmp_path, "healthy", "blocky")
    source = (root / "adapter.py").read_text().replace("def load(", "def _load(")
    (root / "adapter.py").write_text(source + "\ntry:\n    load = _load\nexcept Exception:\n    raise\n")
    assert problems_text(root) == ""


def test_validate_reports_an_adapter_that_does_not_parse(tmp_path: Path) -> None:
    root = write_behaving_pack(tmp_path, "healthy", "broken")
    (root / "adapter.py").write_text("def load(:\n")
    assert f"{root / 'adapter.py'}:1 does not parse" in problems_text(root)


def _pack_with_dataset(parent: Path, dataset: str) -> Path:
    claims = (
        EMBED_CLAIMS.format(pack_id="ds").replace("embed:\n    dim: 4", "enhance: {}")
        + f"claims:\n  - metric: si_snr_improvement_db\n    surface: enhance\n    min: 1\n"
        f"    dataset: {dataset}\n"
    )
    return write_pack(parent, "ds", claims)


def test_validate_finds_a_dataset_path_that_does_not_exist(tmp_path: Path) -> None:
    root = _pack_with_dataset(tmp_path, "data/manifest.yaml")
    out = problems_text(root)
    assert f"{root / 'claims.yaml'}:10: claims.dataset: 'data/manifest.yaml' not found" in out


def test_validate_finds_a_malformed_pack_manifest(tmp_path: Path) -> None:
    root = _pack_with_dataset(tmp_path, "data/manifest.yaml")
    (root / "data").mkdir()
    (root / "data" / "manifest.yaml").write_text("name: mine\nkind: noisy_speech\nitems: []\n")
    out = problems_text(root)
    assert f"{root / 'data' / 'manifest.yaml'}:3: items: items=[], but should be a non-empty list" in out
    assert f"(dataset 'data/manifest.yaml' of {root / 'claims.yaml'})" in out


def test_validate_finds_a_manifest_whose_audio_is_missing(tmp_path: Path) -> None:
    root = _pack_with_dataset(tmp_path, "data/manifest.yaml")
    (root / "data").mkdir()
    (root / "data" / "manifest.yaml").write_text(
        "name: mine\nkind: noisy_speech\ndescription: d\nlicence: CC0\nprovenance: p\nrebuild: r\n"
        "items:\n  - {id: a, file: a.wav, clean: b.wav, snr_db: 5, noise: white}\n"
    )
    out = problems_text(root)
    assert "items[0].file: 'a.wav' does not exist" in out


def test_validate_accepts_a_named_fixture_dataset(tmp_path: Path) -> None:
    assert problems_text(_pack_with_dataset(tmp_path, "noisy_speech")) == ""


def test_the_validate_command_prints_the_file_problems(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = _pack_with_dataset(tmp_path, "data/manifest.yaml")
    (root / "claims.yaml").write_text(
        (root / "claims.yaml").read_text().replace("adapter:load", "adapter:make")
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", "validate", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert f"invalid  {root / 'claims.yaml'}" in done.stdout
    assert f"{root / 'claims.yaml'}:3: adapter: names factory 'make'" in done.stdout
    assert "claims.dataset: 'data/manifest.yaml' not found" in done.stdout
