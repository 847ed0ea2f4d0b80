"""The voxtral pack against a local server: the key is a throw-away secret of the tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from voxtral_server import SECRET, VoxtralServer

pytest.importorskip(
    "mistralai", reason="mistralai is not installed (pip install -r model_packs/voxtral/requirements.txt)"
)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[VoxtralServer]:
    with VoxtralServer(SECRET) as running:
        monkeypatch.setenv("MISTRAL_API_KEY", SECRET)
        monkeypatch.setenv("MISTRAL_SERVER_URL", running.url)
        monkeypatch.setenv("VOXTRAL_RETRY_S", "1.5")
        yield running


@pytest.fixture
def model(server: VoxtralServer) -> object:
    from voxtral_server import PACK

    from pytest_audiocontract.packs.discovery import read_pack
    from pytest_audiocontract.packs.loading import load_model

    spec = read_pack(PACK).spec
    assert spec is not None
    return load_model(spec, "mini", "cpu")
