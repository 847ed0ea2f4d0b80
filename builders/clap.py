"""LAION-CLAP (HTSAT-tiny audio branch, RoBERTa text branch) with random weights, as upstream
publishes it.

Writes into the folder:

- `630k-audioset-best.pt`: what https://huggingface.co/lukewys/laion_clap publishes for the
  non-fusion HTSAT-tiny model: a `torch.save`d dict whose `state_dict` holds every tensor of
  `laion_clap.CLAP_Module(enable_fusion=False, amodel="HTSAT-tiny").model` under a `module.`
  prefix (upstream trained it with DistributedDataParallel), including
  `text_branch.embeddings.position_ids`, which `laion_clap`'s loader deletes unconditionally
  and so must be there.
- `roberta-base/`: the folder `laion_clap` loads by that hard-coded name (relative to the
  working directory) for the text branch and its tokenizer: `config.json`,
  `model.safetensors`, `vocab.json`, `merges.txt` (https://huggingface.co/FacebookAI/roberta-base
  publishes the real ones).
- `bert-base-uncased/vocab.txt` and `facebook/bart-base/{vocab.json,merges.txt}`: tokenizers
  that `import laion_clap` loads by those names at import time (laion_clap/training/data.py),
  although the roberta model never uses them; without them the import goes to the hub.

The audio branch is HTSAT-tiny exactly as `laion_clap` builds it (its depths are hard-coded,
and `load_ckpt` loads strictly), with its real 48 kHz log-mel front end. The text branch has
roberta-base's widths, heads and special-token layout but 2 layers instead of 12, and a small
byte-level BPE vocabulary trained here (the roberta tokenizer files ship in no package): the
text layers and vocabulary are most of roberta-base's size, and the folder holds the text
branch twice (in the checkpoint and in roberta-base/). The bert and bart tokenizers are stand-ins
of the same kind: a word-piece vocabulary of the builder's corpus, and roberta's BPE files
(BART publishes the same GPT-2 BPE as roberta-base).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

SEED = 0
CHECKPOINT = "630k-audioset-best.pt"
ROBERTA = "roberta-base"
BERT = "bert-base-uncased"
BART = "facebook/bart-base"
VOCAB = 512
TEXT_LAYERS = 2
# roberta-base's special tokens keep their ids: <s> 0, <pad> 1, </s> 2, <unk> 3; <mask> last.
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
MASK = "<mask>"


def roberta_config(vocab_size: int) -> object:
    """roberta-base's published config.json, with `vocab_size` and `TEXT_LAYERS` layers."""
    from transformers import RobertaConfig

    return RobertaConfig(
        vocab_size=vocab_size,
        hidden_size=768,
        num_hidden_layers=TEXT_LAYERS,
        num_attention_heads=12,
        intermediate_size=3072,
        hidden_act="gelu",
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
        max_position_embeddings=514,
        type_vocab_size=1,
        layer_norm_eps=1e-5,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )


def write_tokenizer(folder: Path) -> int:
    """Write vocab.json and merges.txt (roberta's slow-tokenizer files) and the tokenizer
    configs into `folder`; returns the vocabulary size, `<mask>` included."""
    from transformers import RobertaTokenizer

    from builders.tokenizer import train_bpe

    tok = train_bpe(VOCAB, SPECIALS)
    tok.model.save(str(folder))  # type: ignore[attr-defined]  # vocab.json, merges.txt
    vocab_file = folder / "vocab.json"
    vocab = json.loads(vocab_file.read_text(encoding="utf-8"))
    vocab[MASK] = len(vocab)
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    RobertaTokenizer(str(vocab_file), str(folder / "merges.txt")).save_pretrained(str(folder))
    return len(vocab)


def write_import_tokenizers(out_dir: Path) -> None:
    """The bert and bart tokenizer folders that `import laion_clap` reads (see above)."""
    from transformers import BartTokenizer, BertTokenizer

    from builders.tokenizer import CORPUS

    bert = out_dir / BERT
    bert.mkdir(parents=True)
    words = sorted({w for line in CORPUS for w in line.split()})
    pieces = sorted({c for w in words for c in w})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *pieces, *(f"##{c}" for c in pieces), *words]
    (bert / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    BertTokenizer(str(bert / "vocab.txt"), do_lower_case=True).save_pretrained(str(bert))
    bart = out_dir / BART
    bart.mkdir(parents=True)
    for file in ("vocab.json", "merges.txt"):
        shutil.copyfile(out_dir / ROBERTA / file, bart / file)
    BartTokenizer(str(bart / "vocab.json"), str(bart / "merges.txt")).save_pretrained(str(bart))


def build(out_dir: Path, name: str = "clap") -> None:
    """Write the random-weight checkpoint and the tokenizer and roberta-base folders into
    `out_dir`."""
    import torch
    from transformers import RobertaModel

    roberta = out_dir / ROBERTA
    roberta.mkdir(parents=True, exist_ok=True)
    vocab_size = write_tokenizer(roberta)
    torch.manual_seed(SEED)
    RobertaModel(roberta_config(vocab_size)).save_pretrained(str(roberta))
    write_import_tokenizers(out_dir)

    with contextlib.chdir(out_dir):
        import laion_clap  # loads three tokenizers by relative name at import

        torch.manual_seed(SEED)
        clap = laion_clap.CLAP_Module(enable_fusion=False, amodel="HTSAT-tiny", device="cpu")
    state = clap.model.state_dict()
    embeddings = clap.model.text_branch.embeddings
    state["text_branch.embeddings.position_ids"] = torch.arange(
        embeddings.position_embeddings.num_embeddings
    ).expand((1, -1))
    torch.save({"epoch": 0, "state_dict": {f"module.{k}": v for k, v in state.items()}}, out_dir / CHECKPOINT)
