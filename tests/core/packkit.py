"""Small packs written into a temporary folder, for end-to-end runs of the plugin."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

# Passes every enhance rule: the input comes back unchanged.
IDENTITY_ENHANCE = """
import numpy as np
from pytest_audiocontract import Enhanced

class Model:
    def enhance(self, audio, sr):
        return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)

def load(variant, device):
    return Model()
"""

# Passes every enhance and vad rule: speech is "any sample at or above 1e-4".
ENHANCE_AND_VAD = """
import numpy as np
from pytest_audiocontract import Enhanced, SpeechRegions

class Model:
    def enhance(self, audio, sr):
        return Enhanced(audio=np.asarray(audio, dtype=np.float32).copy(), sr=sr)

    def detect_speech(self, audio, sr):
        if audio.size == 0 or np.max(np.abs(audio)) < 1e-4:
            return SpeechRegions(regions=[])
        return SpeechRegions(regions=[(0.0, audio.size / sr)])

def load(variant, device):
    return Model()
"""


def claims_yaml(
    pack_id: str,
    *,
    surfaces: str = "enhance: {}",
    runtime: str = "numpy",
    devices: str = "[cpu]",
    ci: str = "true",
    variants: str | None = None,
    adapter: str = "adapter:load",
) -> str:
    """A valid claims.yaml; `surfaces` is the YAML under `surfaces:` (unindented)."""
    lines = [
        f"id: {pack_id}",
        f"name: {pack_id} (test pack)",
        f"adapter: {adapter}",
        f"runtime: {runtime}",
        f"devices: {devices}",
        f"ci: {ci}",
    ]
    if variants is not None:
        lines.append(f"variants: {variants}")
    lines.append("surfaces:")
    lines += ["  " + line for line in textwrap.dedent(surfaces).strip().splitlines()]
    return "\n".join(lines) + "\n"


def write_pack(
    parent: Path,
    pack_id: str,
    adapter_source: str = IDENTITY_ENHANCE,
    *,
    claims: str | None = None,
    requirements: str = "",
    **claims_options: str,
) -> Path:
    """Write `parent/pack_id/` with claims.yaml, adapter.py and requirements.txt; return it."""
    root = parent / pack_id
    root.mkdir(parents=True, exist_ok=True)
    text = claims if claims is not None else claims_yaml(pack_id, **claims_options)
    (root / "claims.yaml").write_text(text, encoding="utf-8")
    (root / "adapter.py").write_text(textwrap.dedent(adapter_source), encoding="utf-8")
    (root / "requirements.txt").write_text(requirements, encoding="utf-8")
    return root


def is_contract_item(nodeid: str) -> bool:
    """`...claims.yaml::enhance::rule[pack]`: a contract rule, not a claim or another item."""
    from pytest_audiocontract.surfaces import SURFACES

    parts = nodeid.split("::")
    return len(parts) >= 3 and parts[1] in SURFACES


def item_statuses(lines: list[str]) -> dict[str, str]:
    """Node id -> PASSED/FAILED/ERROR/SKIPPED, from the lines of a `pytest -v` run."""
    found = {}
    for line in lines:
        match = re.match(r"^(\S+::\S+) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\b", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found
