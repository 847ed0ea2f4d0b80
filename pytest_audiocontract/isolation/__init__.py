"""Crash, hang and memory isolation: each pack's model runs in its own worker process.

With `--isolate`, RunState.binding() holds an `IsolatedModel` instead of the model: the same
surface methods, answered by a spawned worker. A worker that dies, hangs past --pack-timeout or
grows past --pack-memory-limit raises `PackCrashed` on the current test and is restarted for the
next one. See docs/isolation.md.
"""

from __future__ import annotations

from pytest_audiocontract.isolation.crash import PackCrashed
from pytest_audiocontract.isolation.process import IsolationLimits
from pytest_audiocontract.isolation.proxy import IsolatedModel, isolated_model

__all__ = ["IsolatedModel", "IsolationLimits", "PackCrashed", "isolated_model"]
