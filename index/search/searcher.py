"""Answering a question from a loaded index.

A passage (chunk) is scored from several signals, fused linearly:
- its own vector against the question's,
- its best sentence's vector (a precise sentence inside a broad chunk),
- BM25 over Hindi-aware keywords (names and numbers the vectors blur).
The answer is chosen among the top passage's sentences (``answer.choose_answer``), and the
evidence that it answers the question (``answer.answer_evidence``: margin over generic text,
the question's key terms in the passage) decides whether the corpus holds an answer at all, and
whether it is given with a caveat (``answer.is_tentative``: the evidence only just clears the line); a
question naming a foreign country the passage never mentions, or India, a state of India or a city
its article never does (``places``), is not answered by it; nor is one asking someone's age or family
(``answer.personal_fact_asked``) by a passage that states neither.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from .answer import (ChoiceWeights, answer_evidence, background_texts, choose_answer, is_tentative, key_term_evidence,
                     key_terms, personal_fact_asked, sentence_scores, speaks_of_future, states_fact)
from ..embedders import Embedder
from ..errors import EmptyQuestion, IndexMismatch
from ..language import detect_language
from ..language.keywords import bm25, term_counts, terms
from ..language.translit import Transliterator, to_devanagari
from ..store import Candidates, IndexReader, KeywordStats, PassageRecord
from ..text import normalise, script_of, words
from .places import HOME, countries, local

CANDIDATES = 64  # nearest chunks, and best keyword matches, taken before fusion
LATENT_RERANK = 3  # passages an English question re-scores with latent terms (one model call, passages cached)
FUTURE_RERANK = 3  # passages a question about the future re-scores by their closest sentence's tense
STORY_RERANK = 3  # best passages among which a question that repeats the headline picks its paragraph
LATENT_CACHE = 4096  # passages' latent terms kept between questions
HEADLINES_CACHED = 1024  # headline vectors kept for the story pick (one model call for a new story)

@dataclass(frozen=True)
class Weights:
    """How the signals add up; set on XQuAD dev (see README, "Retrieval quality")."""

    chunk: float = 1.0
    sentence: float = 1.0
    keyword: float = 0.4  # BM25 in [0, 1]: +3 points top-1 on Hindi questions
    # English questions only: the best few passages re-scored with the model's latent terms
    # (``embed_latent``), the one lexical bridge from English to Hindi text. +1.3 points top-1 on
    # English questions (both halves of XQuAD dev), none on Hindi or romanized ones.
    latent: float = 0.2
    answer: ChoiceWeights = ChoiceWeights()  # choosing the answer sentence(s) within a passage
    # News ages. Between near-equal passages the newer wins (a nudge far below the gaps that
    # separate relevant from irrelevant text); a question asking for the latest leans on it.
    newer: float = 0.01
    latest: float = 0.15
    future: float = 0.02  # a question in the future tense: passages whose closest sentence is too
    # A question that repeats its story's headline words ("सूर्यकिरण के आईपीओ में एक लॉट में
    # कितने शेयर थे?"): among the story's best passages, the one whose best sentence matches the
    # question's other words wins, with this share of the passages' own score difference. Otherwise
    # the lede, which sums the whole story up, answers every question about it (README, "News articles").
    story: float = 0.5
    story_lead: float = 0.02  # what another passage must beat the first one by: a near-tie keeps the ranking
    # ... and each sentence there loses this times its cosine with the headline: a sentence that
    # restates the headline says which story, which every paragraph of it shares. This is what tells
    # the paragraphs apart for an English question, whose other words never meet the Hindi text.
    story_headline: float = 1.0


HALF_LIFE_DAYS = 7.0  # a week-old article counts half as fresh as the newest candidate
# "What is the latest…", "आज क्या हुआ?", "abhi kya chal raha hai": words asking for fresh news.
LATEST_WORDS = frozenset("""ताजा ताज़ा आज अभी हाल हालिया नवीनतम ताजातरीन
latest today recent recently newest now
abhi aaj taza taaza tazaa haal""".split())


def recency(published: np.ndarray) -> np.ndarray:
    """1 for the newest of these articles, halving every HALF_LIFE_DAYS older; 0 when undated."""
    if not np.isfinite(published).any():
        return np.zeros(len(published), np.float32)
    age_days = (np.nanmax(published) - published) / 86400
    return np.nan_to_num(0.5 ** (age_days / HALF_LIFE_DAYS), nan=0.0).astype(np.float32)


@dataclass(frozen=True)
class Passage:
    text: str
    score: float
    source: str  # the article's title (headline); "title" in JSON too
    doc_id: str
    paragraph: int  # 0-based paragraph number in the article
    start: int  # character offsets of the passage in the normalised article
    end: int
    answer_start: int | None = None  # the answer sentence (or two adjacent ones), relative to ``text``
    answer_end: int | None = None
    url: str | None = None  # the article's link, publication date (ISO 8601) and outlet
    published: str | None = None
    outlet: str | None = None

    @property
    def answer_sentence(self) -> str:
        return "" if self.answer_start is None else self.text[self.answer_start:self.answer_end]


@dataclass(frozen=True)
class Answer:
    question: str
    language: str  # "hi", "en" or "hi-latn" (Hindi typed in Latin letters)
    answered: bool
    answer: str | None
    confidence: float
    passages: list[Passage] = field(default_factory=list)
    tentative: bool = False  # answered, but the evidence only just clears the line: say so

    def to_dict(self) -> dict:
        return {"question": self.question, "language": self.language, "answered": self.answered,
                "tentative": self.tentative, "answer": self.answer, "confidence": round(self.confidence, 4),
                "passages": [{**p.__dict__, "title": p.source, "score": round(p.score, 4)} for p in self.passages]}


class Searcher:
    """Search one index with the embedder it was built with.

    The store offers candidates (nearest chunks and best keyword matches, with their
    vectors); fusion is numpy over that set; the answer sentence is chosen inside the
    top passages only, so a question costs the same on ten articles or a hundred thousand.
    """

    def __init__(self, index: IndexReader, embedder: Embedder, weights: Weights = Weights()) -> None:
        if index.manifest.embedder_id != embedder.id:
            raise IndexMismatch(
                f"index at {index.path} was built with {index.manifest.embedder_id}, not {embedder.id} — "
                f"rebuild it with `python -m index build --embedder ...` or search with the embedder it was built with")
        self.index = index
        self.embedder = embedder
        self.weights = weights
        self._transliterate = Transliterator(lookup=index.words_by_skeleton)
        generic_texts = background_texts()
        self._background = embedder.embed_passages(generic_texts)  # what any question meets
        # An English question meets the Hindi corpus across languages, but English generic text in
        # its own language, which scores higher whatever the topic: against that, its margin mostly
        # measured the language gap. So it is measured against the Hindi generic lines only.
        hindi = [script_of(t) == "deva" for t in generic_texts]
        self._background_hindi = self._background[hindi] if any(hindi) else self._background
        self._embed_latent = getattr(embedder, "embed_latent", None)  # only some models have latent terms
        self._latent_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._headline_vector = lru_cache(maxsize=HEADLINES_CACHED)(lambda title: embedder.embed_passages([title])[0])

    def search(self, question: str, k: int = 3, context: str | None = None) -> Answer:
        """Answer ``question``; a follow-up passes the question it follows as ``context``."""
        return self.search_many([question], k, [context])[0]

    def search_many(self, questions: list[str], k: int = 3, contexts: list[str | None] | None = None) -> list[Answer]:
        """Answer several questions with one batched embedding call.

        With a context, passages are found for context and question together ("और पुतिन ने
        क्या जवाब दिया?" needs the farewell it refers to), but the answer sentence is the one
        that answers the question itself (Putin's reply, not Kim's farewell).
        """
        contexts = contexts or [None] * len(questions)
        pairs = []
        for question, context in zip(questions, contexts):
            focus = _prepare(question, self._transliterate)
            pairs.append((_prepare(f"{context} {question}", self._transliterate) if context else focus, focus))
        texts = list(dict.fromkeys(v for retrieval, focus in pairs
                                   for v in retrieval.variants + retrieval.judged + focus.variants))
        vectors = self.embedder.embed_queries(texts) if texts else np.zeros((0, self.embedder.dim), np.float32)
        row = {text: i for i, text in enumerate(texts)}

        def embedded(variants: list[str]) -> np.ndarray:
            return vectors[[row[v] for v in variants]]

        return [self._answer(retrieval, embedded(retrieval.variants), embedded(retrieval.judged), focus,
                             embedded(focus.variants), k) for retrieval, focus in pairs]

    def _answer(self, prepared: "_Prepared", vectors: np.ndarray, judged: np.ndarray, focus: "_Prepared",
                focus_vectors: np.ndarray, k: int) -> Answer:
        w = self.weights
        query_terms = terms(prepared.keyword_query)
        found = self.index.candidates(vectors, query_terms, CANDIDATES)
        if not len(found):
            return Answer(focus.question, prepared.language, False, None, 0.0)
        chunk_dense = (found.chunk_vectors @ vectors.T).max(axis=1)
        sentence_dense = (found.sentence_vectors @ vectors.T).max(axis=1)
        sentence_best = np.maximum.reduceat(sentence_dense, found.sentence_offsets[:-1])
        fused = (w.chunk * chunk_dense + w.sentence * sentence_best + w.keyword * found.keyword
                 + (w.latest if prepared.wants_latest else w.newer) * recency(found.published))
        latent: dict[int, float] = {}  # row → latent-term cosine, for the rows re-scored with them
        if prepared.language == "en" and w.latent and self._embed_latent:
            latent = self._latent_cosines(prepared.question, found, fused)
            fused = fused.copy()
            for r, cosine in latent.items():
                fused[r] += w.latent * cosine
        if w.future and speaks_of_future(focus.question):
            fused = self._future_rescored(found, sentence_dense, fused, w.future)
        order = np.argsort(-fused, kind="stable")
        rows = _distinct(found, order, k)
        records = self.index.passages([int(found.chunk_ids[r]) for r in rows])
        rows = [r for r in rows if int(found.chunk_ids[r]) in records]  # a build may have removed one since
        focus_terms = terms(focus.keyword_query)
        reading = self._transliterate.known_word if prepared.language == "hi-latn" else self._transliterate.name_word
        key = key_terms(prepared.language, prepared.question, query_terms, reading)
        stats = self.index.keyword_stats(sorted(set(query_terms) | set(focus_terms) | set().union(*key)))
        passages, splits = [], []
        for r in rows:
            record = records[int(found.chunk_ids[r])]
            lo, hi = found.sentence_offsets[r], found.sentence_offsets[r + 1]
            dense = sentence_dense[lo:hi]
            if focus is not prepared:  # the follow-up's own words lead; the context breaks ties
                dense = (found.sentence_vectors[lo:hi] @ focus_vectors.T).max(axis=1) + 0.5 * dense
            splits.append(_Sentences.of(record, found.sentence_vectors[lo:hi], dense))
            # The headline's words say which story, not which of its sentences: every sentence of it
            # shares them, and the lede, which restates the headline, would win on them alone.
            passages.append(_passage(record, splits[-1], float(fused[r]), focus,
                                     _beyond_headline(focus_terms, record.title), stats, w))
        if not passages:
            return Answer(focus.question, prepared.language, False, None, 0.0)
        pick = self._story_pick(passages[:STORY_RERANK], splits, focus, focus_terms, stats)
        unstated = False  # "How old is he?" wants a passage that gives an age, not just his name
        if kind := personal_fact_asked(focus.question):
            stating = [i for i, p in enumerate(passages) if states_fact(kind, f"{p.source} {p.text}")]
            unstated = not stating
            pick = pick if unstated or pick in stating else stating[0]
        if pick:  # it ranks where the passage it displaced did: scores stay in the order shown
            chosen = replace(passages[pick], score=passages[0].score)
            del passages[pick]
            passages.insert(0, chosen)
            rows.insert(0, rows.pop(pick))
        top = rows[0]
        confidence = float(max(chunk_dense[top], sentence_best[top]))
        # Each reading of the question (romanized Hindi: as typed, and in Devanagari blind to the
        # corpus) is measured against generic text on its own terms; the margin is their mean, so a
        # guessed reading that happens to meet the corpus cannot carry the decision alone.
        lo, hi = found.sentence_offsets[top], found.sentence_offsets[top + 1]
        best = np.maximum(found.chunk_vectors[top] @ judged.T, (found.sentence_vectors[lo:hi] @ judged.T).max(axis=0))
        generic = self._background_hindi if prepared.language == "en" else self._background
        margin = float((best - (generic @ judged.T).max(axis=0)).mean())
        support, unknown = key_term_evidence(
            key, set(terms(passages[0].text)),
            lambda t: _idf(stats, t), lambda t: stats.df.get(t, 0) > 0, stats.chunks)
        evidence = answer_evidence(prepared.language, margin, support, unknown, latent.get(top))
        if evidence < 0 or unstated or self._names_another_place(focus.question, passages[0]):
            return Answer(focus.question, prepared.language, False, None, confidence, passages)
        return Answer(focus.question, prepared.language, True, passages[0].answer_sentence, confidence, passages,
                      tentative=is_tentative(evidence))

    def _names_another_place(self, question: str, passage: Passage) -> bool:
        """Whether the question names a country the passage and its headline never do, or India, a
        state of India or a city its whole article never does. A news story names its place once, in
        the dateline or the lede ("पटना:"), and says "राज्य" or "शहर" after, and Hindi news leaves
        "भारत" unsaid; a foreign country named in passing (the seed article's one "अमेरिका") does not
        make an article about it."""
        shown = f"{passage.source} {passage.text}"
        asked, there = countries(question), countries(shown)
        if asked - there - {HOME}:
            return True
        asked = (asked | local(question)) - there - local(shown)
        if not asked:
            return False
        article = self.index.document_text(passage.doc_id) or ""
        return bool(asked - countries(article) - local(article))

    def _story_pick(self, passages: list[Passage], splits: list[_Sentences], focus: "_Prepared",
                    query_terms: list[str], stats: KeywordStats) -> int:
        """Which of ``passages`` answers a question that repeats its story's headline, or an English
        question whose best passage is its story's opening one (index; 0: the first).

        The headline's words say which story, not which paragraph: among the first passage's story's
        passages, each is judged by its best sentence for the question's other words, less
        ``w.story_headline`` times that sentence's cosine with the headline, plus ``w.story`` times
        the passage's own score's difference from the first one's; the first keeps its place unless
        another beats it by ``w.story_lead``."""
        w = self.weights
        headline = passages[0].source or ""
        rest = _beyond_headline(query_terms, headline)
        story = [i for i, p in enumerate(passages) if p.doc_id == passages[0].doc_id]
        # An English question meets a Hindi headline's words only through the names the
        # transliterator finds; that its best passage opens the story is the sign instead.
        repeated = len(rest) < len(query_terms) or (focus.language == "en" and passages[0].paragraph == 0)
        if not repeated or not rest or len(story) < 2:  # nothing repeated, or nothing else
            return 0
        headline_vector = self._headline_vector(headline) if w.story_headline else None
        best, best_score = 0, -math.inf
        for i in story:
            cosines = splits[i].cosines
            if headline_vector is not None:
                cosines = cosines - w.story_headline * (splits[i].vectors @ headline_vector)
            scores = sentence_scores(focus.question, focus.language, splits[i].texts, cosines,
                                     splits[i].keyword(rest, stats), w.answer)
            score = float(scores[splits[i].eligible].max(initial=-math.inf)) \
                + w.story * (passages[i].score - passages[0].score)
            score += w.story_lead if i == 0 else 0.0
            if score > best_score:
                best, best_score = i, score
        return best

    def _future_rescored(self, found: Candidates, sentence_dense: np.ndarray, fused: np.ndarray,
                         weight: float) -> np.ndarray:
        """A question about what will happen: of the best FUTURE_RERANK candidates, those whose
        closest sentence speaks of the future gain ``weight`` (not the ones telling what happened)."""
        top = np.argsort(-fused, kind="stable")[:FUTURE_RERANK]
        records = self.index.passages([int(found.chunk_ids[r]) for r in top])
        fused = fused.copy()
        for r in top:
            record = records.get(int(found.chunk_ids[r]))
            if record is None:
                continue
            lo, hi = found.sentence_offsets[r], found.sentence_offsets[r + 1]
            closest = record.sentences[int(sentence_dense[lo:hi].argmax())]
            if speaks_of_future(record.text[closest.start - record.start:closest.end - record.start]):
                fused[r] += weight
        return fused

    def _latent_cosines(self, question: str, found: Candidates, fused: np.ndarray) -> dict[int, float]:
        """The latent terms' cosine with the question of the best LATENT_RERANK candidates, by row."""
        top = np.argsort(-fused, kind="stable")[:LATENT_RERANK]
        records = self.index.passages([int(found.chunk_ids[r]) for r in top])
        texts = {r: records[int(found.chunk_ids[r])].text for r in top if int(found.chunk_ids[r]) in records}
        missing = list(dict.fromkeys(t for t in texts.values() if t not in self._latent_cache))
        if len(self._latent_cache) + len(missing) > LATENT_CACHE:
            self._latent_cache.clear()
        computed = self._embed_latent([question] + missing)
        self._latent_cache.update(zip(missing, computed[1:]))
        asked = _unit_sparse(computed[0])
        return {r: _sparse_dot(asked, _unit_sparse(self._latent_cache[text])) for r, text in texts.items()}


def _unit_sparse(vector: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted indices and unit-length weights."""
    indices, weights = np.asarray(vector[0]), np.asarray(vector[1], np.float64)
    order = np.argsort(indices)
    norm = np.linalg.norm(weights) or 1.0
    return indices[order], weights[order] / norm


def _sparse_dot(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    _, in_a, in_b = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return float(a[1][in_a] @ b[1][in_b])


def _idf(stats: KeywordStats, term: str) -> float:
    df = stats.df.get(term, 0)
    return math.log(1 + (stats.chunks - df + 0.5) / (df + 0.5))


def _distinct(found: Candidates, order: np.ndarray, k: int) -> list[int]:
    """The best ``k`` candidates, skipping chunks that mostly repeat a better one of the same article."""
    chosen: list[int] = []
    for r in order:
        if any(found.documents[c] == found.documents[r] and _overlap(found, c, r) for c in chosen):
            continue
        chosen.append(int(r))
        if len(chosen) == k:
            break
    return chosen


def _overlap(found: Candidates, a: int, b: int) -> bool:
    """Overlapping chunks sharing more than half of the shorter one are the same passage to a reader."""
    shared = min(found.ends[a], found.ends[b]) - max(found.starts[a], found.starts[b])
    return shared > 0.5 * min(found.ends[a] - found.starts[a], found.ends[b] - found.starts[b])


@dataclass(frozen=True)
class _Sentences:
    """A passage's sentences as one question meets them: split into terms once (choosing the answer
    and the story pick score them for different words of it), with their vectors and cosines."""

    texts: list[str]
    counted: list[tuple]  # term_counts of each sentence
    eligible: np.ndarray  # which may answer: heading lines that lead into a chunk are context, never the answer
    lengths: np.ndarray  # terms per sentence
    vectors: np.ndarray
    cosines: np.ndarray  # with the question (a follow-up's own words leading)

    @classmethod
    def of(cls, record: PassageRecord, vectors: np.ndarray, cosines: np.ndarray) -> "_Sentences":
        sentences = record.sentences
        texts = [record.text[s.start - record.start:s.end - record.start] for s in sentences]
        return cls(texts, [term_counts(terms(t)) for t in texts],
                   np.array([s.paragraph == sentences[-1].paragraph for s in sentences]),
                   np.array([s.terms for s in sentences]), vectors, cosines)

    def keyword(self, query_terms: list[str], stats: KeywordStats) -> np.ndarray:
        """Each sentence's BM25 for ``query_terms``."""
        # Document frequencies are the chunks' (what the keyword index counts), lengths the sentences'.
        return bm25(query_terms, stats.df, stats.chunks, stats.average_sentence_terms, [h for h, _ in self.counted],
                    [c for _, c in self.counted], self.lengths)


def _beyond_headline(query_terms: list[str], headline: str | None) -> list[str]:
    """The question's terms that its story's headline does not use."""
    headline_terms = set(terms(headline or ""))
    return [t for t in query_terms if t not in headline_terms]


def _passage(record: PassageRecord, split: _Sentences, score: float, focus: "_Prepared", query_terms: list[str],
             stats: KeywordStats, w: Weights) -> Passage:
    """The passage with its answer: a sentence (or two adjacent ones) chosen by ``choose_answer``."""
    sentences = record.sentences
    first, last = choose_answer(focus.question, focus.language, split.texts, split.cosines,
                                split.keyword(query_terms, stats), split.eligible, w.answer)
    return Passage(text=record.text, score=score, source=record.title, doc_id=record.doc_id, paragraph=record.paragraph,
                   start=record.start, end=record.end, answer_start=sentences[first].start - record.start,
                   answer_end=sentences[last].end - record.start, url=record.url, published=record.published,
                   outlet=record.outlet)


@dataclass(frozen=True)
class _Prepared:
    question: str
    language: str
    variants: list[str]  # embedded: the question as asked, plus a Devanagari rendering of romanized Hindi
    keyword_query: str  # what the keyword signal matches: Devanagari wherever we can get it
    # Embedded to judge whether the corpus answers: a romanized question as typed and as read blind
    # to the corpus (``to_devanagari``), for the rendering that finds passages is made to meet the
    # corpus, and the bigger the corpus, the closer it brings an off-topic question.
    judged: list[str]
    wants_latest: bool = False  # the question asks for fresh news


def _prepare(question: str, transliterate: Transliterator) -> _Prepared:
    text = normalise(question or "").replace("\n", " ").strip()
    if not any(ch.isalnum() for ch in text):
        raise EmptyQuestion()
    language = detect_language(text)
    latest = not LATEST_WORDS.isdisjoint(words(text))
    if language == "hi-latn":
        devanagari = transliterate(text)
        return _Prepared(text, language, [text, devanagari], devanagari, [text, to_devanagari(text)], latest)
    if language == "en":
        return _Prepared(text, language, [text], f"{text} {transliterate.names(text)}", [text], latest)
    return _Prepared(text, language, [text], text, [text], latest)
