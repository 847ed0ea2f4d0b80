"""LocalAgreement-n: commit the words that the last n hypotheses of a growing buffer agree on.

The policy of Macháček et al., "Turning Whisper into Real-Time Transcription System" (2023):
the audio buffer is transcribed again and again as it grows; a word is stable (committed)
once n consecutive hypotheses agree on it and on everything before it. This module is pure
(no model): words in, committed words out, so it is tested with scripted hypotheses.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

# Whisper's word times wobble by a token or two between passes; a new word that starts this
# much before the last committed word's end is taken to be that word again.
OVERLAP_S = 0.1
# The longest run of words that may be repeated across the commit point and dropped.
MAX_NGRAM = 5


@dataclass(frozen=True)
class Word:
    """A word with its time span in seconds from the start of the stream."""

    start: float
    end: float
    text: str

    @property
    def key(self) -> str:
        """The word as compared between hypotheses: lower case, without punctuation."""
        return self.text.strip().lower().strip(string.punctuation + "\u2019\u2018\u201c\u201d")


class LocalAgreement:
    """Commits the longest common prefix of the last `n` hypotheses (n >= 2)."""

    def __init__(self, n: int = 2) -> None:
        if n < 2:
            raise ValueError(f"n={n}, but should be >= 2 (n=1 commits every hypothesis)")
        self.n = n
        self.committed: list[Word] = []
        self._recent: list[list[Word]] = []  # the last n-1 hypotheses, beyond what is committed

    @property
    def committed_end(self) -> float:
        """End (seconds) of the last committed word, 0 before any."""
        return self.committed[-1].end if self.committed else 0.0

    @property
    def tentative(self) -> list[Word]:
        """The newest hypothesis's words that are not committed yet."""
        return list(self._recent[-1]) if self._recent else []

    def insert(self, hypothesis: list[Word]) -> list[Word]:
        """Take a new hypothesis of the buffer; return the words it commits (maybe none)."""
        new = self._beyond_committed(hypothesis)
        history = [*self._recent, new]
        agreed = _common_prefix(history) if len(history) >= self.n else 0
        commit = new[:agreed]
        self.committed += commit
        self._recent = [h[agreed:] if len(h) >= agreed else [] for h in history][-(self.n - 1) :]
        return commit

    def flush(self) -> list[Word]:
        """End of input: commit the newest hypothesis as it stands and return those words."""
        rest = self.tentative
        self.committed += rest
        self._recent = []
        return rest

    def _beyond_committed(self, hypothesis: list[Word]) -> list[Word]:
        words = [w for w in hypothesis if w.key and w.start > self.committed_end - OVERLAP_S]
        if not self.committed or not words:
            return words
        if abs(words[0].start - self.committed_end) < 1.0:
            # The hypothesis may start by repeating the last committed words: drop them.
            for size in range(min(MAX_NGRAM, len(words), len(self.committed)), 0, -1):
                tail = [w.key for w in self.committed[-size:]]
                if [w.key for w in words[:size]] == tail:
                    return words[size:]
        return words


def _common_prefix(hypotheses: list[list[Word]]) -> int:
    """How many leading words all `hypotheses` share (compared by `Word.key`)."""
    count = 0
    for column in zip(*hypotheses, strict=False):
        if any(w.key != column[0].key for w in column[1:]):
            break
        count += 1
    return count
