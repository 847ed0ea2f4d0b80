"""claims.yaml: its schema, its loader and the pack model built from it."""

from pytest_audiocontract.claims.loader import load_pack_spec
from pytest_audiocontract.claims.model import Claim, PackSpec

__all__ = ["Claim", "PackSpec", "load_pack_spec"]
