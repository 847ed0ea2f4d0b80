"""claims.yaml's public names, for packs and third parties (the modules live in spec/)."""

from pytest_audiocontract.spec.loader import load_pack_spec
from pytest_audiocontract.spec.model import Claim, PackSpec

__all__ = ["Claim", "PackSpec", "load_pack_spec"]
