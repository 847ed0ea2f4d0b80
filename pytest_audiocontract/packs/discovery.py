"""Find pack folders (those holding a claims.yaml) and resolve `--model-pack` values to them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pytest_audiocontract.errors import AudioContractError, ClaimsError
from pytest_audiocontract.spec.loader import CLAIMS_FILE, load_pack_spec
from pytest_audiocontract.spec.model import PackSpec


class PackNotFound(AudioContractError):
    """A `--model-pack` value that is neither a pack folder nor a known pack id."""


@dataclass(frozen=True)
class FoundPack:
    """A pack folder, with its spec or the reason its claims.yaml could not be read."""

    root: Path
    spec: PackSpec | None
    error: ClaimsError | None

    @property
    def id(self) -> str:
        return self.spec.id if self.spec else self.root.name


def default_pack_roots() -> list[Path]:
    """model_packs/ of the working directory, then the one beside this package."""
    here = Path(__file__).resolve().parents[2] / "model_packs"
    return list(dict.fromkeys([Path.cwd() / "model_packs", here]))


def is_pack_dir(path: Path) -> bool:
    return (path / CLAIMS_FILE).is_file()


def pack_dirs(search_roots: Iterable[Path]) -> list[Path]:
    """Pack folders in `search_roots`: a root that is a pack itself, or its direct children."""
    found: list[Path] = []
    for root in search_roots:
        if is_pack_dir(root):
            found.append(root.resolve())
        elif root.is_dir():
            found.extend(sorted(p.resolve() for p in root.iterdir() if is_pack_dir(p)))
    return list(dict.fromkeys(found))


def read_pack(root: Path) -> FoundPack:
    try:
        return FoundPack(root, load_pack_spec(root), None)
    except ClaimsError as exc:
        return FoundPack(root, None, exc)


def discover(search_roots: Iterable[Path]) -> list[FoundPack]:
    return [read_pack(root) for root in pack_dirs(search_roots)]


def resolve(values: Iterable[str], search_roots: list[Path], cwd: Path) -> list[Path]:
    """Turn `--model-pack` values (ids, folder paths, or `all`) into pack folders, in order."""
    known: list[FoundPack] | None = None
    chosen: list[Path] = []
    for value in values:
        path = Path(value).expanduser()
        path = path if path.is_absolute() else cwd / path
        if is_pack_dir(path):
            chosen.append(path.resolve())
            continue
        if known is None:
            known = discover(search_roots)
        if value == "all":
            chosen.extend(p.root for p in known)
            continue
        matches = [p.root for p in known if p.id == value or p.root.name == value]
        if not matches:
            raise PackNotFound(_not_found_message(value, path, known, search_roots))
        chosen.extend(matches)
    return list(dict.fromkeys(chosen))


def _not_found_message(value: str, path: Path, known: list[FoundPack], roots: list[Path]) -> str:
    ids = sorted(p.id for p in known)
    close = difflib.get_close_matches(value, ids, n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    if path.exists():
        return f"--model-pack {value}: {path} has no claims.yaml, so it is not a pack folder.{hint}"
    where = ", ".join(str(r) for r in roots) or "(no pack paths)"
    return (
        f"--model-pack {value}: no pack with that id or folder name in {where}.{hint} "
        f"Known packs: {', '.join(ids) or 'none'}. Give a folder path, or add its parent with "
        "--pack-path or the audiocontract_pack_paths ini option."
    )
