"""Building an index: corpus → sentences and chunks → vectors → the store, incrementally.

Only articles whose files changed are read, split and embedded; the rest of the archive is
left as it is. Every change of one build is one transaction of the store.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import numpy as np

from .chunking import ChunkingParams, embedded_text, split_document
from .corpus import CorpusFile, Document, read_article, scan_corpus
from .embedders import Embedder
from .errors import CorpusError
from .language.keywords import terms
from .manifest import FORMAT_VERSION, Manifest
from .store import IndexWriter, PreparedDocument, Target, build_lock, open_writer

BATCH = 32  # texts per embedding call: big enough to keep both cores busy, small enough for a smooth bar
ARTICLES_PER_WRITE = 200  # articles prepared, then written, at a time: memory stays flat on a big archive

Progress = Callable[[int], None]  # called with the number of articles just processed


@dataclass(frozen=True)
class BuildReport:
    documents: int
    chunks: int
    sentences: int
    seconds: float
    tokens: int  # tokens embedded in this build (reused vectors excluded)
    reused: int  # vectors taken from the index instead of embedding again
    embedded: int
    up_to_date: bool = False
    skipped_files: list[str] = field(default_factory=list)
    added: int = 0  # articles new or changed in this build
    removed: int = 0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        if self.up_to_date:
            return (f"index is up to date: {self.documents} documents, {self.chunks} chunks, "
                    f"{self.sentences} sentences ({self.seconds:.2f} s)")
        return (f"built {self.documents} documents, {self.chunks} chunks, {self.sentences} sentences in "
                f"{self.seconds:.1f} s ({self.added} added or changed, {self.removed} removed) — "
                f"{self.tokens_per_second:,.0f} tokens/s, "
                f"{self.reused} of {self.reused + self.embedded} vectors reused from cache")


def build_index(corpus: Path, target: Target, embedder: Embedder, params: ChunkingParams = ChunkingParams(),
                progress: Callable[[int], Progress] | None = None, force: bool = False) -> BuildReport:
    """Build (or refresh) the index at ``target`` (a directory or a database URL) from ``corpus``.

    Files whose size and modification time match the index are not read. Of the rest,
    only text the index has not embedded with this embedder is embedded. A changed
    embedder or chunking (or ``force``) rebuilds every row, reusing vectors where it can.
    ``progress``, if given, is called with the number of articles to process and returns
    the per-batch callback (this is how the CLI drives its progress bar).
    """
    started = time.perf_counter()
    files = scan_corpus(Path(corpus))
    if not files:
        raise CorpusError(f"no readable .txt or .md articles in {corpus} — add UTF-8 articles and build again")
    with build_lock(target):
        writer = open_writer(target)
        try:
            return _build(writer, files, embedder, params, progress, force, started, str(corpus))
        finally:
            writer.close()


def _build(writer: IndexWriter, files: list[CorpusFile], embedder: Embedder, params: ChunkingParams,
           progress, force: bool, started: float, corpus: str) -> BuildReport:
    previous = writer.manifest
    same_embedder = previous is not None and previous.embedder_id == embedder.id
    everything = force or previous is None or not previous.same_recipe(embedder.id, params.as_dict())
    stamps = {} if everything else writer.stamps()
    todo = [f for f in files if stamps.get(f.doc_id, (None, None))[:2] != (f.size, f.mtime_ns)]
    gone = set(stamps) - {f.doc_id for f in files}
    if not todo and not gone and not everything:
        counts = previous.counts
        return BuildReport(counts["documents"], counts["chunks"], counts["sentences"],
                           time.perf_counter() - started, 0, 0, 0, up_to_date=True)
    step = progress(len(todo)) if progress else None
    skipped: list[str] = []
    touched, added, tokens, reused, embedded = [], 0, 0, 0, 0
    writer.begin(everything, keep_vectors=same_embedder)
    try:
        writer.remove(sorted(gone))
        for lo in range(0, len(todo), ARTICLES_PER_WRITE):
            batch = []
            for file in todo[lo:lo + ARTICLES_PER_WRITE]:
                document = read_article(file, skipped)
                stamp = stamps.get(file.doc_id)
                if document is None:
                    if stamp:  # indexed once, unreadable now: its old text must not answer
                        writer.remove([file.doc_id])
                        gone.add(file.doc_id)
                elif stamp and stamp[2] == document.fingerprint:
                    touched.append((file.doc_id, file.size, file.mtime_ns))
                else:
                    batch.append((file, document))
            prepared, counts = _prepare(batch, writer, embedder, params)
            writer.add(prepared)
            added += len(prepared)
            tokens, reused, embedded = tokens + counts[0], reused + counts[1], embedded + counts[2]
            if step:
                step(len(todo[lo:lo + ARTICLES_PER_WRITE]))
        writer.touch(touched)
        manifest = Manifest(
            embedder_id=embedder.id, embedder_name=embedder.name, dim=embedder.dim, chunking=params.as_dict(),
            counts={}, built_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - started, 3))
        changed = bool(added or gone or everything)
        if changed and writer.document_count() == 0:
            raise CorpusError(f"no readable .txt or .md articles in {corpus} — add UTF-8 articles and build again")
        manifest = writer.commit(manifest, changed=changed)
    except BaseException:
        writer.rollback()
        raise
    counts = manifest.counts
    return BuildReport(counts["documents"], counts["chunks"], counts["sentences"], time.perf_counter() - started,
                       tokens, reused, embedded, up_to_date=not changed, skipped_files=skipped, added=added,
                       removed=len(gone))


def _prepare(batch: list[tuple[CorpusFile, Document]], writer: IndexWriter, embedder: Embedder,
             params: ChunkingParams) -> tuple[list[PreparedDocument], tuple[int, int, int]]:
    """Split and embed a batch of articles; vectors the index already has are reused."""
    splits = [split_document(0, d, 0, embedder.count_tokens, params) for _, d in batch]
    texts = [[d.text[s.start:s.end] for s in sentences] + [embedded_text(d, c, params) for c in chunks]
             for (_, d), (sentences, chunks) in zip(batch, splits)]
    keys = [[_key(t) for t in ts] for ts in texts]
    cache = writer.cached_vectors(k for ks in keys for k in ks)
    reused = sum(k in cache for ks in keys for k in ks)
    todo = list({k: t for ts, ks in zip(texts, keys) for t, k in zip(ts, ks) if k not in cache}.items())
    tokens = 0
    for lo in range(0, len(todo), BATCH):
        part = todo[lo:lo + BATCH]
        for (key, _), vector in zip(part, embedder.embed_passages([t for _, t in part])):
            cache[key] = vector
        tokens += sum(embedder.count_tokens(t) for _, t in part)
    prepared = []
    for (file, document), (sentences, chunks), ks, ts in zip(batch, splits, keys, texts):
        n = len(sentences)
        vectors = _stack([cache[k] for k in ks], embedder.dim)
        fetched = document.date_source == "fetched"  # the ingester's stand-in for a missing date
        prepared.append(PreparedDocument(
            doc_id=document.doc_id, title=document.title, text=document.text, fingerprint=document.fingerprint,
            size=file.size, mtime_ns=file.mtime_ns, published=None if fetched else document.published,
            fetched=document.published if fetched else None, url=document.url,
            source=document.source, author=document.author, language=document.language,
            words=len(document.text.split()),
            sentences=[(s.paragraph, s.start, s.end, len(terms(t)), k)
                       for s, t, k in zip(sentences, ts[:n], ks[:n])],
            sentence_vectors=vectors[:n],
            chunks=[(c.paragraph, c.start, c.end, c.first_sentence, c.last_sentence, k)
                    for c, k in zip(chunks, ks[n:])],
            chunk_vectors=vectors[n:]))
    return prepared, (tokens, reused, len(todo))


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _stack(vectors: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32)


__all__ = ["BuildReport", "build_index", "FORMAT_VERSION"]
