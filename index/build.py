"""Building an index: corpus → sentences and chunks → vectors → FAISS, atomically."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from .chunking import Chunk, ChunkingParams, Sentence, split_document
from .corpus import Document, read_corpus
from .embedders import Embedder
from .errors import KhabarError
from .manifest import DocumentEntry, Manifest
from .store import StoredDocument, StoredIndex, build_lock, load_index, write_index

BATCH = 32  # texts per embedding call: big enough to keep both cores busy, small enough for a smooth bar

Progress = Callable[[int], None]  # called with the number of texts just embedded


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    sentences: int
    seconds: float
    tokens: int  # tokens embedded in this build (reused vectors excluded)
    reused: int  # vectors taken from the previous index instead of embedding again
    embedded: int
    up_to_date: bool = False
    skipped_files: list[str] = field(default_factory=list)

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        if self.up_to_date:
            return (f"index is up to date: {self.documents} documents, {self.chunks} chunks, "
                    f"{self.sentences} sentences ({self.seconds:.2f} s)")
        return (f"built {self.documents} documents, {self.chunks} chunks, {self.sentences} sentences in "
                f"{self.seconds:.1f} s — {self.tokens_per_second:,.0f} tokens/s, "
                f"{self.reused} of {self.reused + self.embedded} vectors reused from cache")


def build_index(corpus: Path, index_path: Path, embedder: Embedder, params: ChunkingParams = ChunkingParams(),
                progress: Callable[[int], Progress] | None = None, force: bool = False) -> BuildReport:
    """Build (or refresh) the index at ``index_path`` from the articles in ``corpus``.

    Nothing is written when the corpus, embedder and chunking are unchanged. Otherwise
    only texts the previous index has not embedded with this embedder are embedded.
    ``progress``, if given, is called with the number of texts to embed and returns the
    per-batch callback (this is how the CLI drives its progress bar).
    """
    started = time.perf_counter()
    skipped: list[str] = []
    documents = read_corpus(Path(corpus), skipped)
    with build_lock(Path(index_path)):
        previous = _previous(Path(index_path), embedder.id)
        fingerprints = [(d.doc_id, d.fingerprint) for d in documents]
        if previous and not force and previous.manifest.same_inputs(embedder.id, params.as_dict(), fingerprints):
            counts = previous.manifest.counts
            return BuildReport(counts["documents"], counts["chunks"], counts["sentences"],
                               time.perf_counter() - started, 0, 0, 0, up_to_date=True, skipped_files=skipped)
        sentences, chunks, entries = _split(documents, embedder, params)
        texts = ([_span_text(documents, s) for s in sentences], [_span_text(documents, c) for c in chunks])
        cache = _cache(previous)
        todo = [t for t in dict.fromkeys(texts[0] + texts[1]) if _key(t) not in cache]
        step = progress(len(todo)) if progress else None
        tokens = 0
        for lo in range(0, len(todo), BATCH):
            batch = todo[lo:lo + BATCH]
            for text, vector in zip(batch, embedder.embed_passages(batch)):
                cache[_key(text)] = vector
            tokens += sum(embedder.count_tokens(t) for t in batch)
            if step:
                step(len(batch))
        sentence_vectors = _stack([cache[_key(t)] for t in texts[0]], embedder.dim)
        chunk_vectors = _stack([cache[_key(t)] for t in texts[1]], embedder.dim)
        seconds = time.perf_counter() - started
        manifest = Manifest(
            embedder_id=embedder.id, embedder_name=embedder.name, dim=embedder.dim, chunking=params.as_dict(), documents=entries,
            counts={"documents": len(documents), "chunks": len(chunks), "sentences": len(sentences), "tokens": tokens},
            built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), build_seconds=round(seconds, 3))
        write_index(Path(index_path), manifest, [StoredDocument(d.doc_id, d.title, d.text) for d in documents],
                    chunks, sentences, chunk_vectors, sentence_vectors)
    unique = len(dict.fromkeys(texts[0] + texts[1]))
    return BuildReport(len(documents), len(chunks), len(sentences), time.perf_counter() - started, tokens,
                       reused=unique - len(todo), embedded=len(todo), skipped_files=skipped)


def _split(documents: list[Document], embedder: Embedder, params: ChunkingParams):
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    entries = []
    for i, document in enumerate(documents):
        doc_sentences, doc_chunks = split_document(i, document, len(sentences), embedder.count_tokens, params)
        sentences += doc_sentences
        chunks += doc_chunks
        entries.append(DocumentEntry(document.doc_id, document.title, document.fingerprint,
                                     len(doc_chunks), len(doc_sentences)))
    return sentences, chunks, entries


def _span_text(documents: list[Document], span) -> str:
    return documents[span.doc].text[span.start:span.end]


def _previous(index_path: Path, embedder_id: str) -> StoredIndex | None:
    """The index being replaced, if it is readable: its vectors are the embedding cache."""
    try:
        previous = load_index(index_path)
    except KhabarError:
        return None
    return previous if previous.manifest.embedder_id == embedder_id else None


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _cache(previous: StoredIndex | None) -> dict[bytes, np.ndarray]:
    if previous is None:
        return {}
    cache = {_key(previous.sentence_text(i)): v for i, v in enumerate(previous.sentence_vectors)}
    cache.update({_key(previous.chunk_text(i)): v for i, v in enumerate(previous.chunk_vectors)})
    return cache


def _stack(vectors: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)
