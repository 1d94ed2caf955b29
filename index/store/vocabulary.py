"""The corpus words romanized questions are matched against ("putin" → पुतिन), for every backend."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..text import words
from ..language.translit import romanize, skeleton


def vocabulary(text: str) -> Counter:
    """Devanagari words worth matching romanized questions against (two consonants or more)."""
    counts = Counter(words(text))
    return Counter({w: n for w, n in counts.items() if _matchable(w)})


def vocabulary_rows(counts: Counter) -> list[tuple[str, str, str, int]]:
    """(word, skeleton, latin, count): the vocabulary table's rows for these words."""
    return [(w, skeleton(latin), latin, n) for w, n in counts.items() for latin in [romanize(w)]]


@lru_cache(maxsize=1 << 16)
def _matchable(word: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in word) and len(skeleton(romanize(word))) >= 2
