"""The generate-and-decode step of transformers' speech-to-text models that prompt with a
chat template (GLM-ASR, Voxtral): greedy, so the same input gives the same text."""

from __future__ import annotations

from typing import Any


# transformers' model, processor and BatchFeature: torch-backed objects this module only hands on.
def generated_text(model: Any, processor: Any, inputs: Any, max_new_tokens: int) -> str:
    """The text `model` writes after the prompt in `inputs` (whitespace collapsed)."""
    import torch

    with torch.inference_mode():
        ids = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1)
    new = ids[:, inputs["input_ids"].shape[1] :]
    return " ".join(processor.batch_decode(new, skip_special_tokens=True)[0].split())
