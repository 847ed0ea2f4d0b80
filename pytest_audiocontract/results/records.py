"""Result records travel on test reports (`user_properties`), so pytest-xdist carries them.

One key, `audiocontract`, holds a JSON-ready dict with a `kind` ("claim", "benchmark", ...).
"""

from __future__ import annotations

import pytest

from pytest_audiocontract.json_types import JSONObject

PROPERTY = "audiocontract"


def attach(item: pytest.Item, record: JSONObject) -> None:
    item.user_properties.append((PROPERTY, record))


def records_of(report: pytest.TestReport) -> list[JSONObject]:
    return [value for key, value in report.user_properties if key == PROPERTY and isinstance(value, dict)]
