"""Text a synthesiser can read: the tts contracts send any Unicode string."""

from __future__ import annotations

import unicodedata


def speakable(text: str) -> str:
    """`text` with control, format, surrogate, private-use and unassigned characters as spaces
    (a NUL would end a phonemizer's input early)."""
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def spelled(text: str) -> str:
    """`text` with every letter or digit replaced by its Unicode name, for scripts a voice has
    no pronunciation for ("𐡘" becomes "imperial aramaic number one")."""
    return " ".join(
        unicodedata.name(ch, "character").lower().replace("-", " ") if ch.isalnum() else ch for ch in text
    )
