"""One broken pack never spoils the run: each kind of breakage is reported on its own items.

One run over a folder of packs (a subprocess, as users run it); each test reads one property
of that run's report.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from packkit import (
    ENHANCE_AND_VAD,
    IDENTITY_ENHANCE,
    claims_yaml,
    is_contract_item,
    item_statuses,
    write_pack,
)
from run_pytest import run_pytest

ENHANCE_RULES = (
    "returns_result_type",
    "finite_outputs",
    "deterministic",
    "length_matches_input",
    "rate_matches_input",
    "silence_stays_silent",
)

COUNTING = ENHANCE_AND_VAD.replace(
    "def load(variant, device):",
    """\
from pathlib import Path

def load(variant, device):
    with open(Path(__file__).with_name("loads.txt"), "a") as log:
        log.write(f"{variant} {device}\\n")""",
)

RAISES_ON_ODD_LENGTHS = IDENTITY_ENHANCE.replace(
    "    def enhance(self, audio, sr):\n",
    """\
    def enhance(self, audio, sr):
        if audio.size % 2:
            raise ValueError(f"odd length {audio.size} not supported")
""",
)

IMPORT_FAILS = "raise RuntimeError('adapter import exploded')\n" + IDENTITY_ENHANCE

FACTORY_FAILS = IDENTITY_ENHANCE.replace(
    "    return Model()", "    raise OSError('weights file is truncated')"
)

FACTORY_NEEDS_SOMETHING = IDENTITY_ENHANCE.replace(
    """\
def load(variant, device):
    return Model()""",
    """\
def load(variant, device):
    from pytest_audiocontract.errors import MissingRequirement
    raise MissingRequirement("needs the espeak-ng command: apt-get install espeak-ng")""",
)


class Run:
    def __init__(self, root: Path, done: subprocess.CompletedProcess[str]) -> None:
        self.root, self.returncode, self.output = root, done.returncode, done.stdout + done.stderr
        # Contract and claim items; a pack may have others (docs checks) that are not ours here.
        self.status = {
            nodeid: status
            for nodeid, status in item_statuses(done.stdout.splitlines()).items()
            if is_contract_item(nodeid) or "::claims::" in nodeid
        }

    def of_pack(self, pack: str) -> dict[str, str]:
        return {
            nodeid.split("::", 1)[1]: status
            for nodeid, status in self.status.items()
            if nodeid.startswith(f"packs/{pack}/")
        }

    def section(self, nodeid_part: str) -> str:
        """The failure or error section of the first report whose title contains the text."""
        parts = re.split(r"\n_{3,} (.+?) _{3,}\n", self.output)
        for title, body in zip(parts[1::2], parts[2::2], strict=True):
            if nodeid_part in title:
                return body
        raise AssertionError(f"no report section for {nodeid_part!r}:\n{self.output[-4000:]}")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = tmp_path_factory.mktemp("robustness")
    packs = root / "packs"
    good = claims_yaml("good_one", surfaces="enhance: {}\nvad: {}")
    write_pack(
        packs,
        "good_one",
        COUNTING,  # the claim shares the contracts' model
        claims=good + "claims:\n  - {metric: rtf, surface: enhance, max: 1000000}\n",  # no load breaks it
    )
    write_pack(packs, "raises_sometimes", RAISES_ON_ODD_LENGTHS)
    write_pack(packs, "import_fails", IMPORT_FAILS)
    write_pack(packs, "factory_fails", FACTORY_FAILS)
    write_pack(packs, "factory_skips", FACTORY_NEEDS_SOMETHING)
    write_pack(packs, "needs_dist", requirements="# comment\nsurely-not-installed-dist>=1.0\n")
    write_pack(
        packs,
        "bad_claims",
        claims="id: bad_claims\nname: x\nadapter: adapter:load\n"
        "runtime: numpy\ndevices: [cpu]\nci: true\n"
        "surfaces:\n  enhance: {}\ncolour: red\n",
    )
    done = run_pytest(
        "packs",
        "-v",
        "--contract-examples",
        "4",
        "-rA",
        "--audiocontract-failures",
        str(root / "fail"),
        cwd=root,
    )
    return Run(root, done)


def test_the_good_pack_passes_every_rule(run: Run) -> None:
    assert run.of_pack("good_one") == {
        **{f"enhance::{r}[good_one]": "PASSED" for r in ENHANCE_RULES},
        **{
            f"vad::{r}[good_one]": "PASSED"
            for r in (
                "returns_result_type",
                "finite_outputs",
                "deterministic",
                "regions_sorted_disjoint",
                "regions_within_duration",
                "silence_gives_no_regions",
            )
        },
        "claims::rtf<=1e+06[good_one/synthetic]": "PASSED",
    }


def test_the_model_loads_once_per_pack_per_session(run: Run) -> None:
    assert (run.root / "packs" / "good_one" / "loads.txt").read_text() == "default cpu\n"


def test_import_error_errors_its_items_naming_the_cause(run: Run) -> None:
    assert set(run.of_pack("import_fails").values()) == {"ERROR"}
    assert len(run.of_pack("import_fails")) == len(ENHANCE_RULES)
    report = run.section("import_fails")
    assert "RuntimeError: adapter import exploded" in report
    assert "import_fails" in report and "adapter.py" in report


def test_factory_error_errors_its_items_naming_the_cause(run: Run) -> None:
    assert set(run.of_pack("factory_fails").values()) == {"ERROR"}
    report = run.section("factory_fails")
    assert "adapter:load('default', 'cpu') raised OSError: weights file is truncated" in report


def test_a_method_raising_on_some_inputs_fails_only_returns_result_type(run: Run) -> None:
    statuses = run.of_pack("raises_sometimes")
    assert statuses.pop("enhance::returns_result_type[raises_sometimes]") == "FAILED"
    assert len(statuses) == len(ENHANCE_RULES) - 1
    # A rule that met a raise is not judged (skipped, never passed); silence_stays_silent's
    # inputs all have even lengths, so it was judged on every one and holds.
    skipped = {name for name, status in statuses.items() if status == "SKIPPED"}
    assert {n.split("[")[0] for n in skipped} == {
        "enhance::finite_outputs",
        "enhance::deterministic",
        "enhance::length_matches_input",
        "enhance::rate_matches_input",
    }, statuses
    assert "raises_sometimes/enhance: deterministic not judged: enhance raised" in run.output
    report = run.section("raises_sometimes: enhance::returns_result_type")
    assert re.search(
        r"raises_sometimes/enhance: returns_result_type: call='raised ValueError: "
        r"odd length \d*[13579] not supported'",
        report,
    ), report


def test_malformed_claims_is_one_failed_item_with_file_line_key(run: Run) -> None:
    assert run.of_pack("bad_claims") == {"claims::valid[bad_claims]": "FAILED"}
    report = run.section("claims::valid[bad_claims]")
    assert "packs/bad_claims/claims.yaml:9: colour: is not a known key" in report
    assert "audiocontract validate" in report


def test_missing_distribution_skips_with_the_install_command(run: Run) -> None:
    assert set(run.of_pack("needs_dist").values()) == {"SKIPPED"}
    requirements = run.root / "packs" / "needs_dist" / "requirements.txt"
    assert re.search(
        r"SKIPPED \[6\] .*pack 'needs_dist' needs surely-not-installed-dist>=1\.0 "
        rf"\(from its requirements\.txt\), which is not installed: "
        rf"pip install -r {re.escape(str(requirements))}",
        run.output,
    ), run.output


def test_a_skip_is_reported_at_the_pack_not_at_the_harness(run: Run) -> None:
    # PackSkip: the reason is the pack's, so the place shown is its claims.yaml.
    assert re.search(r"SKIPPED \[6\] \S*packs/needs_dist/claims\.yaml:\d+: pack 'needs_dist'", run.output)
    assert not re.search(r"SKIPPED \[\d+\] \S*pytest_audiocontract/", run.output), run.output


def test_factory_missing_requirement_skips_with_its_message(run: Run) -> None:
    assert set(run.of_pack("factory_skips").values()) == {"SKIPPED"}
    assert re.search(r"SKIPPED \[6\] .*needs the espeak-ng command: apt-get install espeak-ng", run.output)


def test_the_run_totals(run: Run) -> None:
    counts = Counter(run.status.values())
    # 13 good + 1 raises_sometimes pass; 1 rule + 1 claims file fail; 12 load errors; 12 skips
    # and 4 rules of raises_sometimes not judged where enhance raised.
    assert counts == {"PASSED": 14, "FAILED": 2, "ERROR": 12, "SKIPPED": 16}, run.output
    assert run.returncode == pytest.ExitCode.TESTS_FAILED
