"""The rules a pack may opt out of with a reason, and how it says so (plain strings only).

Under a surface, `opt_out` maps rule names to the pack's reason:

    surfaces:
      asr:
        opt_out:
          no_text_on_non_speech: "names every burst of energy; it is not a speech recogniser"

The rule is then skipped with that reason. Only the hallucination rules of asr and
asr_stream can be opted out of this way; the older facts (`deterministic: false`,
`silence_yields_empty: false`) keep their meaning. The schema and `audiocontract validate`
read the names from here, without importing the rules.
"""

from __future__ import annotations

from collections.abc import Mapping

OPT_OUT_FACT = "opt_out"
OPT_OUT_SURFACES = ("asr", "asr_stream")
# rule name -> what holding it means (docs/writing-a-pack.md has the same table)
OPT_OUT_RULES: dict[str, str] = {
    "no_text_on_non_speech": "no words for noise, tones, chirps and the fixtures' music and sounds",
    "words_per_second_ceiling": "no more words (and letters) than speech of that length could hold",
    "no_runaway_repetition": "no word 3-gram loop (repeat_3gram_rate) in a transcript",
    "stable_under_gain": "the same words for speech at half its level",
    "stable_under_padding": "the same words for speech with silence before and after it",
}


def opt_out_reason(facts: Mapping[str, object], rule: str) -> str | None:
    """The pack's reason for not holding `rule`, or None when it claims to hold it."""
    declared = facts.get(OPT_OUT_FACT)
    if isinstance(declared, dict) and isinstance(declared.get(rule), str):
        return str(declared[rule])
    return None
