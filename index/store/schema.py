"""The embedded index's SQLite schema, and how connections to it are opened.

One database holds everything but the nearest-neighbour structure: articles with their
metadata, chunks and sentences with their offsets and fp16 vectors, the keyword index
(FTS5, fed with Khabar's own Hindi-aware terms), the vocabulary romanized questions are
matched against, and the manifest. Every build is one transaction, so a reader sees the
corpus before it or after it, never a mix, and a killed build is rolled back by SQLite.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import IndexDamaged

DATABASE = "index.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- AUTOINCREMENT: a row id is never reused, so an id remembered by an older vector index
-- can only point at its own text or at nothing, never at another article's.
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL UNIQUE,          -- path relative to the corpus root
    fingerprint TEXT NOT NULL,            -- sha256 of the file's bytes
    size INTEGER NOT NULL,                -- with mtime_ns: an untouched file is not even read
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    published TEXT, url TEXT, source TEXT, author TEXT, language TEXT,
    published_at REAL,                    -- published as Unix time: newest-first order, freshness
    chunks INTEGER NOT NULL, sentences INTEGER NOT NULL, words INTEGER NOT NULL,
    text TEXT NOT NULL);                  -- normalised; every offset points into it. Last: the other
                                          -- columns are read without walking its overflow pages
CREATE INDEX IF NOT EXISTS documents_published ON documents (published_at);
-- Covers what a build compares, so checking an unchanged archive never touches the texts.
CREATE INDEX IF NOT EXISTS documents_stamps ON documents (doc_id, size, mtime_ns, fingerprint);

CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    first_sentence INTEGER NOT NULL, last_sentence INTEGER NOT NULL,  -- sentence ids, contiguous
    terms INTEGER NOT NULL,               -- keyword terms in it: BM25's length
    term_hashes BLOB NOT NULL,            -- uint32, sorted: which terms (keywords.term_counts) …
    term_counts BLOB NOT NULL,            -- uint16: … and how often, so BM25 needs no re-reading
    hash BLOB NOT NULL,                   -- of the text: the embedding cache's key
    vector BLOB NOT NULL);                -- float16
CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks (hash);

CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    terms INTEGER NOT NULL,               -- keyword terms in it: BM25's length
    hash BLOB NOT NULL,
    vector BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS sentences_document ON sentences (document);
CREATE INDEX IF NOT EXISTS sentences_hash ON sentences (hash);

-- Contentless: the terms are not stored twice. Removing a chunk replays its terms
-- (recomputed from the article's text) through FTS5's 'delete' command.
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_terms USING fts5 (terms, content='', tokenize='ascii');
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocabulary USING fts5vocab (chunk_terms, 'row');

-- Devanagari words of the corpus, for matching romanized questions ("putin" → पुतिन).
CREATE TABLE IF NOT EXISTS vocabulary (
    word TEXT PRIMARY KEY, skeleton TEXT NOT NULL, latin TEXT NOT NULL, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vocabulary_skeleton ON vocabulary (skeleton);
"""


def connect(path: Path, write: bool = False) -> sqlite3.Connection:
    """A connection to the index database; readers get a query-only one.

    WAL lets readers go on reading the last committed corpus while a build writes.
    ``check_same_thread=False``: the bot hands a connection to one worker thread at a time.
    """
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={'FULL' if write else 'NORMAL'}")
        db.execute("PRAGMA cache_size=-16000")  # 16 MB a connection; the OS page cache does the rest
        if write:
            db.executescript(SCHEMA)
        else:
            db.execute("PRAGMA query_only=1")
    except sqlite3.DatabaseError as exc:
        raise IndexDamaged(f"index database {path} is damaged ({exc}) — rebuild it with `python -m index build`") from None
    return db
