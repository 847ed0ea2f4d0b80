"""Which builder module makes which checkpoint, and which pack uses it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Builder:
    """One random-weight checkpoint: `module` (under builders/) builds it; the `pack`'s random
    variant reads it from the cache, or from the folder in `env_var` where that is set."""

    module: str
    pack: str
    # Bump when the builder writes something different, so caches are rebuilt.
    version: int = 1


def env_var(name: str) -> str:
    """The variable that points a pack at checkpoint `name` instead of the cache."""
    return f"AUDIOCONTRACT_{name.upper()}_RANDOM_DIR"


BUILDERS: dict[str, Builder] = {
    "moonshine": Builder("moonshine", "moonshine"),
    # v3: four bags (htdemucs, htdemucs_ft, htdemucs_6s, mdx_extra); caches of earlier ones rebuild
    "demucs": Builder("demucs", "demucs", version=3),
    "yamnet": Builder("yamnet", "yamnet"),
    "whisper_large_v3": Builder("whisper_ct2", "faster_whisper"),
    "whisper_distil_large_v3": Builder("whisper_ct2", "faster_whisper"),
    "nb_whisper_onnx": Builder("whisper_onnx", "nb_whisper_onnx"),
    "deepfilternet": Builder("deepfilternet", "deepfilternet"),
    "clap": Builder("clap", "clap"),
    "kyutai_streaming": Builder("kyutai", "kyutai_streaming"),
    "nemotron_streaming": Builder("nemo", "nemotron_streaming"),
    "parakeet": Builder("nemo", "parakeet"),
    "sortformer": Builder("sortformer", "sortformer"),
    "voxtral_local": Builder("voxtral", "voxtral_local"),
    "glm_asr_nano": Builder("glm_asr", "glm_asr_nano"),
}
