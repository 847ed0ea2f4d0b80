"""A pack whose model sleeps SLEEPY_S seconds per call and says SLEEPY_TEXT: a slower or a
worse run made to order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from run_pytest import run_pytest

ADAPTER = """
import os, time
from pytest_audiocontract import Transcript

class Model:
    def transcribe(self, audio, sr):
        time.sleep(float(os.environ.get("SLEEPY_S", "0.05")))
        return Transcript(text=os.environ.get("SLEEPY_TEXT", ""))

def load(variant, device):
    return Model()
"""

CLAIMS = """id: sleepy
name: Sleeps per call (test pack)
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
surfaces:
  asr: {}
"""

WER_CLAIM = """claims:
  - {surface: asr, metric: wer, dataset: speech_en, max: 100}
"""


def write_pack(root: Path, readme: str | None = None, *, on_speech: bool = False) -> Path:
    """`on_speech`: benchmark on speech_en (a WER figure) instead of synthetic bursts."""
    pack = root / "sleepy"
    pack.mkdir(parents=True, exist_ok=True)
    (pack / "claims.yaml").write_text(CLAIMS + (WER_CLAIM if on_speech else ""))
    (pack / "adapter.py").write_text(ADAPTER)
    if readme is not None:
        (pack / "README.md").write_text(readme)
    return pack


def bench_run(
    pack: Path, out: Path, sleep_s: float, *extra: str, text: str = ""
) -> subprocess.CompletedProcess[str]:
    """`pytest --model-pack=PACK --benchmark-only --audiocontract-report OUT` in a subprocess."""
    env = {**os.environ, "SLEEPY_S": str(sleep_s), "SLEEPY_TEXT": text}
    return run_pytest(
        f"--model-pack={pack}",
        "--benchmark-only",
        "--benchmark-min-rounds=5",
        f"--audiocontract-report={out}",
        "-q",
        *extra,
        cwd=pack.parent,
        env=env,
    )


def audiocontract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest_audiocontract.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
