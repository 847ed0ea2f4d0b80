"""pytest hooks of pytest-audiocontract. Each hook hands off in a few lines.

Nothing heavy is imported at module level, so `pytest --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

import pytest

from pytest_audiocontract.options import add_options


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from pytest_audiocontract import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_configure(config: pytest.Config) -> None:
    from pytest_audiocontract.bench.table import quiet_unless_asked
    from pytest_audiocontract.bench.xdist import adopt_benchmark_only
    from pytest_audiocontract.configure import configure_run

    quiet_unless_asked(config)  # its table only when asked for
    config.addinivalue_line("markers", "audiocontract(pack, surface, rule): a contract item of a model pack")
    configure_run(config)  # the run state, registered as a plugin (session.py)
    adopt_benchmark_only(config)  # before pytest-benchmark reads --benchmark-only
    if config.getoption("audiocontract_shard"):
        from pytest_audiocontract.scale.shard import parse_shard

        parse_shard(config.getoption("audiocontract_shard"))  # a bad K/N fails before collecting
    if config.getoption("audiocontract_report") and not hasattr(config, "workerinput"):
        from pytest_audiocontract.render.final_line import FinalLine
        from pytest_audiocontract.results.report import install_writer
        from pytest_audiocontract.session import run_state

        run_state(config).report = install_writer(config)
        config.pluginmanager.register(FinalLine(config), "audiocontract-final-line")
    if config.pluginmanager.hasplugin("html") and config.getoption("htmlpath", None):  # pytest-html --html
        from pytest_audiocontract.html_extras import HtmlExtras

        config.pluginmanager.register(HtmlExtras(), "audiocontract-html-extras")


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    if config.getoption("audiocontract_ray"):  # the packs run on the pool, not in this process
        from pytest_audiocontract.scale.ray_runner import run_on_ray

        return run_on_ray(config)
    if config.getoption("list_packs"):
        from pytest_audiocontract.configure import print_pack_list

        return print_pack_list(config)  # reads the options only: nothing to configure
    return None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    from pytest_audiocontract.packs.symlinks import is_symlink_loop

    # pytest follows symlinked folders: one pointing back up (loop -> ..) never ends.
    return True if is_symlink_loop(collection_path) else None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name != "claims.yaml":
        return None
    from pytest_audiocontract.collect import PackFile
    from pytest_audiocontract.session import run_state

    if not run_state(parent.config).wants(file_path):
        return None
    return PackFile.from_parent(parent, path=file_path)


@pytest.hookimpl(trylast=True)  # after -k, -m and --lf have deselected theirs
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from pytest_audiocontract.bench.xdist import skip_non_benchmarks

    skip_non_benchmarks(config, items)
    if config.getoption("audiocontract_phase"):
        from pytest_audiocontract.phases import select_phase

        select_phase(config, items)
    if config.getoption("audiocontract_shard"):
        from pytest_audiocontract.scale.shard import select_shard

        select_shard(config, items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    if item.path.name != "claims.yaml":
        return (yield)
    from pytest_audiocontract.bench.phase_progress import announce
    from pytest_audiocontract.packs.exit_guard import exit_guarded

    announce(item)

    with exit_guarded():
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if call.excinfo is not None:
        from pytest_audiocontract.item_outcomes import shape_report

        shape_report(item, call.excinfo, report)  # a crash's own story, a skip at the pack
    if report.failed or report.skipped or report.sections:
        from pytest_audiocontract.redact import scrub_report

        scrub_report(report, pack_item=item.path.name == "claims.yaml")  # before anyone reads it
    return report


def pytest_report_header(config: pytest.Config) -> list[str]:
    from pytest_audiocontract.configure import report_header

    return report_header(config)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from pytest_audiocontract.results.report import finish_writer
    from pytest_audiocontract.session import RUN_STATE

    state = session.config.stash.get(RUN_STATE, None)  # None when configure failed early
    finish_writer(session.config, state.report if state is not None else None, int(exitstatus))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from pytest_audiocontract.render.skips import write_left_out, write_skip_summary
    from pytest_audiocontract.render.summary import write_claims_summary
    from pytest_audiocontract.render.terminal import write_bench_summary

    write_claims_summary(terminalreporter)
    write_bench_summary(terminalreporter)
    write_skip_summary(terminalreporter)
    write_left_out(terminalreporter)
