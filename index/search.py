"""Answering a question from a loaded index.

A passage (chunk) is scored from several signals, fused linearly:
- its own vector against the question's,
- its best sentence's vector (a precise sentence inside a broad chunk),
- BM25 over Hindi-aware keywords (names and numbers the vectors blur).
The answer is chosen among the top passage's sentences (``answer.choose_answer``), and the
evidence that it answers the question (``answer.answers_question``: margin over generic text,
the question's key terms in the passage) decides whether the corpus holds an answer at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .answer import ChoiceWeights, answers_question, background_texts, choose_answer, key_term_evidence
from .embedders import Embedder
from .errors import EmptyQuestion, IndexMismatch
from .keywords import KeywordIndex, terms
from .language import detect_language
from .store import StoredIndex
from .text import normalise, words
from .translit import Transliterator

CANDIDATES = 64  # first-stage neighbours taken from each FAISS index before fusion


@dataclass(frozen=True)
class Weights:
    """How the signals add up; set on XQuAD dev (see README, "Retrieval quality")."""

    chunk: float = 1.0
    sentence: float = 1.0
    keyword: float = 0.4  # BM25 in [0, 1]: +3 points top-1 on Hindi questions
    answer: ChoiceWeights = ChoiceWeights()  # choosing the answer sentence(s) within a passage


@dataclass(frozen=True)
class Passage:
    text: str
    score: float
    source: str  # the article's title
    doc_id: str
    paragraph: int  # 0-based paragraph number in the article
    start: int  # character offsets of the passage in the normalised article
    end: int
    answer_start: int | None = None  # the answer sentence (or two adjacent ones), relative to ``text``
    answer_end: int | None = None

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

    def to_dict(self) -> dict:
        return {"question": self.question, "language": self.language, "answered": self.answered,
                "answer": self.answer, "confidence": round(self.confidence, 4),
                "passages": [{**p.__dict__, "score": round(p.score, 4)} for p in self.passages]}


class Searcher:
    """Search one loaded index with the embedder it was built with."""

    def __init__(self, index: StoredIndex, embedder: Embedder, weights: Weights = Weights()) -> None:
        if index.manifest.embedder_id != embedder.id:
            raise IndexMismatch(
                f"index at {index.path} was built with {index.manifest.embedder_id}, not {embedder.id} — "
                f"rebuild it with `python -m index build --embedder ...` or search with the embedder it was built with")
        self.index = index
        self.embedder = embedder
        self.weights = weights
        self._chunk_keywords = KeywordIndex([index.chunk_text(i) for i in range(len(index.chunks))])
        self._sentence_keywords = KeywordIndex([index.sentence_text(i) for i in range(len(index.sentences))])
        self._transliterate = Transliterator(w for d in index.documents for w in words(d.text))
        self._background = embedder.embed_passages(background_texts())  # what any question meets
        # The first chunk holding each sentence (chunks are sorted by their first sentence).
        self._owners = np.zeros(len(index.sentences), np.int64)
        for c in reversed(range(len(index.chunks))):
            chunk = index.chunks[c]
            self._owners[chunk.first_sentence:chunk.last_sentence + 1] = c

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
        texts = [v for retrieval, focus in pairs for v in retrieval.variants + (focus.variants if focus is not retrieval else [])]
        vectors = self.embedder.embed_queries(texts) if texts else np.zeros((0, self.embedder.dim), np.float32)
        answers, row = [], 0
        for retrieval, focus in pairs:
            retrieval_vectors = vectors[row:row + len(retrieval.variants)]
            row += len(retrieval.variants)
            focus_vectors = retrieval_vectors
            if focus is not retrieval:
                focus_vectors = vectors[row:row + len(focus.variants)]
                row += len(focus.variants)
            answers.append(self._answer(retrieval, retrieval_vectors, focus, focus_vectors, k))
        return answers

    def _answer(self, prepared: "_Prepared", vectors: np.ndarray, focus: "_Prepared", focus_vectors: np.ndarray,
                k: int) -> Answer:
        index, w = self.index, self.weights
        if not index.chunks:
            return Answer(focus.question, prepared.language, False, None, 0.0)
        candidates = self._candidates(vectors)
        chunk_dense = (index.chunk_vectors[candidates] @ vectors.T).max(axis=1)
        keyword = _lookup(self._chunk_keywords.scores(prepared.keyword_query), candidates)
        sentence_keyword = self._sentence_keywords.scores(focus.keyword_query)  # once, not per candidate
        sentence_best = np.empty(len(candidates), np.float32)
        answer_span = np.empty((len(candidates), 2), np.int64)  # first and last answer sentence
        for row, c in enumerate(candidates):
            chunk = index.chunks[c]
            ids = np.arange(chunk.first_sentence, chunk.last_sentence + 1)
            sentence_vectors = index.sentence_vectors[ids]
            dense = (sentence_vectors @ vectors.T).max(axis=1)
            sentence_best[row] = dense.max()
            if focus_vectors is not vectors:  # the follow-up's own words lead; the context breaks ties
                dense = (sentence_vectors @ focus_vectors.T).max(axis=1) + 0.5 * dense
            # Heading lines that lead into a chunk are context, never the answer.
            last_paragraph = index.sentences[chunk.last_sentence].paragraph
            eligible = np.array([index.sentences[i].paragraph == last_paragraph for i in ids])
            first, last = choose_answer(focus.question, focus.language, [index.sentence_text(i) for i in ids], dense,
                                        _lookup(sentence_keyword, ids), eligible, w.answer)
            answer_span[row] = ids[first], ids[last]
        fused = w.chunk * chunk_dense + w.sentence * sentence_best + w.keyword * keyword
        order = np.argsort(-fused)
        passages = self._passages(candidates, order, fused, answer_span, k)
        top = order[0]
        confidence = float(max(chunk_dense[top], sentence_best[top]))
        margin = confidence - float((self._background @ vectors.T).max())
        keywords = self._chunk_keywords
        support, unknown = key_term_evidence(prepared.language, terms(prepared.keyword_query),
                                             set(terms(passages[0].text)), keywords.idf, keywords.__contains__)
        if not answers_question(prepared.language, margin, support, unknown):
            return Answer(focus.question, prepared.language, False, None, confidence, passages)
        return Answer(focus.question, prepared.language, True, passages[0].answer_sentence, confidence, passages)

    def _candidates(self, vectors: np.ndarray) -> np.ndarray:
        index = self.index
        n = min(CANDIDATES, len(index.chunks))
        _, chunk_ids = index.chunk_index.search(vectors, n)
        _, sentence_ids = index.sentence_index.search(vectors, min(CANDIDATES, len(index.sentences)))
        owners = {int(self._owners[s]) for s in sentence_ids.ravel() if s >= 0}
        return np.array(sorted({int(c) for c in chunk_ids.ravel() if c >= 0} | owners), dtype=np.int64)

    def _passages(self, candidates, order, fused, answer_span, k: int) -> list[Passage]:
        index = self.index
        chosen: list[Passage] = []
        for row in order:
            chunk = index.chunks[candidates[row]]
            if any(_near_duplicate(chunk, p) for p in chosen if p.doc_id == index.documents[chunk.doc].doc_id):
                continue
            first, last = (index.sentences[i] for i in answer_span[row])
            document = index.documents[chunk.doc]
            chosen.append(Passage(
                text=document.text[chunk.start:chunk.end], score=float(fused[row]), source=document.title,
                doc_id=document.doc_id, paragraph=chunk.paragraph, start=chunk.start, end=chunk.end,
                answer_start=first.start - chunk.start, answer_end=last.end - chunk.start))
            if len(chosen) == k:
                break
        return chosen


def _lookup(scores: dict[int, float], ids: np.ndarray) -> np.ndarray:
    return np.array([scores.get(int(i), 0.0) for i in ids], np.float32)


def _near_duplicate(chunk, passage: Passage) -> bool:
    """Overlapping chunks sharing more than half of the shorter one are the same passage to a reader."""
    shared = min(chunk.end, passage.end) - max(chunk.start, passage.start)
    return shared > 0.5 * min(chunk.end - chunk.start, passage.end - passage.start)


@dataclass(frozen=True)
class _Prepared:
    question: str
    language: str
    variants: list[str]  # embedded: the question as asked, plus a Devanagari rendering of romanized Hindi
    keyword_query: str  # what the keyword signal matches: Devanagari wherever we can get it


def _prepare(question: str, transliterate: Transliterator) -> _Prepared:
    text = normalise(question or "").replace("\n", " ").strip()
    if not any(ch.isalnum() for ch in text):
        raise EmptyQuestion()
    language = detect_language(text)
    if language == "hi-latn":
        devanagari = transliterate(text)
        return _Prepared(text, language, [text, devanagari], devanagari)
    if language == "en":
        return _Prepared(text, language, [text], f"{text} {transliterate.names(text)}")
    return _Prepared(text, language, [text], text)
