"""The run report: report.json (versioned), report.md and report.html in one folder.

`ReportWriter.add(report)` takes each test report on the controller (pytest-xdist relays the
workers' reports there, records included) and rewrites the three files at once, each through
a temporary file and an atomic replace, so an interrupted run leaves a readable report of
everything measured until then ("status": "running" until the session ends).

The states a reader can trust: `complete` (the session ended and every item reported),
`interrupted` (Ctrl-C), `incomplete` (the session ended early, or the process died without
ending it: a reader that finds `running` with no live writer says `incomplete`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import IO

import pytest

from pytest_audiocontract.item_key import ItemKey, key_of
from pytest_audiocontract.json_fields import number, obj, objs, text
from pytest_audiocontract.json_types import JSON, JSONObject
from pytest_audiocontract.results import report_lock
from pytest_audiocontract.results.records import records_of

SCHEMA = "pytest-audiocontract/report"
SCHEMA_VERSION = 1


def empty_report() -> JSONObject:
    from pytest_audiocontract.metrics.normalize import NORMALISER_VERSION
    from pytest_audiocontract.results.fingerprint import device_fingerprint, run_fingerprint

    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": "running",
        "writer": {"pid": os.getpid(), "host": socket.gethostname()},
        "run": {**run_fingerprint(), "device": device_fingerprint()},
        "normaliser": NORMALISER_VERSION,
        "harness_floor": {},
        "packs": {},
    }


def contract_key(nodeid: str) -> tuple[str, str, str] | None:
    """(pack id, group, name) read from a pack item's node id
    `<...>/claims.yaml::<group>::<name>[<pack>(-variant-device)(/input)]`, else None. Only for
    xdist's crash reports of items no earlier phase reported: they carry no ItemKey."""
    parts = nodeid.split("::")
    if len(parts) != 3 or not parts[0].endswith("claims.yaml") or "[" not in parts[2]:
        return None
    label = parts[2].split("[", 1)[1].rstrip("]")
    return label.split("/")[0].split("-")[0], parts[1], parts[2]


def _crash_key(nodeid: str) -> ItemKey | None:
    found = contract_key(nodeid)
    if found is None or found[1] in ("bench", "claims"):
        return None
    pack, group, name = found
    return ItemKey("docs" if group == "docs" else "contract", pack, group, name, surface=group)


# pytest exit codes: 0 passed, 1 failed, 2 interrupted, 3 internal error, 4 usage, 5 no tests
def status_of(exitstatus: int) -> str:
    if exitstatus in (0, 1, 5):
        return "complete"
    return "interrupted" if exitstatus == 2 else "incomplete"


def outcome_of(report: pytest.TestReport) -> str:
    if hasattr(report, "wasxfail"):
        return "xpassed" if report.passed else "xfailed"
    return str(report.outcome)


class ReportWriter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data: JSONObject = empty_report()
        self.lock: IO[str] | None = None
        self.finished = False
        self._seen: dict[str, ItemKey] = {}  # node id -> key, for xdist's crash reports
        self.write_error: OSError | None = None  # the last write's failure, if it failed

    def rows(self, pack_id: str, kind: str) -> list[JSON]:
        """Pack `pack_id`'s list of `kind` rows (one of _KINDS), made on its first row."""
        pack = _object_at(_object_at(self.data, "packs"), pack_id, {k: [] for k in _KINDS})
        return _list_at(pack, kind)

    def add(self, report: pytest.TestReport) -> None:
        """Take one phase's report; writes the files when it changed anything."""
        changed = False
        records = records_of(report) if report.when == "call" else []  # teardown repeats them
        for record in records:
            changed |= self._add_record(report, record)
        # "???": pytest-xdist's report for an item whose worker died under it (handle_crashitem).
        # It carries no user_properties: its key is the one an earlier phase brought, else the
        # one its node id spells (the worker died before the item's setup reported).
        key = key_of(report) or self._seen.get(report.nodeid)
        if key is None and str(report.when) == "???":  # typed as a phase, xdist sends "???"
            key = _crash_key(report.nodeid)
        if key is not None:
            self._seen[report.nodeid] = key
        final = report.when in ("call", "???") or (report.when == "setup" and not report.passed)
        # A pack that could not be collected (bad claims.yaml, duplicate id) is a failing
        # contract row under its folder's name, so every renderer shows it.
        if key and final and key.kind in ("contract", "docs", "problem"):
            entry: JSONObject = {
                "nodeid": report.nodeid,
                "group": key.group,
                "name": key.name,
                "surface": key.surface,
                "rule": key.rule,
                "variant": key.variant,
                "device": key.device,
                "outcome": outcome_of(report),
                "duration_s": report.duration,
            }
            if not report.passed:
                entry["message"] = _message(report)
            self.rows(key.pack, "docs" if key.kind == "docs" else "contracts").append(entry)
            changed = True
        elif key and final and key.kind in ("benchmark", "claim") and not report.passed and not records:
            # a benchmark or claim that failed or skipped before measuring anything
            where = "benchmarks" if key.kind == "benchmark" else "claims"
            self.rows(key.pack, where).append(
                {
                    "nodeid": report.nodeid,
                    "name": key.name,
                    "surface": key.surface,
                    "variant": key.variant,
                    "device": key.device,
                    "outcome": outcome_of(report),
                    "message": _message(report),
                }
            )
            changed = True
        if changed:
            self.write_or_remember()

    def write_or_remember(self) -> None:
        """Write the files; if the folder cannot be written now (made read-only, removed, a
        full disk), keep everything in memory and try again with the next result: a report
        problem never turns into an error of the test that happened to report."""
        try:
            self.write()
            self.write_error = None
        except OSError as exc:
            self.write_error = exc

    def _add_record(self, report: pytest.TestReport, record: JSONObject) -> bool:
        kind = record.get("kind")
        if kind not in ("claim", "benchmark"):
            return False
        entry = {k: v for k, v in record.items() if k != "extra_info"}
        entry["outcome"] = outcome_of(report)
        entry.setdefault("nodeid", report.nodeid)
        entry.setdefault("duration_s", report.duration)  # what --shard-durations balances by
        self.rows(str(record["pack"]), "claims" if kind == "claim" else "benchmarks").append(entry)
        floor = obj(obj(record.get("streaming")).get("harness_floor"))
        chunk_ms = floor.get("chunk_ms")
        if floor and isinstance(chunk_ms, (int, float)):
            _object_at(self.data, "harness_floor")[f"{chunk_ms:g}"] = floor
        return True

    def finish(self, exitstatus: int) -> None:
        self.finish_as(status_of(exitstatus))

    def finish_as(self, status: str) -> None:
        if self.finished:
            return
        self.finished = True
        self.data["status"] = status
        try:
            self.write_or_remember()
        finally:
            report_lock.release(self.lock)

    def write(self) -> None:
        from pytest_audiocontract.redact import scrub
        from pytest_audiocontract.render.html import render_html
        from pytest_audiocontract.render.markdown import render_markdown

        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.folder / "report.json", scrub(json.dumps(self.data, indent=1, default=str)))
        write_atomic(self.folder / "report.md", scrub(render_markdown(self.data)))
        write_atomic(self.folder / "report.html", scrub(render_html(self.data)))


def _object_at(parent: JSONObject, key: str, default: JSONObject | None = None) -> JSONObject:
    """parent[key], a JSON object, set to `default` (or {}) where missing."""
    found = parent.setdefault(key, {} if default is None else default)
    if not isinstance(found, dict):  # the writer's own data, or merge's: a bug, not a user's file
        raise TypeError(f"report data {key!r} is a {type(found).__name__}, but should be an object")
    return found


def _list_at(parent: JSONObject, key: str) -> list[JSON]:
    """parent[key], a JSON list, set to [] where missing."""
    found = parent.setdefault(key, [])
    if not isinstance(found, list):
        raise TypeError(f"report data {key!r} is a {type(found).__name__}, but should be a list")
    return found


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then replace `path` with it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a report is for reading
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _message(report: pytest.TestReport) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    text = str(report.longreprtext or "")
    return text if len(text) < 4000 else text[:4000] + "\n[...]"


def load_report(path: Path) -> JSONObject:
    """A report.json, checked for its schema name and version (readers narrow the rest with
    json_fields.py as they read it)."""
    loaded: JSON = json.loads(path.read_text(encoding="utf-8"))
    data = obj(loaded)
    if data.get("schema") != SCHEMA:
        raise ValueError(f"{path}: schema={data.get('schema')!r}, but should be {SCHEMA!r}")
    version = number(data.get("schema_version", 0))
    if version is None:
        raise ValueError(f"{path}: schema_version={data['schema_version']!r}, but should be a number")
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"{path}: schema_version={data['schema_version']}, but this version "
            f"reads up to {SCHEMA_VERSION}; upgrade pytest-audiocontract"
        )
    if data.get("status") == "running" and not writer_alive(path.parent, data.get("writer")):
        data["status"] = "incomplete"
        data["status_note"] = "the run writing it ended without finishing (killed or crashed)"
    return data


def writer_alive(folder: Path, writer: object) -> bool:
    """Whether the process that wrote a `running` report may still be writing it."""
    held = report_lock.is_held(folder)
    if held is not None:
        return held
    if not isinstance(writer, dict) or writer.get("host") != socket.gethostname():
        return True  # written elsewhere (or by an older version): cannot tell, trust it
    try:
        os.kill(int(writer["pid"]), 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        return True
    return True


def install_writer(config: pytest.Config) -> ReportWriter:
    """Start the report of this run under --audiocontract-report DIR (controller only). The
    caller gives it to the run state, which hands it each test report (session.RunState)."""
    folder = Path(config.getoption("audiocontract_report"))
    if not folder.is_absolute():
        folder = Path(config.invocation_params.dir) / folder
    if folder.exists() and not folder.is_dir():
        raise pytest.UsageError(
            f"--audiocontract-report {folder}: this is a file, but should be a folder; "
            "name a folder (it is created when missing)"
        )
    writer = ReportWriter(folder)
    if config.getoption("audiocontract_shard", None):
        _object_at(writer.data, "run")["shard"] = str(config.getoption("audiocontract_shard"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writer.lock = report_lock.acquire(folder)
        writer.write()
    except report_lock.ReportFolderBusy as exc:
        raise pytest.UsageError(str(exc)) from None
    except OSError as exc:
        report_lock.release(writer.lock)
        raise pytest.UsageError(
            f"--audiocontract-report {folder}: cannot write there ({exc.strerror or exc}); "
            "name a folder this user can write"
        ) from None
    atexit.register(_end_unfinished, writer)
    return writer


def _end_unfinished(writer: ReportWriter) -> None:
    """The process is exiting and the session never finished (sys.exit from a thread, an
    error before sessionfinish): say so rather than leave `running`."""
    if not writer.finished:
        with contextlib.suppress(OSError):
            writer.finish_as("incomplete")


def report_sections(config: pytest.Config, data: JSONObject) -> list[JSON]:
    """The tables plugins add (hookspecs.pytest_audiocontract_report_section), as report.json
    keeps them; render/tables.all_tables shows them after the built-in ones."""
    from dataclasses import asdict

    tables = config.hook.pytest_audiocontract_report_section(report=data)
    return [asdict(t) for t in tables if t is not None]


def record_roles(rootdir: Path, data: JSONObject) -> None:
    """packs.<id>.role: each pack's claims.yaml `role` (or the one its id implies), read from
    the claims.yaml its items were collected from, so reports sort stand-ins apart by it."""
    from pytest_audiocontract.packs.discovery import read_pack
    from pytest_audiocontract.render.board import pack_role

    for pack_id, found in obj(data.get("packs")).items():
        if not isinstance(found, dict):
            continue
        nodeids = [text(r.get("nodeid")) for kind in _KINDS for r in objs(found.get(kind))]
        claims = next((n.split("::")[0] for n in nodeids if "::" in n), None)
        path = rootdir / claims if claims else None
        spec = read_pack(path.parent).spec if path is not None and path.is_file() else None
        found["role"] = pack_role(pack_id, spec.role if spec is not None else None)


_KINDS = ("contracts", "claims", "benchmarks", "docs")


def finish_writer(config: pytest.Config, writer: ReportWriter | None, exitstatus: int) -> None:
    if writer is not None:
        record_roles(config.rootpath, writer.data)
        sections = report_sections(config, writer.data)
        if sections:
            writer.data["sections"] = sections
        writer.finish(exitstatus)  # reports after it (none are expected) are not written
        if writer.write_error is not None:
            error = writer.write_error
            reporter = config.pluginmanager.get_plugin("terminalreporter")
            message = (
                f"audiocontract: the report could not be written to {writer.folder} "
                f"({error.strerror or error}); the results are in pytest's own output only. "
                "Give --audiocontract-report a folder this user can write"
            )
            if reporter is not None:
                reporter.write_line(message, red=True)
            else:
                print(message, file=sys.stderr)
