"""What the store hands to search (candidate rows as arrays, passages as records), and what a build hands to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np


@dataclass(frozen=True)
class Candidates:
    """Chunks that may answer a question, with everything fusion needs, as arrays.

    Sentences are grouped by chunk: those of chunk ``i`` are rows
    ``sentence_offsets[i]:sentence_offsets[i + 1]`` of the sentence arrays.
    """

    chunk_ids: np.ndarray  # int64 (n,)
    documents: np.ndarray  # int64 (n,), the article's row id: passages of one article are deduplicated
    starts: np.ndarray  # int64 (n,), character offsets in the article
    ends: np.ndarray
    chunk_vectors: np.ndarray  # float32 (n, d)
    keyword: np.ndarray  # float32 (n,), BM25 divided by the best score the query could reach
    sentence_vectors: np.ndarray  # float32 (m, d)
    sentence_offsets: np.ndarray  # int64 (n + 1,)
    published: np.ndarray  # float64 (n,), the article's publication as Unix time, NaN when unknown

    def __len__(self) -> int:
        return len(self.chunk_ids)


@dataclass(frozen=True)
class SentenceRecord:
    start: int  # offsets in the article
    end: int
    paragraph: int
    terms: int  # keyword terms: BM25's length


@dataclass(frozen=True)
class PassageRecord:
    chunk_id: int
    text: str
    start: int
    end: int
    paragraph: int
    sentences: list[SentenceRecord]
    doc_id: str
    title: str
    url: str | None
    published: str | None
    outlet: str | None


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    published: str | None
    url: str | None
    outlet: str | None
    chunks: int
    sentences: int


@dataclass(frozen=True)
class KeywordStats:
    """What BM25 needs beyond the matches: corpus size, term document frequencies, lengths."""

    chunks: int
    df: dict[str, int]  # chunks holding each query term
    average_chunk_terms: float
    average_sentence_terms: float

    @classmethod
    def from_counts(cls, counts: dict[str, int], df: dict[str, int]) -> "KeywordStats":
        """From the manifest's counts (chunks, sentences, chunk_terms, sentence_terms) and the terms' df."""
        chunks, sentences = counts.get("chunks", 0), counts.get("sentences", 0)
        return cls(chunks=chunks, df=df, average_chunk_terms=counts.get("chunk_terms", 0) / max(chunks, 1),
                   average_sentence_terms=counts.get("sentence_terms", 0) / max(sentences, 1))


@dataclass(frozen=True)
class PreparedDocument:
    """An article split and embedded, ready to be written: rows in the schema's order."""

    doc_id: str
    title: str
    text: str
    fingerprint: str
    size: int
    mtime_ns: int
    published: str | None  # the outlet's own date: what citations show
    url: str | None
    source: str | None
    author: str | None
    language: str | None
    words: int
    sentences: list[tuple[int, int, int, int, bytes]]  # paragraph, start, end, terms, hash
    sentence_vectors: np.ndarray
    chunks: list[tuple[int, int, int, int, int, bytes]]  # paragraph, start, end, first, last (0-based in doc), hash
    chunk_vectors: np.ndarray
    # When the outlet gave no date, the time the article was fetched: it places the article among
    # the others (newest first, freshness) but is never cited as the day it was published.
    fetched: str | None = None

    @property
    def published_at(self) -> float | None:
        """The article's date (or else its fetch time) as Unix time; None when absent or unreadable."""
        moment = self.published or self.fetched
        try:
            return datetime.fromisoformat(moment).timestamp() if moment else None
        except ValueError:
            return None
