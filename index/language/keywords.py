"""The keyword signal: BM25 over Hindi-aware terms.

Generic tokenizers shred Devanagari (vowel signs are not ``\\w``); ``text.words`` keeps
whole words, and a light suffix stripper lets "देशों" meet "देश". The store indexes these
terms (FTS5) to find keyword matches; scores are computed here, the same way for chunks
and sentences, from compact per-text term counts.
"""

from __future__ import annotations

import math
import zlib
from functools import lru_cache

import numpy as np

from ..text import words

# Function words carry no topic: dropping them keeps "का/की/के" from matching every chunk.
STOPWORDS = frozenset("""
का की के को में से पर ने है हैं था थी थे हो हुआ हुई हुए और या भी तो ही यह वह ये वे इस उस इन उन एक कि जो
कर करने किया किए गया गई गए लिए साथ बाद तक अब कहा क्या कौन कब कहां कैसे क्यों किस किसने कितने कितना कितनी
किसको किसे
a an the of in on at to for from by with and or is are was were be been has have had do does did what which
who whom whose when where why how that this these those it its as into than then there their they he she his
her we you i me my our your not no yes can could will would should about
""".split())

# Inflections longest first: plural/oblique endings of nouns and adjectives.
_SUFFIXES = sorted("ों ें ाओं ाएं ियों ियां िया ीय ाएँ ाओ ता ती ते ना नी ने ा े ी s es".split(), key=len, reverse=True)


K1, B = 1.2, 0.75  # BM25's usual constants; the PostgreSQL store's SQL scoring takes them from here


@lru_cache(maxsize=1 << 16)  # word frequencies are Zipfian: a small cache serves most calls
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def term_hash(term: str) -> int:
    return zlib.crc32(term.encode())


def term_counts(text_terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Terms as sorted unique 32-bit hashes and their counts: a compact forward index of a text."""
    hashes, counts = np.unique(np.fromiter((term_hash(t) for t in text_terms), np.uint32), return_counts=True)
    return hashes, counts.astype(np.uint16)


def bm25(query_terms: list[str], df: dict[str, int], documents: int, average_length: float,
         hashes: list[np.ndarray], counts: list[np.ndarray], lengths: np.ndarray,
         k1: float = K1, b: float = B) -> np.ndarray:
    """BM25 of each text, divided by the best score the query could reach (so in [0, 1]).

    Texts come as (hashes, counts) from ``term_counts``; one vectorised pass scores them all.
    Terms the corpus lacks count in the ceiling too: a question of many words the corpus
    does not have matches it only weakly.
    """
    unique = sorted(set(query_terms))
    out = np.zeros(len(hashes), np.float32)
    if not unique or not len(hashes):
        return out
    idf = np.array([math.log(1 + (documents - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in unique])
    query = np.array([term_hash(t) for t in unique], np.uint32)
    order = np.argsort(query)
    query, idf = query[order], idf[order]
    ceiling = float(idf.sum() * (k1 + 1))
    sizes = np.array([len(h) for h in hashes])
    every_hash = np.concatenate(hashes) if sizes.sum() else np.zeros(0, np.uint32)
    every_count = np.concatenate(counts).astype(np.float64) if sizes.sum() else np.zeros(0)
    owner = np.repeat(np.arange(len(hashes)), sizes)
    position = np.minimum(np.searchsorted(query, every_hash), len(query) - 1)
    hit = query[position] == every_hash
    tf, owner, weight = every_count[hit], owner[hit], idf[position[hit]]
    norm = k1 * (1 - b + b * np.asarray(lengths, np.float64)[owner] / max(average_length, 1e-9))
    np.add.at(out, owner, (weight * tf * (k1 + 1) / (tf + norm)).astype(np.float32))
    return out / ceiling
