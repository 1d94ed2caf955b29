"""Where an index lives. One interface for search and the bot, one for builds (``base.py``).

- ``open_index(target)`` → a read view (``IndexReader``): ``candidates``, ``passages``,
  ``keyword_stats``, ``words_by_skeleton``, ``documents``, ``generation`` and ``manifest``.
- ``open_writer(target)`` inside ``build_lock(target)`` → applies one build in one transaction.

``target`` is a directory (the embedded store: SQLite + FAISS files, ``embedded.py``, the
default, no server) or a ``postgresql://`` URL (PostgreSQL + pgvector, ``postgres.py``).
This is the only place that tells them apart.
"""

from __future__ import annotations

from pathlib import Path

from .base import IndexReader, IndexWriter
from .records import Candidates, DocumentInfo, KeywordStats, PassageRecord, PreparedDocument, SentenceRecord

Target = Path | str  # an index directory, or a postgresql:// URL


def is_database_url(target: Target) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def open_index(target: Target) -> IndexReader:
    """The index at ``target``, checked; domain errors only, never a traceback."""
    if is_database_url(target):
        from .postgres import PostgresIndex  # psycopg is only needed by those who use it

        return PostgresIndex(target)
    from .embedded import EmbeddedIndex

    return EmbeddedIndex(Path(target))


def open_writer(target: Target) -> IndexWriter:
    """A writer for one build of ``target``; use it inside ``build_lock(target)``."""
    if is_database_url(target):
        from .postgres import PostgresWriter

        return PostgresWriter(target)
    from .embedded import EmbeddedWriter

    return EmbeddedWriter(Path(target))


def build_lock(target: Target):
    """One build at a time per index; a second one fails fast with IndexLocked."""
    if is_database_url(target):
        from .postgres import build_lock as lock
    else:
        from .embedded import build_lock as lock
    return lock(target if is_database_url(target) else Path(target))


__all__ = ["Candidates", "DocumentInfo", "IndexReader", "IndexWriter", "KeywordStats", "PassageRecord",
           "PreparedDocument", "SentenceRecord", "Target", "build_lock", "is_database_url",
           "open_index", "open_writer"]
