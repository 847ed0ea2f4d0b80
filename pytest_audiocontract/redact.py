"""Secret values (API keys, tokens) taken out of everything a run writes.

A value is secret when its environment variable's name says so: MISTRAL_API_KEY, or any name
ending in _API_KEY, _TOKEN or _SECRET. Each such value (of at least MIN_LENGTH characters,
so `1` or `true` are left alone) is replaced by `***` in test reports (the terminal, junit XML,
report.json/md/html) and replay files, wherever an adapter, a traceback's locals (`pytest -l`)
or captured output put it.
"""

from __future__ import annotations

import os
import re

import pytest

_SECRET_NAME = re.compile(r"^(MISTRAL_API_KEY|.*_API_KEY|.*_TOKEN|.*_SECRET)$", re.IGNORECASE)
MIN_LENGTH = 6
MASK = "***"


def secret_values(environ: dict[str, str] | None = None) -> list[str]:
    """The secret values in `environ` (default os.environ), longest first."""
    found = {
        value
        for name, value in (os.environ if environ is None else environ).items()
        if _SECRET_NAME.match(name) and len(value.strip()) >= MIN_LENGTH
    }
    found |= {v.strip() for v in found}
    return sorted(found, key=len, reverse=True)


def scrub(text: str, secrets: list[str] | None = None) -> str:
    for value in secret_values() if secrets is None else secrets:
        text = text.replace(value, MASK)
    return text


def scrub_report(report: pytest.TestReport, *, pack_item: bool = False) -> None:
    """Take secret values out of a pytest report's failure text and captured sections; for a
    pack item, write control characters (an adapter's message with ESC bytes) as escapes too."""
    if pack_item:
        _escape_controls(report)
    secrets = secret_values()
    if not secrets:
        return
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, reason)
        report.longrepr = (longrepr[0], longrepr[1], scrub(str(longrepr[2]), secrets))
    elif longrepr is not None:
        text = str(longrepr)
        if any(value in text for value in secrets):
            report.longrepr = scrub(text, secrets)
    report.sections = [(title, scrub(content, secrets)) for title, content in report.sections]
    report.user_properties = [(name, _scrub_value(value, secrets)) for name, value in report.user_properties]


def _scrub_value(value: object, secrets: list[str]) -> object:
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, dict):
        return {k: _scrub_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub_value(v, secrets) for v in value)
    return value


def _escape_controls(report: pytest.TestReport) -> None:
    from pytest_audiocontract.safe_text import has_control, printable

    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        if has_control(str(longrepr[2])):
            report.longrepr = (longrepr[0], longrepr[1], printable(str(longrepr[2])))
    elif longrepr is not None and has_control(str(longrepr)):
        report.longrepr = printable(str(longrepr))
