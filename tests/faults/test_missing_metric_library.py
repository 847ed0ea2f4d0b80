"""A claim whose metric library is missing is a skip naming the metrics extra, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Each library made unimportable (None in sys.modules), as when the metrics extra is not installed.
BLOCK = """\
import sys

for name in {modules!r}:
    sys.modules[name] = None
"""


def _music_pack(parent: Path) -> Path:
    root = parent / "notes"
    shutil.copytree(REPO / "model_packs" / "reference_music_transcription", root)
    claims = (root / "claims.yaml").read_text().replace("id: reference_music_transcription", "id: notes")
    claims += "  - metric: note_f1\n    surface: music_transcription\n    dataset: melodies\n    min: 0.1\n"
    (root / "claims.yaml").write_text(claims)
    return root


@pytest.mark.parametrize(
    ("modules", "metric"),
    [(["mir_eval", "mir_eval.transcription"], "note_f1"), (["pesq"], "pesq"), (["pystoi"], "stoi")],
)
def test_a_missing_metric_library_skips_the_claim_naming_the_extra(
    pytester: pytest.Pytester, modules: list[str], metric: str
) -> None:
    if metric == "note_f1":
        pack = _music_pack(pytester.path)
    else:
        pack = pytester.path / "quality"
        shutil.copytree(REPO / "model_packs" / "reference_enhance", pack)
        text = (pack / "claims.yaml").read_text().replace("id: reference_enhance", "id: quality")
        text += f"  - metric: {metric}\n    surface: enhance\n    dataset: noisy_speech\n    min: 0.1\n"
        (pack / "claims.yaml").write_text(text)
    pytester.makeconftest(BLOCK.format(modules=modules))
    result = pytester.runpytest_subprocess(
        f"--model-pack={pack}", "--claims-only", "-p", "no:cacheprovider", "-rs", f"--rootdir={REPO}"
    )
    output = result.stdout.str()
    assert result.ret == 0, output
    assert "Traceback" not in output and "INTERNALERROR" not in output
    assert f"claim {metric}>=0.1 not measured: {metric} needs the {modules[0]!r} package" in output
    assert "pip install 'pytest-audiocontract[metrics]'" in output
