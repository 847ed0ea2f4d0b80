"""Finding packs, choosing among them, and loading their adapters."""
