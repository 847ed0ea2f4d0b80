"""Processes an adapter starts end with the process that ran it, with and without --isolate
(issue 12): a forked child, a Popen'd command, and the grandchild the forked one started."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_pack

from pytest_audiocontract.isolation.children import descendants, end_descendants

# Starts helpers when loaded and writes their pids beside the adapter.
SPAWNING = """\
import os
import pathlib
import subprocess
import sys
import time

import numpy as np

from pytest_audiocontract import Embedding

PIDS = pathlib.Path(__file__).with_name("pids.txt")


def load(variant, device):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    forked = os.fork()
    if forked == 0:  # the child starts a grandchild, then sleeps
        grand = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with open(PIDS, "a") as out:
            out.write(f"{grand.pid}\\n")
        time.sleep(600)
        os._exit(0)
    with open(PIDS, "a") as out:
        out.write(f"{sleeper.pid}\\n{forked}\\n")
    return Model()


class Model:
    def embed(self, audio, sr):
        return Embedding(vector=np.full(4, 0.5, dtype=np.float32))
"""


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _pids(pack: Path) -> list[int]:
    for _ in range(500):  # the grandchild writes its pid a moment after the others
        lines = (pack / "pids.txt").read_text().split() if (pack / "pids.txt").exists() else []
        if len(lines) >= 3:
            return [int(p) for p in lines]
        time.sleep(0.01)
    raise AssertionError(f"the adapter wrote {lines}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finding children needs /proc (Linux)")
@pytest.mark.parametrize("isolate", [[], ["--isolate"]], ids=["in-process", "isolated"])
def test_an_adapters_children_end_with_the_run(pytester: pytest.Pytester, isolate: list[str]) -> None:
    pack = write_pack(pytester.path, "spawner", EMBED_CLAIMS.format(pack_id="spawner"))
    (pack / "adapter.py").write_text(SPAWNING)
    result = pytester.runpytest_subprocess(f"--model-pack={pack}", "-p", "no:cacheprovider", *isolate)
    assert result.ret == 0, result.stdout.str()
    pids = _pids(pack)
    try:
        still = [p for p in pids if _running(p)]
        assert still == [], f"still running after the run: {still} of {pids}"
    finally:
        for pid in pids:
            if _running(pid):
                os.kill(pid, 9)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finding children needs /proc (Linux)")
def test_end_descendants_keeps_what_it_is_told_to(tmp_path: Path) -> None:
    import subprocess

    kept = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    ended = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        assert {kept.pid, ended.pid} <= set(descendants(os.getpid()))
        assert end_descendants(keep={kept.pid}) == [ended.pid]
        assert not _running(ended.pid) and _running(kept.pid)
    finally:
        kept.kill()
        ended.kill()
        kept.wait()
