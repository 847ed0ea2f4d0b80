"""A small byte-level BPE tokenizer, trained here, for checkpoints whose real tokenizer no
package ships. Any text encodes and any id sequence decodes, which is all random weights need.
"""

from __future__ import annotations

from pathlib import Path

# A fixed English corpus, so the trained vocabulary is the same on every machine.
CORPUS = (
    "the quick brown fox jumps over the lazy dog",
    "she sells sea shells by the sea shore",
    "front left rear right side centre speaker test",
    "please call stella and ask her to bring these things with her from the store",
    "six spoons of fresh snow peas five thick slabs of blue cheese and maybe a snack",
    "we also need a small plastic snake and a big toy frog for the kids",
    "one two three four five six seven eight nine ten eleven twelve hundred thousand",
    "speech recognition turns audio into text at sixteen thousand samples per second",
)


def train_bpe(vocab_size: int, specials: list[str]) -> object:
    """A `tokenizers.Tokenizer` with `specials` at ids 0, 1, ... and about `vocab_size` ids."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(list(CORPUS) * 4, trainer=trainer)
    return tok


def save_fast_tokenizer(
    out_dir: Path, vocab_size: int, *, bos: str, eos: str, unk: str, pad: str | None = None
) -> int:
    """Write tokenizer.json and tokenizer_config.json (transformers' fast tokenizer) to
    `out_dir`; the special tokens get the first ids in the order unk, bos, eos, pad.
    Returns the vocabulary size actually reached."""
    from transformers import PreTrainedTokenizerFast

    specials = [unk, bos, eos] + ([pad] if pad else [])
    tok = train_bpe(vocab_size, specials)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, unk_token=unk, pad_token=pad
    )
    fast.save_pretrained(str(out_dir))
    return int(tok.get_vocab_size())  # type: ignore[attr-defined]
