"""No secret in what a run writes: terminal (with -l), junit XML, report.json/md/html (issue 12)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_pack

from pytest_audiocontract.redact import scrub, secret_values

REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-test-0123456789abcdef"

# Reads its key into a local, prints it, then fails to load: every place a key leaks from.
LEAKY_LOAD = """\
import os

import numpy as np

from pytest_audiocontract import Embedding


def load(variant, device):
    key = os.environ["EXAMPLE_SERVICE_API_KEY"]
    print(f"using key {key}")
    raise RuntimeError(f"the service refused key {key}")
"""


def test_secret_values_come_from_names_that_say_secret() -> None:
    env = {
        "MISTRAL_API_KEY": SECRET,
        "HF_TOKEN": "hf_abcdefgh",
        "X_SECRET": "s3cr3t-value",
        "PATH": "/usr/bin:/bin",
        "SHORT_TOKEN": "1",
    }
    assert sorted(secret_values(env)) == sorted([SECRET, "hf_abcdefgh", "s3cr3t-value"])
    assert scrub(f"key={SECRET}!", secret_values(env)) == "key=***!"


def test_a_leaking_load_failure_shows_no_key_anywhere(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_pack(pytester.path, "leaky", EMBED_CLAIMS.format(pack_id="leaky"))
    (root / "adapter.py").write_text(LEAKY_LOAD)
    monkeypatch.setenv("EXAMPLE_SERVICE_API_KEY", SECRET)
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--model-pack={root}",
        "-p",
        "no:cacheprovider",
        "-l",
        "-rA",
        "--tb=long",
        f"--junitxml={junit}",
        f"--audiocontract-report={pytester.path / 'out'}",
        f"--audiocontract-failures={pytester.path / 'failures'}",
    )
    output = result.stdout.str() + result.stderr.str()
    assert result.ret == 1, output
    assert "the service refused key ***" in output
    written = {
        "terminal": output,
        "junit": junit.read_text(),
        **{
            name: (pytester.path / "out" / name).read_text()
            for name in ("report.json", "report.md", "report.html")
        },
    }
    for where, text in written.items():
        assert SECRET not in text, where
    assert "***" in written["junit"] and "***" in written["report.json"]


def test_the_voxtral_factory_keeps_no_key_in_a_local(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the key is read: no frame of the traceback holds it in a plain local."""
    client = types.ModuleType("mistralai.client")
    utils = types.ModuleType("mistralai.client.utils")

    def refuse(**kwargs: object) -> None:
        raise RuntimeError("client construction failed")

    client.Mistral = refuse  # type: ignore[attr-defined]
    utils.BackoffStrategy = lambda *a, **k: None  # type: ignore[attr-defined]
    utils.RetryConfig = lambda *a, **k: None  # type: ignore[attr-defined]
    for name, module in {"mistralai": types.ModuleType("mistralai"), "mistralai.client": client,
                         "mistralai.client.utils": utils}.items():  # fmt: skip
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setenv("MISTRAL_API_KEY", SECRET)
    # As the plugin imports it: a package, so the adapter's relative imports resolve.
    from pytest_audiocontract.packs.loading import import_factory
    from pytest_audiocontract.spec.loader import load_pack_spec

    load = import_factory(load_pack_spec(REPO / "model_packs" / "voxtral"))
    with pytest.raises(RuntimeError, match="client construction failed") as info:
        load("mini", "cpu")
    for entry in info.traceback:
        shown = {name: repr(value) for name, value in entry.locals.items()}
        assert not [name for name, text in shown.items() if SECRET in text], entry
