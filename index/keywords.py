"""A keyword signal: BM25 over Hindi-aware tokens.

Generic tokenizers shred Devanagari (vowel signs are not ``\\w``); ``text.words`` keeps
whole words, and a light suffix stripper lets "देशों" meet "देश".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from .text import words

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


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stemmed content words of ``text``."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


class KeywordIndex:
    """BM25 (k1=1.2, b=0.75) over a list of texts, scored into [0, 1] per query."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._lengths = []
        for i, text in enumerate(texts):
            counts = Counter(terms(text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings[term].append((i, tf))
        self._n = len(texts)
        self._avg = (sum(self._lengths) / self._n) if self._n else 1.0

    def __contains__(self, term: str) -> bool:
        """Whether any text holds ``term`` (a stemmed term, as ``terms`` makes them)."""
        return term in self._postings

    def idf(self, term: str) -> float:
        df = len(self._postings.get(term, ()))
        return math.log(1 + (self._n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> dict[int, float]:
        """BM25 of every text that shares a term, divided by the best score any text could reach."""
        query_terms = set(terms(query))
        ceiling = sum(self.idf(t) * (self.k1 + 1) for t in query_terms)
        if not ceiling:
            return {}
        out: dict[int, float] = defaultdict(float)
        for term in query_terms:
            idf = self.idf(term)
            for i, tf in self._postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self._lengths[i] / self._avg)
                out[i] += idf * tf * (self.k1 + 1) / (tf + norm)
        return {i: s / ceiling for i, s in out.items()}
