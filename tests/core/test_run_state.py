"""The run's state is one object: stashed, registered as a plugin, and gone with its run."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CHECK_STATE = """
from pytest_audiocontract.session import PLUGIN_NAME, run_state


def test_the_state_is_the_registered_plugin(pytestconfig):
    state = run_state(pytestconfig)
    assert pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME) is state
    assert state.report is None  # no --audiocontract-report
    assert state.paced_stream_runs == {} and state.harness_floors == {}
"""


def test_run_state_is_registered_with_the_plugin_manager(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_state=CHECK_STATE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_list_packs_needs_no_configured_run(pytester: pytest.Pytester) -> None:
    # --list-packs reads the options only: an unknown pack is still a usage error, exit 4.
    result = pytester.runpytest_subprocess("--model-pack", "no_such_pack", "--list-packs")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no_such_pack*"])
