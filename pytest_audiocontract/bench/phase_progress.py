"""The benchmark phase says which benchmark runs now and how far the phase is.

A pack's benchmarks can take minutes each (a paced stream runs in real time), during which
pytest shows one dot. Before each benchmark item, a line: `[3/12] benchmark faster_whisper
asr speech_en` (`chunk 320 ms` for a stream), in the terminal and in CI logs alike: pytest
owns the terminal's line, so this is a line of its own rather than a redrawn bar.
"""

from __future__ import annotations

import pytest

COUNT = pytest.StashKey[list[int]]()  # [done so far, total]


def announce(item: pytest.Item) -> None:
    from pytest_audiocontract.bench.items import BenchItem, chunk_ms_for

    config = item.config
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if not isinstance(item, BenchItem) or reporter is None or hasattr(config, "workerinput"):
        return
    if COUNT not in config.stash:
        config.stash[COUNT] = [0, sum(isinstance(i, BenchItem) for i in item.session.items)]
    count = config.stash[COUNT]
    count[0] += 1
    label = f"{item.spec.id} {item.surface} {item.input_name}"
    if item.surface == "asr_stream":
        label += f" chunk {chunk_ms_for(config, item.spec):g} ms"
    reporter.write_line(f"[{count[0]}/{count[1]}] benchmark {label}")
