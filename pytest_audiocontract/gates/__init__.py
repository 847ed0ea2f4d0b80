"""The claim gate: measuring each claim of claims.yaml on its dataset (quality, speed, memory)."""
