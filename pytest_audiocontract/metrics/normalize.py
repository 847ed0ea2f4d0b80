"""The English text normaliser applied to both sides before WER and CER.

Version ``en-basic-1`` (`NORMALISER_VERSION`; every text result carries it). The rules, in order:

1. Unicode NFKC, then lower case. Typographic apostrophes (U+2019, U+02BC, U+2018) become ``'``.
2. ``%`` becomes `` percent`` and ``&`` becomes `` and ``.
3. Numbers written with digits are spelled out in words:

   - ``21`` -> ``twenty one``; ``105`` -> ``one hundred five`` (no "and");
   - ``1,000`` and ``1,234,567`` (comma-grouped thousands) -> ``one thousand``, ...;
   - ``3.5`` -> ``three point five``; ``3.14`` -> ``three point one four``;
   - ``1st`` / ``2nd`` / ``3rd`` / ``21st`` / ``100th`` -> ``first`` / ... / ``hundredth``;
   - a digit run with a leading zero (``007``) or past 10**15 is read digit by digit;
   - a digit run glued to letters is split off: ``mp3`` -> ``mp three``.

4. Every character that is not a letter, a digit or an in-word apostrophe becomes a space:
   ``don't`` keeps its apostrophe, ``'quoted'`` and ``dogs'`` lose theirs, ``twenty-one`` ->
   ``twenty one``, ``U.S.`` -> ``u s``.
5. Whitespace is collapsed to single spaces and stripped at both ends.

Known limits: years are read as cardinals (``1999`` -> ``one thousand nine hundred ninety
nine``, not ``nineteen ninety nine``); signs, currencies and units other than ``%`` are not
spoken (``$5`` -> ``five``, ``-3`` -> ``three``); British "and" (``one hundred and five``) is
kept as written. A reference that spells such things out differently from the model will count
as errors. Spelling is done here, not by a library, so that a given version always gives the
same text.
"""

from __future__ import annotations

import re
import unicodedata

NORMALISER_VERSION = "en-basic-1"

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
_LARGEST_SPELLED = 10**15
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})

_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(st|nd|rd|th)\b")
_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d]|,\d)")
_DECIMAL = re.compile(r"(?<![\d.])(\d*)\.(\d+)")
_INTEGER = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^\w']|_")
_STRAY_APOSTROPHE = re.compile(r"(?<!\w)'|'(?!\w)")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return `text` normalised by the rules in this module's docstring (version en-basic-1)."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    text = text.replace("%", " percent ").replace("&", " and ")
    text = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)
    text = _ORDINAL.sub(lambda m: f" {ordinal_words(int(m.group(1)))} ", text)
    text = _DECIMAL.sub(_decimal_words, text)
    text = _INTEGER.sub(lambda m: f" {integer_words(m.group(0))} ", text)
    text = _NOT_WORD.sub(" ", text)
    text = _STRAY_APOSTROPHE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def integer_words(digits: str) -> str:
    """Spell a run of ASCII digits as English words ("21" -> "twenty one")."""
    if (len(digits) > 1 and digits.startswith("0")) or int(digits) >= _LARGEST_SPELLED:
        return " ".join(_ONES[int(d)] for d in digits)
    return _cardinal(int(digits))


def ordinal_words(number: int) -> str:
    """Spell `number` as an English ordinal (21 -> "twenty first", 100 -> "one hundredth")."""
    words = integer_words(str(number)).split()
    last = words[-1]
    if last in _ORDINAL_WORDS:
        words[-1] = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _cardinal(number: int) -> str:
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] if ones == 0 else f"{_TENS[tens]} {_ONES[ones]}"
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = f"{_ONES[hundreds]} hundred"
        return head if rest == 0 else f"{head} {_cardinal(rest)}"
    for scale, name in _SCALES:
        if number >= scale:
            head_count, rest = divmod(number, scale)
            head = f"{_cardinal(head_count)} {name}"
            return head if rest == 0 else f"{head} {_cardinal(rest)}"
    raise AssertionError(f"unreachable for {number}")


def _decimal_words(match: re.Match[str]) -> str:
    whole, fraction = match.group(1), match.group(2)
    head = f"{integer_words(whole)} " if whole else ""
    return f" {head}point {' '.join(_ONES[int(d)] for d in fraction)} "
