"""The input checks every corpus metric shares: one entry per reference, at least one reference."""

from __future__ import annotations

import re

import pytest

from pytest_audiocontract.metrics.corpus import require_one_each, require_some


def test_one_entry_per_reference_passes_and_a_mismatch_names_both_lengths() -> None:
    require_one_each(["a", "b"], ["x", "y"], "predictions")
    message = "len(predictions)=1, but should equal len(references)=2: one prediction per clip"
    with pytest.raises(ValueError, match=re.escape(message)):
        require_one_each(["a", "b"], ["x"], "predictions", "one prediction per clip")
    with pytest.raises(ValueError, match=re.escape("len(durations)=3, but should equal len(references)=2")):
        require_one_each(["a", "b"], [1.0, 2.0, 3.0], "durations")


def test_an_empty_corpus_is_refused_with_its_unit() -> None:
    require_some({"vocals": 1}, "stem")
    with pytest.raises(ValueError, match="references is empty, but should hold at least one stem"):
        require_some({}, "stem")
