"""The index on disk: FAISS indexes, records and manifest, swapped in atomically.

``data/index`` is a symlink to a versioned sibling directory (``.index@<stamp>``). A build
writes and fsyncs a complete new directory, then replaces the symlink with ``os.replace``
— atomic on POSIX — so a reader sees either the old index or the new one, and a build
killed at any point leaves the old index answering exactly as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .chunking import Chunk, Sentence
from .errors import IndexDamaged, IndexLocked, IndexNotFound
from .manifest import MANIFEST, Manifest, read_manifest

RECORDS = "records.json"
CHUNK_VECTORS = "chunks.faiss"
SENTENCE_VECTORS = "sentences.faiss"


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    title: str
    text: str


@dataclass
class StoredIndex:
    """An index loaded in memory: everything search needs."""

    path: Path
    version: str  # the versioned directory the symlink pointed at when loaded
    manifest: Manifest
    documents: list[StoredDocument]
    chunks: list[Chunk]
    sentences: list[Sentence]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    chunk_index: faiss.Index
    sentence_index: faiss.Index

    def chunk_text(self, i: int) -> str:
        c = self.chunks[i]
        return self.documents[c.doc].text[c.start:c.end]

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.documents[s.doc].text[s.start:s.end]


def flat_index(vectors: np.ndarray) -> faiss.Index:
    """Exact inner-product index: vectors are L2-normalised, so inner product is cosine.

    A news corpus of even a few thousand articles is ~1e5 sentences, which exact search
    scans in milliseconds with no training step and no recall loss.
    """
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def current_version(path: Path) -> str | None:
    """The versioned directory an index path points at now, or None if there is none."""
    try:
        return os.readlink(path) if path.is_symlink() else (str(path) if path.is_dir() else None)
    except OSError:
        return None


def load_index(path: Path) -> StoredIndex:
    """Load and verify the index at ``path``; domain errors only, never a traceback."""
    path = Path(path)
    if not path.exists():
        raise IndexNotFound(path)
    version = current_version(path) or str(path)
    directory = path.resolve()
    manifest = read_manifest(directory)
    rebuild = "rebuild it with `python -m index build`"
    for name, digest in manifest.files.items():
        try:
            actual = _sha256(directory / name)
        except OSError:
            raise IndexDamaged(f"index at {path} is damaged ({name} is missing) — {rebuild}") from None
        if actual != digest:
            raise IndexDamaged(f"index at {path} is damaged ({name} does not match the manifest) — {rebuild}")
    if set(manifest.files) != {RECORDS, CHUNK_VECTORS, SENTENCE_VECTORS}:
        raise IndexDamaged(f"index at {path} is damaged (manifest lists {sorted(manifest.files)}) — {rebuild}")
    try:
        records = json.loads((directory / RECORDS).read_text(encoding="utf-8"))
        documents = [StoredDocument(**d) for d in records["documents"]]
        chunks = [Chunk(*row) for row in records["chunks"]]
        sentences = [Sentence(*row) for row in records["sentences"]]
        chunk_index = faiss.read_index(str(directory / CHUNK_VECTORS))
        sentence_index = faiss.read_index(str(directory / SENTENCE_VECTORS))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexDamaged(f"index at {path} is damaged ({type(exc).__name__}) — {rebuild}") from None
    if (chunk_index.ntotal, sentence_index.ntotal) != (len(chunks), len(sentences)) or \
            chunk_index.d != manifest.dim or sentence_index.d != manifest.dim:
        raise IndexDamaged(f"index at {path} is damaged (vector counts disagree with records) — {rebuild}")
    return StoredIndex(
        path=path, version=version, manifest=manifest, documents=documents, chunks=chunks, sentences=sentences,
        chunk_vectors=_vectors(chunk_index), sentence_vectors=_vectors(sentence_index),
        chunk_index=chunk_index, sentence_index=sentence_index)


def write_index(path: Path, manifest: Manifest, documents: list[StoredDocument], chunks: list[Chunk],
                sentences: list[Sentence], chunk_vectors: np.ndarray, sentence_vectors: np.ndarray) -> Manifest:
    """Write a complete index next to ``path`` and swap it in atomically. Returns the final manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    name = f".{path.name}@{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    staging = path.parent / (name + ".tmp")
    staging.mkdir()
    try:
        records = {"documents": [d.__dict__ for d in documents],
                   "chunks": [list(c.__dict__.values()) for c in chunks],
                   "sentences": [list(s.__dict__.values()) for s in sentences]}
        (staging / RECORDS).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        faiss.write_index(flat_index(chunk_vectors), str(staging / CHUNK_VECTORS))
        faiss.write_index(flat_index(sentence_vectors), str(staging / SENTENCE_VECTORS))
        files = {n: _sha256(staging / n) for n in (RECORDS, CHUNK_VECTORS, SENTENCE_VECTORS)}
        manifest = Manifest(**{**manifest.__dict__, "files": files})
        (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        for child in staging.iterdir():
            _fsync(child)
        final = path.parent / name
        os.rename(staging, final)
        _fsync(path.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _point(path, name)
    _remove_old_versions(path, keep=name)
    return manifest


@contextlib.contextmanager
def build_lock(path: Path):
    """One build at a time per index path; a second one fails fast instead of racing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(f"another build of {path} is running — wait for it to finish") from None
        yield


def _point(path: Path, name: str) -> None:
    if path.exists() and not path.is_symlink():
        # An index directory from before symlinks (or copied by hand): keep it as a version.
        os.rename(path, path.parent / f".{path.name}@moved-{uuid.uuid4().hex[:6]}")
    link = path.parent / f".{path.name}.link-{uuid.uuid4().hex[:6]}"
    os.symlink(name, link)  # relative, so the data directory can be mounted anywhere
    os.replace(link, path)
    _fsync(path.parent)


def _remove_old_versions(path: Path, keep: str) -> None:
    for old in path.parent.glob(f".{path.name}@*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _vectors(index: faiss.Index) -> np.ndarray:
    return index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
