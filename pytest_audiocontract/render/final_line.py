"""The run's very last line: where the report was written (after pytest's own counts)."""

from __future__ import annotations

from collections.abc import Generator

import pytest


class FinalLine:
    """A plugin object, so its sessionfinish wraps the terminal reporter's (which prints the
    summary and the counts after its own yield): what this prints comes after all of it."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self) -> Generator[None, object, object]:
        try:
            return (yield)
        finally:
            self.write()

    def write(self) -> None:
        from pytest_audiocontract.render.skips import report_files_line

        line = report_files_line(self.config)
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if line is not None and reporter is not None:
            reporter.write_line(line, bold=True)
