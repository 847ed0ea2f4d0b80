"""Helpers for pack authors: the steps most adapters of a surface repeat.

Optional: a pack that does these things its own way conforms just the same. Nothing here
imports a heavy runtime at import time; `quiet_nemo` and `generated_text` import theirs
when called.
"""

from __future__ import annotations

from pytest_audiocontract.adapter_kit.batch_asr import (
    ModelInput,
    model_input,
    token_budget,
    whole_input_transcript,
)
from pytest_audiocontract.adapter_kit.nemo import find_nemo, quiet_nemo
from pytest_audiocontract.adapter_kit.text_input import speakable, spelled
from pytest_audiocontract.adapter_kit.transformers_asr import generated_text
from pytest_audiocontract.audio.silence import SILENCE_PEAK, is_silence

__all__ = [
    "SILENCE_PEAK",
    "ModelInput",
    "find_nemo",
    "generated_text",
    "is_silence",
    "model_input",
    "quiet_nemo",
    "speakable",
    "spelled",
    "token_budget",
    "whole_input_transcript",
]
