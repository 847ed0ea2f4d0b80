"""Issue 12's "done means": one bad pack of each kind beside a good pack. Every bad one is
reported by name, the good one in full, in the terminal and in report.json/md/html; pytest
exits 1, never 0 and never with an INTERNALERROR. (Crashes under xdist and --isolate have
their own runs: test_lost_results.py, tests/isolation/test_crash_isolation.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fault_packs import EMBED_CLAIMS, write_behaving_pack, write_pack
from test_claims_gates import BOMB
from test_escaping import ESCAPING_LOAD
from test_secrets import LEAKY_LOAD, SECRET

REPO = Path(__file__).resolve().parents[2]
RTF = "claims:\n  - metric: rtf\n    surface: embed\n    max: {value}\n"


def _bad_packs(packs: Path) -> dict[str, str]:
    """Write one pack per fault; return report key -> what must be said about it."""
    claims = EMBED_CLAIMS.format
    write_pack(packs, "dup_keys", claims(pack_id="dup_keys") + RTF.format(value=0.5) + "    max: 100000\n")
    write_pack(packs, "inf_bound", claims(pack_id="inf_bound") + RTF.format(value=".inf"))
    write_pack(packs, "negative", claims(pack_id="negative") + RTF.format(value=-1))
    write_pack(packs, "bomb", BOMB + claims(pack_id="bomb").replace("dim: 4", "dim: 4\n    languages: *i"))
    latin = write_pack(packs, "latin", "")
    (latin / "claims.yaml").write_bytes(
        claims(pack_id="latin").replace("(fault", "(caf\xe9").encode("latin-1")
    )
    write_pack(packs, "bad-pack.v2", "id: bad-pack\nname: x\n")
    write_pack(packs, "escape", claims(pack_id="escape") + RTF.format(value=1) + '    dataset: "a\\e[2J"\n')
    write_pack(packs / "copy", "healthy", claims(pack_id="healthy"))  # a second pack with the good one's id
    loop = write_behaving_pack(packs, "healthy", "loopy")
    (loop / "loop").symlink_to(loop)
    write_behaving_pack(packs, "exits")
    write_behaving_pack(packs, "raises_on_short")
    (write_pack(packs, "leaky", claims(pack_id="leaky")) / "adapter.py").write_text(LEAKY_LOAD)
    (write_pack(packs, "esc_load", claims(pack_id="esc_load")) / "adapter.py").write_text(ESCAPING_LOAD)
    notes = packs / "notes"
    shutil.copytree(REPO / "model_packs" / "reference_music_transcription", notes)
    text = (notes / "claims.yaml").read_text().replace("id: reference_music_transcription", "id: notes")
    (notes / "claims.yaml").write_text(
        text + "  - metric: note_f1\n    surface: music_transcription\n    dataset: melodies\n    min: 0.1\n"
    )
    return {
        "dup_keys": "appears twice",
        "inf_bound": "finite number",
        "negative": "is never negative",
        "bomb": "alias",
        "latin": "is not UTF-8",
        "bad-pack.v2": "id: is 'bad-pack'",
        "escape": "control character",
        "packs/copy/healthy": "is also the id of",
        "exits": "os._exit(0)",
        "raises_on_short": "raised ValueError: input too short",
        "leaky": "the service refused key ***",
        "esc_load": "weights missing\\x1b[2J",
        "notes": "pip install 'pytest-audiocontract[metrics]'",
    }


def test_every_bad_pack_is_reported_by_name_and_the_good_one_in_full(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = pytester.path / "packs"
    good = write_behaving_pack(packs, "healthy")
    expected = _bad_packs(packs)
    pytester.makeconftest(
        "import sys\nsys.modules['mir_eval'] = None\nsys.modules['mir_eval.transcription'] = None\n"
    )
    monkeypatch.setenv("EXAMPLE_SERVICE_API_KEY", SECRET)
    out = pytester.path / "out"
    (pytester.path / "afile").write_text("in the way of the failures folder")
    result = pytester.runpytest_subprocess(
        f"--model-pack={good}",
        "--model-pack=all",
        f"--pack-path={packs}",
        f"--pack-path={packs / 'copy'}",
        "-p",
        "no:cacheprovider",
        "-rA",
        "-l",
        "--color=no",
        f"--audiocontract-report={out}",
        f"--audiocontract-failures={pytester.path / 'afile' / 'failures'}",  # cannot be made
        timeout=600,
    )
    terminal = result.stdout.str() + result.stderr.str()
    assert result.ret == 1, terminal
    assert "INTERNALERROR" not in terminal and SECRET not in terminal and "\x1b" not in terminal
    assert "the failing input could not be saved to" in terminal  # and the failure is still there
    data = json.loads((out / "report.json").read_text())
    assert data["status"] == "complete"
    pages = {name: (out / name).read_text() for name in ("report.md", "report.html")}
    for name, said in expected.items():
        assert name in data["packs"], (name, sorted(data["packs"]))
        assert said in " ".join(terminal.split()), (name, said)
        entries = [e for kind in ("contracts", "claims", "docs") for e in data["packs"][name][kind]]
        assert any(e["outcome"] != "passed" for e in entries), (name, entries)
        messages = " ".join(str(e.get("message", "")) for e in entries)
        assert said in " ".join(messages.split()) or name in ("exits",), (name, said, messages)
        for page, text in pages.items():
            if any(e["outcome"] == "failed" for e in entries):
                assert name in text, (name, page)
    healthy = data["packs"]["healthy"]
    assert [c["outcome"] for c in healthy["contracts"]] == ["passed"] * 4
    assert [d["outcome"] for d in healthy["docs"]] == ["passed"]
    assert [c["outcome"] for c in data["packs"]["loopy"]["contracts"]] == ["passed"] * 4
    for text in [*pages.values(), (out / "report.json").read_text()]:
        assert SECRET not in text and "\x1b" not in text
