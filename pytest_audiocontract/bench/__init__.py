"""Benchmarks: pytest-benchmark items per pack and surface, streaming latency, the harness floor,
and the ASR sweeps. See docs/benchmarks.md."""
