"""nb-whisper-small (NbAiLab) with random weights, exported to ONNX as upstream publishes it.

Writes what https://huggingface.co/NbAiLab/nb-whisper-small/tree/main/onnx holds: optimum's
un-merged seq2seq layout (encoder_model.onnx, decoder_model.onnx,
decoder_with_past_model.onnx), config.json, generation_config.json, preprocessor_config.json
and Whisper's multilingual tokenizer files (vocab.json, merges.txt, tokenizer.json,
tokenizer_config.json, special_tokens_map.json, added_tokens.json, normalizer.json).
The architecture is whisper-small's (d_model 768, 12 heads, FFN 3072, 80 mel bins, 1500 audio
positions, 448 text positions, the 51865-id multilingual vocabulary) with 2 layers a side
instead of 12. Upstream exported with `ORTModelForSpeechSeq2Seq.from_pretrained(dir,
export=True)` (its export_models.sh); the builder calls optimum's exporter with the same
task and no post-processing, which keeps the three files instead of a merged decoder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

# Seed 0's random decoder repeats a timestamp token, which sends Whisper's generate into its
# seek-to-last-timestamp path (a second 30 s pass per call); seed 1's writes text tokens, as a
# model prompted with <|notimestamps|> does.
SEED = 1
LAYERS = 2
# whisper-small's published widths (openai/whisper-small config.json).
SMALL = {
    "d_model": 768,
    "encoder_attention_heads": 12,
    "decoder_attention_heads": 12,
    "encoder_ffn_dim": 3072,
    "decoder_ffn_dim": 3072,
    "num_mel_bins": 80,
    "max_source_positions": 1500,
    "max_target_positions": 448,
    "vocab_size": 51865,
}
EXPORT_TASK = "automatic-speech-recognition-with-past"


def build(out_dir: Path, name: str = "nb_whisper_onnx") -> None:
    """Write the random-weight ONNX checkpoint into `out_dir` (an empty folder)."""
    import torch
    from optimum.exporters.onnx import main_export
    from transformers import WhisperConfig, WhisperFeatureExtractor, WhisperForConditionalGeneration

    from builders.whisper_tokenizer import save_whisper_tokenizer

    with tempfile.TemporaryDirectory(prefix="whisper-pt-") as tmp:
        source = Path(tmp)
        tokenizer = save_whisper_tokenizer(source)
        ids = tokenizer.convert_tokens_to_ids
        config = WhisperConfig(
            **SMALL,
            encoder_layers=LAYERS,
            decoder_layers=LAYERS,
            pad_token_id=ids("<|endoftext|>"),
            bos_token_id=ids("<|endoftext|>"),
            eos_token_id=ids("<|endoftext|>"),
            decoder_start_token_id=ids("<|startoftranscript|>"),
            begin_suppress_tokens=[220, ids("<|endoftext|>")],
        )
        torch.manual_seed(SEED)
        model = WhisperForConditionalGeneration(config).eval()
        model.generation_config = generation_config(tokenizer)
        model.save_pretrained(str(source))
        WhisperFeatureExtractor(feature_size=SMALL["num_mel_bins"]).save_pretrained(str(source))
        main_export(
            str(source),
            output=out_dir,
            task=EXPORT_TASK,
            no_post_process=True,
            do_validation=False,
            library_name="transformers",
        )
        # The exporter copies the tokenizer and preprocessor it can load; copy upstream's
        # full file set whatever it chose.
        for path in source.iterdir():
            if path.suffix in (".json", ".txt") and not (out_dir / path.name).exists():
                shutil.copy2(path, out_dir / path.name)
        # The exporter rewrites generation_config.json from the model config, which drops
        # the language and task tables that generate(language=..., task=...) reads.
        model.generation_config.save_pretrained(str(out_dir))


def generation_config(tokenizer: Any) -> Any:
    """whisper-small's generation_config.json: multilingual, transcribe/translate, the
    language ids, no-timestamps and the non-speech suppress list."""
    from transformers import GenerationConfig

    from builders.whisper_tokenizer import CONTROL, special_tokens

    ids = tokenizer.convert_tokens_to_ids
    gen = GenerationConfig()
    gen.is_multilingual = True
    gen.lang_to_id = {tok: ids(tok) for tok in special_tokens()[2 : -len(CONTROL)]}
    gen.task_to_id = {"transcribe": ids("<|transcribe|>"), "translate": ids("<|translate|>")}
    gen.no_timestamps_token_id = ids("<|notimestamps|>")
    gen.prev_sot_token_id = ids("<|startofprev|>")
    gen.decoder_start_token_id = ids("<|startoftranscript|>")
    gen.pad_token_id = gen.bos_token_id = gen.eos_token_id = ids("<|endoftext|>")
    gen.max_initial_timestamp_index = 50
    gen.max_length = 448
    gen.begin_suppress_tokens = [220, ids("<|endoftext|>")]
    specials = [
        ids(t)
        for t in (
            "<|translate|>",
            "<|transcribe|>",
            "<|startoftranscript|>",
            "<|startofprev|>",
            "<|startoflm|>",
            "<|nocaptions|>",
        )
    ]
    gen.suppress_tokens = sorted(set(non_speech_tokens(tokenizer)) | set(specials))
    return gen


def non_speech_tokens(tokenizer: Any) -> list[int]:
    """Token ids of symbols that are not speech: openai-whisper's `non_speech_tokens` rule
    (whisper/tokenizer.py), which its `suppress_tokens="-1"` and the published configs use."""
    symbols = list('"#()*+/:;<=>@[\\]^_`{|}~「」『』')
    symbols += [
        "<<",
        ">>",
        "<<<",
        ">>>",
        "--",
        "---",
        "-(",
        "-[",
        "('",
        '("',
        "((",
        "))",
        "(((",
        ")))",
        "[[",
        "]]",
        "{{",
        "}}",
        "♪♪",
        "♪♪♪",
    ]
    misc = set("♩♪♫♬♭♮♯")

    def encode(text: str) -> list[int]:
        return list(tokenizer.encode(text, add_special_tokens=False))

    result = {encode(" -")[0], encode(" '")[0]}
    for symbol in symbols + sorted(misc):
        for tokens in (encode(symbol), encode(" " + symbol)):
            if len(tokens) == 1 or symbol in misc:
                result.add(tokens[0])
    return sorted(result)
