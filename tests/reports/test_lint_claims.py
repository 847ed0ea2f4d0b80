"""The claim-leak gate: figures in a pack's docs that claims.yaml does not declare."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sleepy import audiocontract, write_pack

from pytest_audiocontract.lint_claims import figures, leaks_in_pack

README = """# sleepy

Uses whisper tiny.en 1.8.0 at 16000 Hz.
It reaches a WER of 0.12 on speech_en.
Runs at RTF 0.3, with 250 ms first-token latency.
"""


def test_each_undeclared_figure_is_listed_with_its_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, README)
    leaks = leaks_in_pack(pack)
    assert sorted((leak.line, leak.figure) for leak in leaks) == [(4, "0.12"), (5, "0.3"), (5, "250 ms")]
    assert str(leaks[0]).startswith(f"{pack / 'README.md'}:")


def test_declared_metrics_are_allowed(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, README)
    claims = pack / "claims.yaml"
    claims.write_text(
        claims.read_text() + "claims:\n  - {metric: wer, surface: asr, max: 0.2, "
        "dataset: speech_en}\n  - {metric: rtf, surface: asr, max: 0.5}\n"
    )
    assert [(leak.line, leak.figure) for leak in leaks_in_pack(pack)] == [(5, "250 ms")]


def test_versions_rates_and_names_are_not_figures() -> None:
    assert list(figures("WER normaliser en-basic-1; model tiny.en 1.8.0; top-1 accuracy")) == []


def test_cli_fails_on_leaks_and_passes_on_the_repo_packs(tmp_path: Path) -> None:
    write_pack(tmp_path, README)
    done = audiocontract("lint-claims", str(tmp_path))
    assert done.returncode == 1 and "README.md:4:" in done.stdout


def test_pack_item_gates_the_leak(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, README)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"--model-pack={pack}",
            "--contract-examples=1",
            "-p",
            "no:cacheprovider",
            "-q",
            "-k",
            "claims_declared",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert "docs::claims_declared[sleepy]" in done.stdout
    assert "README.md:4:" in done.stdout
