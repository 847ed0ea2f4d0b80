"""Speaker embedding metrics: cosine similarity and the same-speaker margin.

The margin is the mean cosine similarity over all unordered pairs of clips by the same speaker
minus the mean over all pairs by different speakers. It lies in [-2, 2]; a useful speaker
embedding gives a clearly positive margin. It needs at least one pair of each kind.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import combinations

import numpy as np
import numpy.typing as npt

__all__ = ["cosine_similarity", "evaluate", "same_speaker_margin", "validate"]


def validate(embeddings: Sequence[npt.ArrayLike], speakers: Sequence[Hashable]) -> None:
    """Raise ValueError unless there is one speaker per embedding, all vectors of one length,
    and at least one same-speaker and one different-speaker pair."""
    if len(embeddings) != len(speakers):
        raise ValueError(
            f"len(speakers)={len(speakers)}, but should equal "
            f"len(embeddings)={len(embeddings)}: one speaker id per embedding"
        )
    lengths = {np.asarray(e).shape for e in embeddings}
    if len(lengths) > 1:
        raise ValueError(f"embeddings have shapes {sorted(lengths)}, but should share one 1-D shape")
    same = sum(a == b for a, b in combinations(speakers, 2))
    different = sum(a != b for a, b in combinations(speakers, 2))
    if same == 0 or different == 0:
        raise ValueError(
            f"speakers give {same} same-speaker and {different} different-speaker pairs, but "
            "should give at least one of each: use two clips of one speaker and one of another"
        )


def cosine_similarity(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """Cosine of the angle between two vectors, in [-1, 1]; ValueError for a zero vector."""
    u = np.asarray(a, dtype=np.float64).ravel()
    v = np.asarray(b, dtype=np.float64).ravel()
    if u.shape != v.shape:
        raise ValueError(f"vectors have shapes {u.shape} and {v.shape}, but should match")
    norms = float(np.linalg.norm(u) * np.linalg.norm(v))
    if norms == 0.0:
        raise ValueError("a vector is all zeros, so its cosine similarity is undefined")
    return float(np.clip(np.dot(u, v) / norms, -1.0, 1.0))


def same_speaker_margin(embeddings: Sequence[npt.ArrayLike], speakers: Sequence[Hashable]) -> float:
    """Mean same-speaker cosine minus mean different-speaker cosine (unordered pairs)."""
    scores = evaluate(embeddings, speakers)
    return scores["embedding_same_speaker_margin"]


def evaluate(embeddings: Sequence[npt.ArrayLike], speakers: Sequence[Hashable]) -> dict[str, float]:
    """``same_speaker_cosine``, ``different_speaker_cosine`` (means over pairs) and
    ``embedding_same_speaker_margin`` (their difference)."""
    validate(embeddings, speakers)
    same: list[float] = []
    different: list[float] = []
    for i, j in combinations(range(len(embeddings)), 2):
        cosine = cosine_similarity(embeddings[i], embeddings[j])
        (same if speakers[i] == speakers[j] else different).append(cosine)
    same_mean, different_mean = float(np.mean(same)), float(np.mean(different))
    return {
        "same_speaker_cosine": same_mean,
        "different_speaker_cosine": different_mean,
        "embedding_same_speaker_margin": same_mean - different_mean,
    }
