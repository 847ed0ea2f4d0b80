"""`pytest --model-pack=model_packs/voxtral` against the local server: the contracts pass,
and a run that fails leaks the key nowhere (output, junit XML, failure files, tracebacks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from voxtral_server import PACK, SECRET, Fail, VoxtralServer


def _run(pytester: pytest.Pytester, *extra: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        f"--model-pack={PACK}",
        "-p",
        "no:cacheprovider",
        "--audiocontract-failures",
        str(pytester.path / "failures"),
        *extra,
    )


def test_contracts_pass_against_the_local_server(pytester: pytest.Pytester, server: VoxtralServer) -> None:
    from pytest_audiocontract.opt_outs import OPT_OUT_RULES

    # The hallucination rules judge what the model says, and the local server is not Voxtral:
    # it names windows of energy (voxtral_server.py). They run against the real API.
    result = _run(pytester, "-q", "-k", f"not ({' or '.join(OPT_OUT_RULES)})")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == outcomes.get("errors", 0) == 0, result.stdout.str()[-3000:]
    assert outcomes.get("passed", 0) > 0, result.stdout.str()[-2000:]
    assert server.requests, "the contracts never reached the server"


def test_a_failing_run_never_shows_the_key(pytester: pytest.Pytester, server: VoxtralServer) -> None:
    # A careless server that echoes the Authorization header in its error bodies.
    server.always = Fail(401, echo_auth=True)
    junit = pytester.path / "junit.xml"
    result = _run(
        pytester, "--tb=long", "--showlocals", "-rA", f"--junitxml={junit}", "-x", "-o", "junit_logging=all"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, result.stdout.str()[-2000:]
    assert "check MISTRAL_API_KEY" in result.stdout.str()
    texts = {
        "stdout": result.stdout.str(),
        "stderr": result.stderr.str(),
        "junit": junit.read_text(encoding="utf-8"),
    }
    for path in Path(pytester.path / "failures").rglob("*"):
        if path.is_file():
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    leaked = [name for name, text in texts.items() if SECRET in text]
    assert leaked == [], f"the key appears in {leaked}"
    assert len(texts) > 3, "the failing run left no failure files to check"
