"""A dataset's content hash: what a result was measured on, down to the byte.

SHA-256 over the manifest file and every audio file its items name (file, clean, a, b,
enrolment, sources), in sorted path order, each preceded by its path relative to the dataset
folder: rebuilding a fixture with other audio, or editing a reference in the manifest,
changes it; moving the folder does not. Results record it as `dataset_sha256`.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pytest_audiocontract.spec.datasets import Dataset

__all__ = ["content_hash"]


def content_hash(dataset: Dataset) -> str:
    """The hex SHA-256 of `dataset`'s manifest and audio (see the module docstring)."""
    paths: set[str] = set()
    for item in dataset:
        paths.update(p for p in (item.file, item.clean, item.a, item.b, item.enrolment) if p)
        paths.update((item.sources or {}).values())
    manifest = dataset.manifest or dataset.root / "manifest.yaml"
    files = [(manifest.name, manifest), *((p, dataset.path(p)) for p in sorted(paths))]
    return _hash(tuple((name, str(path.resolve()), path.stat().st_mtime_ns) for name, path in files))


@cache
def _hash(files: tuple[tuple[str, str, int], ...]) -> str:
    # Cached per (path, mtime): every claim on a dataset asks, and the fixtures do not change
    # within a run.
    digest = hashlib.sha256()
    for name, path, _ in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()
