"""Contract rules, one module per surface; importing this package registers them all."""

from pytest_audiocontract.contracts import (  # noqa: F401  (registration on import)
    asr,
    asr_stream,
    classify,
    classify_labels,
    common,
    diarize,
    embed,
    enhance,
    hallucination,
    music,
    separate,
    tts,
    vad,
)
from pytest_audiocontract.contracts.rules import RULES, Rule, rules_for

__all__ = ["RULES", "Rule", "rules_for"]
