"""Fixture datasets: load and validate `fixtures/<name>/manifest.yaml` and read its audio.

A manifest names a dataset, its `kind`, where its audio came from, and its items. Each kind
has its own item fields (times in seconds, levels in dB):

- speech: `file`, `text` (reference transcript)
- noisy_speech: `file` (noisy), `clean`, `snr_db`, `noise`; optional `text` (of the speech)
- mixtures: `file` (mixture), `sources` (stem name -> file); optional `enrolment` (another
  clip of the target speaker), `text` (the target's words), `sir_db`
- melodies: `file`, `notes` as `[onset_s, offset_s, midi_pitch]`
- vad: `file`, `regions` as `[start_s, end_s]`
- events: `file`, `label`
- speaker_pairs: `a`, `b`, `same`
- conversations: `file`, `turns` as `[start_s, end_s, speaker, text]` sorted by start (turns
  of different speakers may overlap)

Every item with speech may also carry `words`: `[word, start_s, end_s]` rows, sorted and
non-overlapping, one per word of its `text` (forced alignment; the manifest's top-level
`word_timings` says what made them). Manifests without them load as before.

Every problem found is reported at once, each with file, line and key, as a `ClaimsError`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, TypeGuard

import numpy as np
import soundfile as sf

from pytest_audiocontract.audio.resample import as_float32_mono
from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.json_types import JSONObject
from pytest_audiocontract.spec.bounded_yaml import MANIFEST_LIMITS
from pytest_audiocontract.spec.yaml_lines import KeyPath, YamlLines, dotted, load_yaml_lines
from pytest_audiocontract.types import AudioArray

__all__ = ["KINDS", "Dataset", "Item", "fixtures_root", "load_dataset"]

KINDS = ("speech", "noisy_speech", "mixtures", "melodies", "vad", "events", "speaker_pairs", "conversations")
_NAME = re.compile(r"^[a-z0-9_]+$")
_TOP_KEYS = ("name", "kind", "description", "licence", "provenance", "rebuild")


@dataclass(frozen=True)
class Item:
    """One dataset item. Fields a kind does not use are None; unknown keys stay in `extra`."""

    id: str
    file: str | None = None
    text: str | None = None
    clean: str | None = None
    snr_db: float | None = None
    noise: str | None = None
    sources: dict[str, str] | None = None
    enrolment: str | None = None
    notes: list[tuple[float, float, int]] | None = None
    regions: list[tuple[float, float]] | None = None
    label: str | None = None
    a: str | None = None
    b: str | None = None
    same: bool | None = None
    words: list[tuple[str, float, float]] | None = None
    turns: list[tuple[float, float, str, str]] | None = None
    extra: dict[str, object] = field(default_factory=dict)


class _Fields(TypedDict, total=False):
    """The `Item` fields a kind reads from one manifest entry (see `_KIND_FIELDS`)."""

    file: str | None
    text: str | None
    clean: str | None
    snr_db: float | None
    noise: str | None
    sources: dict[str, str] | None
    enrolment: str | None
    notes: list[tuple[float, float, int]] | None
    regions: list[tuple[float, float]] | None
    label: str | None
    a: str | None
    b: str | None
    same: bool | None
    words: list[tuple[str, float, float]] | None
    turns: list[tuple[float, float, str, str]] | None


@dataclass(frozen=True)
class Dataset:
    """A loaded fixture dataset; `root` is the folder that holds manifest.yaml."""

    name: str
    kind: str
    description: str
    licence: str
    provenance: str
    rebuild: str
    root: Path
    items: list[Item]
    word_timings: JSONObject | None = None  # provenance of the items' `words`
    manifest: Path | None = None  # the manifest file it was read from

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def path(self, relative: str) -> Path:
        """The absolute path of an item's audio field (e.g. `item.file`, `item.clean`)."""
        return self.root / relative

    def audio(self, relative: str) -> tuple[AudioArray, int]:
        """Read an item's audio field as (float32 mono in [-1, 1], sample rate in Hz)."""
        data, sr = sf.read(self.path(relative), dtype="float32", always_2d=False)
        return as_float32_mono(data), int(sr)


def fixtures_root() -> Path:
    """The repository's fixtures/ folder (datasets are looked up there by name)."""
    return Path(__file__).resolve().parents[2] / "fixtures"


def load_dataset(name_or_path: str | Path, *, check_files: bool = True) -> Dataset:
    """Load a dataset by name (a folder under fixtures/), folder path, or manifest path.

    Raises `ClaimsError` listing every problem (file, line, key) when the manifest is invalid,
    and, with `check_files`, when an audio file it names is missing or outside its folder.
    """
    manifest = _find_manifest(name_or_path)
    where = str(manifest)
    raw, lines = load_yaml_lines(manifest, where, MANIFEST_LIMITS)
    checker = _Checker(where, lines, manifest.parent if check_files else None)
    dataset = checker.dataset(raw, manifest.parent)
    if checker.problems:
        raise ClaimsError(checker.problems)
    assert dataset is not None
    return dataclasses.replace(dataset, manifest=manifest)


def _find_manifest(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    if candidate.is_dir() and (candidate / "manifest.yaml").is_file():
        return candidate / "manifest.yaml"
    if isinstance(name_or_path, str) and _NAME.match(name_or_path):
        by_name = fixtures_root() / name_or_path / "manifest.yaml"
        if by_name.is_file():
            return by_name
    known = sorted(p.parent.name for p in fixtures_root().glob("*/manifest.yaml"))
    raise ClaimsError(
        [
            ClaimsProblem(
                str(name_or_path),
                None,
                "dataset",
                f"no manifest.yaml found; should be a dataset name ({', '.join(known) or 'none built'}),"
                " a dataset folder or a manifest path; build one with `python fixtures/build.py NAME`",
            )
        ]
    )


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


class _Checker:
    """Collects problems while turning the raw manifest into a `Dataset`."""

    def __init__(self, file: str, lines: YamlLines, root: Path | None) -> None:
        self.file, self.lines, self.root = file, lines, root
        self.problems: list[ClaimsProblem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(ClaimsProblem(self.file, self.lines.line(path), dotted(path, "<top>"), message))

    def dataset(self, raw: object, root: Path) -> Dataset | None:
        if not isinstance(raw, dict):
            self.problem((), f"the manifest is {type(raw).__name__}, but should be a mapping")
            return None
        top = {key: self.string(raw, (key,)) for key in _TOP_KEYS}
        if top["name"] and not _NAME.match(top["name"]):
            self.problem(("name",), f"name={top['name']!r}, but should match [a-z0-9_]+")
        kind = top["kind"]
        if kind and kind not in KINDS:
            self.problem(("kind",), f"kind={kind!r}, but should be one of {', '.join(KINDS)}")
            kind = None
        items = self.items(raw.get("items"), kind)
        return Dataset(
            name=top["name"] or "",
            kind=kind or "",
            description=top["description"] or "",
            licence=top["licence"] or "",
            provenance=top["provenance"] or "",
            rebuild=top["rebuild"] or "",
            root=root,
            items=items,
            word_timings=raw.get("word_timings") if isinstance(raw.get("word_timings"), dict) else None,
        )

    def string(self, mapping: Mapping[str, object], path: KeyPath) -> str | None:
        key = path[-1]
        value = mapping.get(str(key))
        if value is None:
            self.problem(path, "missing; should be a non-empty string")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"{key}={value!r}, but should be a non-empty string")
            return None
        return value

    def audio_path(self, mapping: Mapping[str, object], path: KeyPath) -> str | None:
        value = self.string(mapping, path)
        if value is None or self.root is None:
            return value
        target = (self.root / value).resolve()
        if not target.is_relative_to(self.root.resolve()):
            self.problem(path, f"{value!r} lies outside the dataset folder; use a relative path")
        elif not target.is_file():
            self.problem(path, f"{value!r} does not exist; rebuild with fixtures/build.py")
        return value

    def items(self, raw: object, kind: str | None) -> list[Item]:
        if not isinstance(raw, list) or not raw:
            self.problem(("items",), f"items={raw!r}, but should be a non-empty list")
            return []
        items: list[Item] = []
        seen: set[str] = set()
        for i, entry in enumerate(raw):
            path: KeyPath = ("items", i)
            if not isinstance(entry, dict):
                self.problem(path, f"item is {type(entry).__name__}, but should be a mapping")
                continue
            item_id = self.string(entry, (*path, "id"))
            if item_id in seen:
                self.problem((*path, "id"), f"id={item_id!r} is used twice; ids must be unique")
            seen.add(item_id or "")
            fields = _KIND_FIELDS[kind](self, entry, path) if kind else {}
            if "words" in entry:
                fields["words"] = self.words(entry, (*path, "words"))
            extra = {k: v for k, v in entry.items() if k != "id" and k not in fields}
            items.append(Item(id=item_id or "", extra=extra, **fields))
        return items

    def number(self, entry: Mapping[str, object], path: KeyPath) -> float | None:
        value = entry.get(str(path[-1]))
        if not isinstance(value, int | float) or not _is_number(value):
            self.problem(path, f"{path[-1]}={value!r}, but should be a finite number")
            return None
        return float(value)

    def words(self, entry: Mapping[str, object], path: KeyPath) -> list[tuple[str, float, float]]:
        """The `[word, start_s, end_s]` rows, each 0 <= start < end, in order without overlap."""
        words: list[tuple[str, float, float]] = []
        value = entry.get("words")
        if not isinstance(value, list):
            self.problem(path, f"words={value!r}, but should be a list of [word, start_s, end_s]")
            return words
        for j, row in enumerate(value):
            ok = (
                isinstance(row, list)
                and len(row) == 3
                and isinstance(row[0], str)
                and all(map(_is_number, row[1:]))
                and 0 <= row[1] < row[2]
            )
            if not ok:
                shape = "[word, start_s, end_s] with 0 <= start < end"
                self.problem((*path, j), f"{row!r}, but should be {shape}")
            elif words and row[1] < words[-1][2] - 1e-9:
                self.problem((*path, j), f"{row!r} starts before the word before it ends")
            else:
                words.append((row[0], float(row[1]), float(row[2])))
        return words

    def intervals(
        self, entry: Mapping[str, object], path: KeyPath, width: int
    ) -> list[tuple[int, float, float, list[object]]]:
        """(index, start_s, end_s, row) of the [start_s, end_s, ...] rows with 0 <= start < end;
        bad rows are reported."""
        value = entry.get(str(path[-1]))
        if not isinstance(value, list):
            self.problem(path, f"{path[-1]}={value!r}, but should be a list (may be empty)")
            return []
        rows = []
        for j, row in enumerate(value):
            start, end = (row[0], row[1]) if isinstance(row, list) and len(row) == width else (None, None)
            if not (_is_number(start) and _is_number(end) and 0 <= start < end):
                shape = {2: "[start_s, end_s]", 3: "[onset_s, offset_s, midi_pitch]"}.get(
                    width, "[start_s, end_s, speaker, text]"
                )
                self.problem((*path, j), f"{row!r}, but should be {shape} with 0 <= start < end")
                continue
            rows.append((j, float(start), float(end), row))
        return rows


def _speech(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    return {"file": c.audio_path(e, (*p, "file")), "text": c.string(e, (*p, "text"))}


def _noisy_speech(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    return {
        "file": c.audio_path(e, (*p, "file")),
        "clean": c.audio_path(e, (*p, "clean")),
        "snr_db": c.number(e, (*p, "snr_db")),
        "noise": c.string(e, (*p, "noise")),
        "text": c.string(e, (*p, "text")) if "text" in e else None,
    }


def _mixtures(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    raw = e.get("sources")
    sources: dict[str, str] = {}
    if not isinstance(raw, dict) or len(raw) < 2:
        c.problem((*p, "sources"), f"sources={raw!r}, but should map 2 or more stem names to files")
    else:
        for stem in raw:
            path = c.audio_path(raw, (*p, "sources", str(stem)))
            if path is not None:
                sources[str(stem)] = path
    enrolment = c.audio_path(e, (*p, "enrolment")) if "enrolment" in e else None
    text = c.string(e, (*p, "text")) if "text" in e else None
    return {"file": c.audio_path(e, (*p, "file")), "sources": sources, "enrolment": enrolment, "text": text}


def _melodies(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    notes = []
    for j, onset, offset, row in c.intervals(e, (*p, "notes"), 3):
        pitch = row[2]
        if isinstance(pitch, bool) or not isinstance(pitch, int) or not 0 <= pitch <= 127:
            c.problem((*p, "notes", j), f"midi_pitch={pitch!r}, but should be an int in 0..127")
            continue
        notes.append((onset, offset, pitch))
    return {"file": c.audio_path(e, (*p, "file")), "notes": notes}


def _vad(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    rows = c.intervals(e, (*p, "regions"), 2)
    for (_, _, before_end, _), (j, start, _, row) in itertools.pairwise(rows):
        if start < before_end:
            c.problem(
                (*p, "regions", j),
                f"{row} overlaps or precedes the region before it; "
                "regions should be sorted and non-overlapping",
            )
    regions = [(start, end) for _, start, end, _ in rows]
    return {"file": c.audio_path(e, (*p, "file")), "regions": regions}


def _events(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    return {"file": c.audio_path(e, (*p, "file")), "label": c.string(e, (*p, "label"))}


def _speaker_pairs(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    same = e.get("same")
    if not isinstance(same, bool):
        c.problem((*p, "same"), f"same={same!r}, but should be true or false")
        same = None
    return {"a": c.audio_path(e, (*p, "a")), "b": c.audio_path(e, (*p, "b")), "same": same}


def _conversations(c: _Checker, e: Mapping[str, object], p: KeyPath) -> _Fields:
    turns: list[tuple[float, float, str, str]] = []
    for j, start, end, row in c.intervals(e, (*p, "turns"), 4):
        speaker, text = row[2], row[3]
        if not (isinstance(speaker, str) and speaker and isinstance(text, str)):
            c.problem((*p, "turns", j), f"{row!r}, but should be [start_s, end_s, speaker, text] (strings)")
        elif turns and start < turns[-1][0]:
            c.problem((*p, "turns", j), f"{row!r} starts before the turn before it; sort turns by start")
        else:
            turns.append((start, end, speaker, text))
    return {"file": c.audio_path(e, (*p, "file")), "turns": turns}


_KIND_FIELDS: dict[str, Callable[[_Checker, Mapping[str, object], KeyPath], _Fields]] = {
    "speech": _speech,
    "noisy_speech": _noisy_speech,
    "mixtures": _mixtures,
    "melodies": _melodies,
    "vad": _vad,
    "events": _events,
    "speaker_pairs": _speaker_pairs,
    "conversations": _conversations,
}
