"""The Hypothesis profiles of the contract suites, registered the first time one is asked for.

Registering needs Hypothesis (about 0.8 s to import), so it waits until a contract is built
or the report header is written, never at `pytest --help`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

_registered = False


def contract_profile(name: str) -> settings:
    """The settings of profile `name` ('ci' or 'thorough')."""
    global _registered
    if not _registered:
        _register()
        _registered = True
    return settings.get_profile(f"audiocontract-{name}")


def _register() -> None:
    # No Phase.explain: its patch files would target generated code, not the user's.
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

    quiet = [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ]
    settings.register_profile(
        "audiocontract-ci",
        max_examples=12,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=quiet,
        print_blob=True,
        stateful_step_count=20,
        phases=phases,
    )
    settings.register_profile(
        "audiocontract-thorough",
        max_examples=100,
        deadline=None,
        suppress_health_check=quiet,
        print_blob=True,
        stateful_step_count=50,
        phases=phases,
    )
