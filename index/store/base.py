"""The two interfaces every store backend offers: a read view for search, a writer for builds.

Search, the CLI and the bot hold an ``IndexReader``; ``index/build.py`` holds an
``IndexWriter`` inside the backend's build lock. Neither asks which backend it has: the
embedded store (``embedded.py``) and PostgreSQL (``postgres.py``) are chosen once, from
the target (a directory or a ``postgresql://`` URL), by ``open_index``/``open_writer``.
"""

from __future__ import annotations

from typing import ContextManager, Iterable, Protocol

import numpy as np

from ..manifest import Manifest
from .records import Candidates, DocumentInfo, KeywordStats, PassageRecord, PreparedDocument


class IndexReader(Protocol):
    """A committed corpus, read one question at a time; safe to share between threads."""

    manifest: Manifest
    path: object  # where it lives, for messages: a directory, or a URL without its password
    dim: int

    def generation(self) -> int:
        """The generation committed now (cheap: the bot asks per question)."""

    def candidates(self, queries: np.ndarray, query_terms: list[str], n: int) -> Candidates:
        """Nearest chunks of any query vector plus the best keyword matches, BM25-scored."""

    def passages(self, chunk_ids: list[int]) -> dict[int, PassageRecord]:
        """Texts and metadata of these chunks; ids a build removed since are absent."""

    def keyword_stats(self, query_terms: list[str]) -> KeywordStats: ...

    def words_by_skeleton(self, key: str) -> list[tuple[str, str, int]]: ...

    def frequent_words(self, n: int = 50) -> list[str]: ...

    def documents(self, limit: int = 20) -> list[DocumentInfo]: ...

    def document_text(self, doc_id: str) -> str | None: ...

    def sentence_texts(self, limit: int) -> list[str]: ...

    def close(self) -> None: ...


class IndexWriter(Protocol):
    """One build's changes, applied in one transaction: ``begin``, then ``remove``/``add``/``touch``
    as often as needed, then ``commit`` (or ``rollback``). Readers see the corpus before or after."""

    manifest: Manifest | None  # None: nothing readable yet, so everything is (re)built

    def stamps(self) -> dict[str, tuple[int, int, str]]:
        """doc_id → (size, mtime_ns, fingerprint) of every indexed article."""

    def cached_vectors(self, hashes: Iterable[bytes]) -> dict[bytes, np.ndarray]:
        """Vectors already stored for texts with these hashes."""

    def begin(self, everything: bool, keep_vectors: bool) -> None: ...

    def remove(self, doc_ids: Iterable[str]) -> None: ...

    def add(self, documents: list[PreparedDocument]) -> None: ...

    def touch(self, stamps: list[tuple[str, int, int]]) -> None: ...

    def document_count(self) -> int: ...

    def commit(self, manifest: Manifest, changed: bool = True) -> Manifest: ...

    def rollback(self) -> None: ...

    def close(self) -> None: ...


BuildLock = ContextManager[None]  # held for a whole build; a second builder gets IndexLocked at once
