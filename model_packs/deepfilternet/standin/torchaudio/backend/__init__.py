"""torchaudio.backend, as far as df imports it."""
