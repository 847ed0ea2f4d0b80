"""Shared test setup: pytester for end-to-end runs of the plugin."""

from __future__ import annotations

pytest_plugins = ["pytester"]
