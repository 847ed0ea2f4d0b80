"""The claim-leak gate: figures in a pack's docs that claims.yaml does not declare."""

from __future__ import annotations

from pathlib import Path

from run_pytest import run_pytest
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
    done = run_pytest(
        f"--model-pack={pack}",
        "--contract-examples=1",
        "-q",
        "-k",
        "claims_declared",
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout
    assert "docs::claims_declared[sleepy]" in done.stdout
    assert "README.md:4:" in done.stdout


def _labels(line: str) -> list[tuple[str, str]]:
    return [(figure, word) for _, figure, word, _ in figures(line)]


def test_a_figure_belongs_to_the_metric_word_of_its_clause() -> None:
    # issue 12: the first sentence flagged 0.001 as a peak-memory figure; the reversed one
    # labelled 50 MB as an RTF figure, so an rtf claim let it through.
    assert _labels("RTF under 0.001, peak memory around 50 MB.") == [
        ("0.001", "RTF"),
        ("50 MB", "peak memory"),
    ]
    assert _labels("Peak memory around 50 MB, RTF under 0.001.") == [
        ("50 MB", "Peak memory"),
        ("0.001", "RTF"),
    ]
    assert _labels("WER 0.12 and 0.3 RTF") == [("0.12", "WER"), ("0.3", "RTF")]
    assert _labels("RTF is low, around 0.3") == [("0.3", "RTF")]  # no word in its clause: the one before
    assert _labels("| tiny | WER 0.12 | RTF 0.3 |") == [("0.12", "WER"), ("0.3", "RTF")]


def test_of_two_words_ending_together_the_longer_owns_the_figure() -> None:
    # "ORC-WER" holds the word "WER": the figure is an orcwer one, not a plain WER.
    assert _labels("ORC-WER 0.21 on meetings") == [("0.21", "ORC-WER")]
    assert _labels("speaker-attributed WER 0.3") == [("0.3", "speaker-attributed WER")]
    assert _labels("finalize latency 300 ms") == [("300 ms", "finalize latency")]


def test_the_reversed_sentence_is_a_leak_with_only_an_rtf_claim(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "# sleepy\n\nPeak memory around 50 MB, RTF under 0.001.\n")
    claims = pack / "claims.yaml"
    claims.write_text(claims.read_text() + "claims:\n  - {metric: rtf, surface: asr, max: 0.5}\n")
    assert [(leak.figure, leak.word) for leak in leaks_in_pack(pack)] == [("50 MB", "Peak memory")]
    (pack / "README.md").write_text("# sleepy\n\nRTF under 0.001, peak memory around 50 MB.\n")
    assert [(leak.figure, leak.word) for leak in leaks_in_pack(pack)] == [("50 MB", "peak memory")]


def test_diarization_and_mos_figures_need_their_claims(tmp_path: Path) -> None:
    readme = "# sleepy\n\nDER 0.19 on conversations.\ncpWER 0.13 there.\nDNSMOS 3.2 overall.\n"
    pack = write_pack(tmp_path, readme)
    assert sorted((leak.line, leak.figure) for leak in leaks_in_pack(pack)) == [
        (3, "0.19"),
        (4, "0.13"),
        (5, "3.2"),
    ]
