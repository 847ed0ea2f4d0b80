"""`pytest --help` stays light: no runtime, no audio library, no contract machinery."""

from __future__ import annotations

import pytest

HEAVY = (
    "hypothesis.stateful",
    "jsonschema",
    "soxr",
    "soundfile",
    "torch",
    "onnxruntime",
    "ctranslate2",
    "tensorflow",
    "pytest_audiocontract.contracts",
)

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
