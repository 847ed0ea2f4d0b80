"""Which builder module makes which checkpoint, and which pack and variable use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Builder:
    """One random-weight checkpoint: `module` (under builders/) builds it; the `pack` reads it
    from the folder named by the environment variable `env_var`."""

    module: str
    pack: str
    env_var: str
    # Bump when the builder writes something different, so caches are rebuilt.
    version: int = 1


BUILDERS: dict[str, Builder] = {
    "moonshine": Builder("moonshine", "moonshine", "AUDIOCONTRACT_MOONSHINE_DIR"),
    "demucs": Builder("demucs", "demucs", "AUDIOCONTRACT_DEMUCS_DIR"),
    "yamnet": Builder("yamnet", "yamnet", "AUDIOCONTRACT_YAMNET_DIR"),
    "whisper_large_v3": Builder("whisper_ct2", "faster_whisper",
                                "AUDIOCONTRACT_WHISPER_LARGE_V3_DIR"),
    "whisper_distil_large_v3": Builder("whisper_ct2", "faster_whisper",
                                       "AUDIOCONTRACT_WHISPER_DISTIL_LARGE_V3_DIR"),
}
