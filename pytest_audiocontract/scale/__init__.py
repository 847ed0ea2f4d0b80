"""Running one suite on many machines: shards (`--shard K/N`), a CI matrix, a Ray pool.

docs/scale-out.md shows how the pieces fit together.
"""
