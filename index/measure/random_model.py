"""A sentence-transformers model with random weights, built on this machine: nothing to download.

Speed does not depend on the weights, and the ``st:`` embedder's plumbing does not either, so the
benchmark and the tests build one of the shape they need instead of fetching a real model.
"""

from __future__ import annotations

from pathlib import Path

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]  # ids 0-4 in every vocabulary given here


def random_sentence_transformer(directory: Path, tokenizer, config, max_seq_length: int):
    """A BERT of ``config`` (a ``transformers.BertConfig``) with random weights, mean-pooled, over
    ``tokenizer`` (a ``tokenizers.Tokenizer`` whose vocabulary opens with SPECIAL_TOKENS); its files
    are written to ``directory``."""
    from sentence_transformers import SentenceTransformer
    try:  # where sentence-transformers 6 keeps them; older releases only have .models
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer
    from tokenizers import processors
    from transformers import BertModel, PreTrainedTokenizerFast

    tokenizer.post_processor = processors.BertProcessing(("[SEP]", 3), ("[CLS]", 2))
    PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                            sep_token="[SEP]", mask_token="[MASK]").save_pretrained(directory)
    BertModel(config).save_pretrained(directory)
    return SentenceTransformer(modules=[Transformer(str(directory), max_seq_length=max_seq_length),
                                        Pooling(config.hidden_size, "mean")], device="cpu")
