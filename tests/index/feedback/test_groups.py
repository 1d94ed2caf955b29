"""The unanswered-questions report's grouping, on a generated set of paraphrases.

The set: topics the seed archive does not cover, each asked through several templates (Hindi,
English, Hindi in Latin letters) — templates shared by every topic, so grouping by template
words would fail. Pairwise F1 scores a grouping: of the pairs put together, how many belong
together, and of those that belong together, how many were put together.
"""

import itertools
import random

import numpy as np
import pytest

from index.feedback.groups import THRESHOLDS, group_questions

TOPICS = [  # (Hindi, English, Hindi in Latin letters)
    ("मानसून", "the monsoon", "monsoon"),
    ("पेट्रोल की कीमत", "the petrol price", "petrol ki keemat"),
    ("बोर्ड परीक्षा के नतीजे", "the board exam results", "board exam ke nateeje"),
    ("क्रिकेट विश्व कप", "the cricket world cup", "cricket world cup"),
    ("दिल्ली का प्रदूषण", "pollution in Delhi", "dilli ka pradushan"),
    ("सोने का भाव", "the gold rate", "sone ka bhaav"),
    ("रेलवे भर्ती", "railway recruitment", "railway bharti"),
    ("बिहार विधानसभा चुनाव", "the Bihar assembly election", "bihar vidhan sabha chunav"),
]
HINDI = ["{} के बारे में ताज़ा खबर क्या है?", "{} पर क्या अपडेट है?", "{} की जानकारी दीजिए", "{} के बारे में बताइए",
         "{} का क्या हाल है?"]
ENGLISH = ["What is the latest on {}?", "Any news about {}?", "Tell me about {}"]
LATIN = ["{} ke baare mein batao", "{} ka kya haal hai?"]
LONERS = ["आज का राशिफल क्या है?", "Who won the Nobel prize in physics?", "shaadi ka muhurat kab hai?"]


def generated(languages=("hi", "en", "hi-latn")) -> list[tuple[str, str]]:
    """(question, topic) pairs, shuffled with a fixed seed; each loner is a topic of its own."""
    pairs = []
    for hindi, english, latin in TOPICS:
        for language, templates, words in (("hi", HINDI, hindi), ("en", ENGLISH, english), ("hi-latn", LATIN, latin)):
            if language in languages:
                pairs += [(t.format(words), hindi) for t in templates]
    pairs += [(q, q) for q in LONERS]
    random.Random(4).shuffle(pairs)
    return pairs


def pairwise_f1(pairs: list[tuple[str, str]], groups) -> float:
    where = {wording: i for i, g in enumerate(groups) for wording, _ in g.wordings}
    together = same = both = 0
    for (q1, t1), (q2, t2) in itertools.combinations(pairs, 2):
        grouped = where[q1] == where[q2]
        together, same, both = together + grouped, same + (t1 == t2), both + (grouped and t1 == t2)
    precision, recall = both / max(together, 1), both / max(same, 1)
    return 2 * precision * recall / max(precision + recall, 1e-12)


class Remembering:
    """The embedder, each text embedded once: a sweep groups the same questions 66 times."""

    def __init__(self, embedder):
        self.embedder, self.name, self.vectors = embedder, embedder.name, {}

    def embed_queries(self, texts):
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        self.vectors.update(zip(todo, self.embedder.embed_queries(todo)) if todo else ())
        return np.stack([self.vectors[t] for t in texts])


def sweep(pairs, embedder) -> dict[float, float]:
    embedder = Remembering(embedder)
    return {t / 100: pairwise_f1(pairs, group_questions([q for q, _ in pairs], embedder, t / 100))
            for t in range(30, 96)}


def steady(scores: dict[float, float]) -> dict[float, float]:
    """Each threshold's F1 averaged with its two neighbours': e5's cosines differ in the third decimal
    from one machine to another, so a threshold has to hold around it, not on a lone peak."""
    ts = sorted(scores)
    return {t: float(np.mean([scores[u] for u in ts[max(i - 1, 0):i + 2]])) for i, t in enumerate(ts)}


def check_threshold(pairs, embedder) -> None:
    scores = steady(sweep(pairs, embedder))
    chosen = scores[THRESHOLDS[embedder.name]]
    assert chosen >= max(scores.values()) - 0.02, (chosen, max(scores.items(), key=lambda kv: kv[1]))
    groups = group_questions([q for q, _ in pairs], embedder)
    assert chosen >= 0.9 and len(groups) <= len(TOPICS) + len(LONERS) + 3, [g.wordings for g in groups]


def test_the_hash_embedders_threshold_groups_same_language_paraphrases():
    from index.embedders import HashEmbedder

    check_threshold(generated(languages=("hi",)), HashEmbedder())  # word counts cannot cross languages


@pytest.mark.slow
def test_the_models_threshold_groups_paraphrases_across_languages(real_embedder):
    check_threshold(generated(languages=("hi", "en")), real_embedder)


def test_groups_count_repeats_and_put_the_largest_first():
    from index.embedders import HashEmbedder

    asked = ["मानसून कब आएगा?", "मानसून कब आएगा", "  मानसून  कब आएगा? ", "मानसून इस साल कब आएगा?",
             "पेट्रोल की कीमत क्या है?", "पेट्रोल की कीमत क्या है"]
    groups = group_questions(asked, HashEmbedder())
    assert [(g.size, g.example) for g in groups] == [(4, "मानसून कब आएगा?"), (2, "पेट्रोल की कीमत क्या है?")]
    assert group_questions([], HashEmbedder()) == [] and group_questions(["?"], HashEmbedder()) == []
