"""`pytest --help` stays light: no runtime, no audio library, no contract machinery."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = (
    "hypothesis",
    "numpy",
    "yaml",
    "jsonschema",
    "soxr",
    "soundfile",
    "torch",
    "onnxruntime",
    "ctranslate2",
    "tensorflow",
    "pytest_audiocontract.contracts",
)

# What `pytest --help` may load of the plugin: the hooks, the option definitions and the
# names they offer as choices; configure's hook runs too, and without --model-pack it needs
# the run state and the selector, nothing that reads a pack.
ALLOWED_PLUGIN_MODULES = {
    "pytest_audiocontract",
    "pytest_audiocontract.bench",
    "pytest_audiocontract.bench.table",  # --benchmark-quiet unless asked: before pytest-benchmark configures
    "pytest_audiocontract.bench.xdist",
    "pytest_audiocontract.configure",
    "pytest_audiocontract.hookspecs",  # pytest_addhooks: imports pytest only
    "pytest_audiocontract.options",
    "pytest_audiocontract.packs",
    "pytest_audiocontract.packs.selection",
    "pytest_audiocontract.plugin",
    "pytest_audiocontract.session",
    "pytest_audiocontract.surface_names",
}

RECORD_MODULES = """
import sys

def pytest_unconfigure(config):
    with open("modules.txt", "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
"""


def test_help_imports_nothing_heavy(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(RECORD_MODULES)
    (pytester.path / "model_packs").mkdir()
    result = pytester.runpytest_subprocess("--help")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*--model-pack=ID|PATH|all*"])
    loaded = set((pytester.path / "modules.txt").read_text().split())
    assert "pytest_audiocontract.plugin" in loaded, "the plugin was not loaded at all"
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
    plugin_modules = {m for m in loaded if m.startswith("pytest_audiocontract")}
    assert plugin_modules <= ALLOWED_PLUGIN_MODULES, sorted(plugin_modules - ALLOWED_PLUGIN_MODULES)


def test_importing_the_plugin_loads_no_third_party_library() -> None:
    # A fresh interpreter: this test process has loaded everything already.
    code = (
        "import pytest_audiocontract.plugin, sys; print(sorted(m for m in sys.modules if m.split('.')[0] "
        "in {'hypothesis', 'numpy', 'scipy', 'soundfile', 'yaml', 'jsonschema', 'soxr'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_option_choices_name_every_surface() -> None:
    from pytest_audiocontract import surface_names, surfaces

    assert tuple(surfaces.SURFACES) == surface_names.SURFACE_NAMES
    assert surfaces.RUNTIMES is surface_names.RUNTIMES
    assert surfaces.DEVICES is surface_names.DEVICES


def test_public_names_load_on_first_use() -> None:
    import pytest_audiocontract as pkg

    for name in pkg.__all__:
        assert getattr(pkg, name) is not None, name
    # the lazy table and __all__ name the same things (the TYPE_CHECKING imports are mypy's)
    assert set(pkg.__all__) == set(pkg._HOME) | {"CONTRACT_VERSION", "__version__"}
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = pkg.no_such_name  # type: ignore[attr-defined]
