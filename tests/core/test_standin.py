"""packs.standin: a library imports with a pack's stand-in for a dependency that fails."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_audiocontract.packs.standin import import_with_standin

NAMES = ("fakelib_uses_dep", "fake_dep")


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """A library importing `fake_dep` at module level, and a stand-in folder for `fake_dep`."""
    lib, standin = tmp_path / "lib", tmp_path / "standin"
    (lib / "fakelib_uses_dep").mkdir(parents=True)
    (lib / "fakelib_uses_dep" / "__init__.py").write_text("import fake_dep as dep\n")
    (standin / "fake_dep").mkdir(parents=True)
    (standin / "fake_dep" / "__init__.py").write_text("STANDIN = True\n")
    monkeypatch.syspath_prepend(str(lib))
    yield lib, standin
    for name in NAMES:
        sys.modules.pop(name, None)


def test_missing_dependency_is_stood_in_only_while_the_library_imports(folders: tuple[Path, Path]) -> None:
    _lib, standin = folders
    module = import_with_standin("fakelib_uses_dep", standin, "fake_dep")
    assert module.dep.STANDIN is True
    assert str(standin) not in sys.path
    assert "fake_dep" not in sys.modules  # nobody else sees the stand-in
    with pytest.raises(ImportError):
        __import__("fake_dep")


def test_a_dependency_that_imports_is_used(folders: tuple[Path, Path]) -> None:
    lib, standin = folders
    (lib / "fake_dep.py").write_text("STANDIN = False\n")
    module = import_with_standin("fakelib_uses_dep", standin, "fake_dep")
    assert module.dep.STANDIN is False


def test_a_dependency_that_fails_in_its_extension_is_stood_in(folders: tuple[Path, Path]) -> None:
    lib, standin = folders
    (lib / "fake_dep.py").write_text("raise OSError('libc10_cuda.so: cannot open shared object')\n")
    module = import_with_standin("fakelib_uses_dep", standin, "fake_dep")
    assert module.dep.STANDIN is True
    assert "fake_dep" not in sys.modules
