"""The checkpoint cache: a build runs once, lands whole, and is redone when the builder's
version changes or the build is asked for again."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from rwkit import ROOT

assert str(ROOT) in sys.path
from builders import cache, registry  # noqa: E402


@pytest.fixture
def fake_builder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """A registered builder `fake` that records each folder it builds into."""
    calls: list[Path] = []

    def build(out_dir: Path, name: str) -> None:
        calls.append(out_dir)
        (out_dir / "weights.bin").write_bytes(b"\0" * 8)

    module = types.ModuleType("builders.fake")
    module.build = build  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "builders.fake", module)
    monkeypatch.setitem(registry.BUILDERS, "fake", registry.Builder("fake", "fake"))
    monkeypatch.setenv("AUDIOCONTRACT_RANDOM_CACHE", str(tmp_path / "cache"))
    return calls


def test_builds_once_then_reuses(fake_builder: list[Path], tmp_path: Path) -> None:
    first = cache.checkpoint("fake")
    second = cache.checkpoint("fake")
    assert first == second == tmp_path / "cache" / "fake"
    assert len(fake_builder) == 1
    assert (first / "weights.bin").read_bytes() == b"\0" * 8
    assert [p.name for p in first.parent.iterdir()] == ["fake"]  # no temporary folder left


def test_rebuild_and_new_version_build_again(
    fake_builder: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.checkpoint("fake")
    cache.checkpoint("fake", rebuild=True)
    assert len(fake_builder) == 2
    monkeypatch.setitem(registry.BUILDERS, "fake", registry.Builder("fake", "fake", version=2))
    cache.checkpoint("fake")
    assert len(fake_builder) == 3


def test_failed_build_leaves_nothing(
    fake_builder: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(out_dir: Path, name: str) -> None:
        (out_dir / "half.bin").write_bytes(b"1")
        raise RuntimeError("out of disk")

    monkeypatch.setattr(sys.modules["builders.fake"], "build", broken)
    with pytest.raises(RuntimeError, match="out of disk"):
        cache.checkpoint("fake")
    assert list((tmp_path / "cache").iterdir()) == []


def test_unknown_name_lists_the_builders() -> None:
    with pytest.raises(ValueError, match="moonshine"):
        cache.checkpoint("no_such_model")


def test_default_root_is_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDIOCONTRACT_RANDOM_CACHE", raising=False)
    assert cache.cache_root() == Path.home() / ".cache" / "audiocontract" / "random"
