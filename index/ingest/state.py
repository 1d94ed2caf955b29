"""What ingestion remembers, in one SQLite file inside the corpus: ``.khabar/ingest.sqlite``.

- ``seen``: every URL (or feed entry key) already handled, and the article file holding its story,
  so nothing is fetched or stored twice.
- ``validators``: a feed's ETag and Last-Modified, for conditional GETs.
- ``articles`` and ``bands``: each stored article's MinHash signature, banded, for near-duplicates.

The folder's name starts with a dot, so ``read_corpus`` skips it. Changes are made inside
``transaction()``, which takes SQLite's write lock, so an ``add`` and a ``follow`` on one corpus
do not store the same story twice.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import KhabarError
from . import dedupe

STATE_PATH = Path(".khabar") / "ingest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, url TEXT,
                                     published TEXT, signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands (bucket INTEGER NOT NULL, article INTEGER NOT NULL,
                                  PRIMARY KEY (bucket, article)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, file TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT);
"""


class IngestState:
    def __init__(self, corpus: Path) -> None:
        path = Path(corpus) / STATE_PATH
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: transactions are opened explicitly, with the write lock taken up front
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise KhabarError(f"cannot keep ingestion state in {path} ({exc}) — the corpus directory must be "
                              "writable") from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self):
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def seen(self, key: str) -> str | None:
        """The file holding the story ``key`` led to, if it was handled before."""
        row = self._db.execute("SELECT file FROM seen WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def mark_seen(self, key: str, file: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO seen (key, file) VALUES (?, ?)", (key, file))

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute("SELECT etag, last_modified FROM validators WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if etag or last_modified:
            self._db.execute("INSERT OR REPLACE INTO validators VALUES (?, ?, ?)", (url, etag, last_modified))

    def files(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT file FROM articles")}

    def near_duplicate(self, sig: np.ndarray) -> tuple[str, str | None] | None:
        """(file, published) of the most similar stored article at or above the threshold, if any."""
        keys = dedupe.band_keys(sig)
        rows = self._db.execute(
            f"SELECT DISTINCT a.file, a.published, a.signature FROM bands b JOIN articles a ON a.id = b.article "
            f"WHERE b.bucket IN ({','.join('?' * len(keys))})", keys).fetchall()
        scored = [(dedupe.similarity(sig, np.frombuffer(blob, dtype=np.uint32)), file, published)
                  for file, published, blob in rows]
        best = max(scored, default=None)
        return (best[1], best[2]) if best and best[0] >= dedupe.THRESHOLD else None

    def record(self, file: str, url: str | None, published: str | None, sig: np.ndarray) -> None:
        """Store (or replace) the article in ``file`` with its signature."""
        row = self._db.execute("SELECT id, signature FROM articles WHERE file = ?", (file,)).fetchone()
        if row:
            old = dedupe.band_keys(np.frombuffer(row[1], dtype=np.uint32))  # by primary key: no scan
            self._db.executemany("DELETE FROM bands WHERE bucket = ? AND article = ?", [(k, row[0]) for k in old])
            self._db.execute("UPDATE articles SET url = ?, published = ?, signature = ? WHERE id = ?",
                             (url, published, sig.astype(np.uint32).tobytes(), row[0]))
            article = row[0]
        else:
            article = self._db.execute("INSERT INTO articles (file, url, published, signature) VALUES (?, ?, ?, ?)",
                                       (file, url, published, sig.astype(np.uint32).tobytes())).lastrowid
        self._db.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)", [(k, article) for k in dedupe.band_keys(sig)])
