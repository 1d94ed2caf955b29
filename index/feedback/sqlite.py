"""The reader log in a SQLite file beside the index directory (WAL: the bot writes while reports read)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Callable, Iterator

from ..errors import KhabarError
from .store import CHANGED, GONE, RECORDED, REPORTS, SAME, Entry, Reports, entry, report_sql

# AUTOINCREMENT: an id is never given twice, so a button under a forgotten answer can never vote on a newer one.
SCHEMA = """
CREATE TABLE IF NOT EXISTS reader_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS reader_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at REAL NOT NULL, user_hash TEXT NOT NULL,
    question TEXT NOT NULL, language TEXT NOT NULL, declined INTEGER NOT NULL,
    answer TEXT, passage TEXT, doc_id TEXT, title TEXT, url TEXT, tentative INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS reader_questions_user ON reader_questions (user_hash);
CREATE INDEX IF NOT EXISTS reader_questions_asked ON reader_questions (asked_at);
CREATE TABLE IF NOT EXISTS reader_votes (
    question INTEGER NOT NULL REFERENCES reader_questions (id) ON DELETE CASCADE,
    user_hash TEXT NOT NULL, vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), voted_at REAL NOT NULL,
    PRIMARY KEY (question, user_hash));
CREATE INDEX IF NOT EXISTS reader_votes_user ON reader_votes (user_hash);
"""
_READS = {report: report_sql(report, asked="q.asked_at", since="?") for report in REPORTS}


class SQLiteFeedbackStore(Reports):
    def __init__(self, path: Path | str) -> None:
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
            self._add_caveat_column()
        except (OSError, sqlite3.Error) as exc:
            raise KhabarError(f"cannot open the reader log {path} ({exc})") from None
        self._lock = threading.Lock()  # one connection, used by the bot's worker threads in turn

    def _add_caveat_column(self) -> None:
        """A log written before answers had a caveat gains the column. Under the write lock: the bot and a
        report opening an old log at once must not both add it."""
        self._db.execute("BEGIN IMMEDIATE")
        if not any(row[1] == "tentative" for row in self._db.execute("PRAGMA table_info(reader_questions)")):
            self._db.execute("ALTER TABLE reader_questions ADD COLUMN tentative INTEGER NOT NULL DEFAULT 0")
        self._db.execute("COMMIT")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def salt(self, make: Callable[[], bytes]) -> bytes:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO reader_meta (key, value) VALUES ('hash_salt', ?)", (make(),))
            return bytes(db.execute("SELECT value FROM reader_meta WHERE key = 'hash_salt'").fetchone()[0])

    def add(self, entry: Entry, user: str) -> int:
        with self._transaction() as db:
            return db.execute(
                "INSERT INTO reader_questions (asked_at, user_hash, question, language, declined, answer, passage, "
                "doc_id, title, url, tentative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.asked_at, user, entry.question, entry.language, entry.declined, entry.answer, entry.passage,
                 entry.doc_id, entry.title, entry.url, entry.tentative)).lastrowid

    def vote(self, entry_id: int, user: str, vote: int, at: float) -> tuple[str, str | None]:
        with self._transaction() as db:
            row = db.execute("SELECT language FROM reader_questions WHERE id = ? AND NOT declined",
                             (entry_id,)).fetchone()
            if row is None:
                return GONE, None
            before = db.execute("SELECT vote FROM reader_votes WHERE question = ? AND user_hash = ?",
                                (entry_id, user)).fetchone()
            if before is not None and before[0] == vote:
                return SAME, row[0]
            db.execute("INSERT INTO reader_votes (question, user_hash, vote, voted_at) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (question, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                       (entry_id, user, vote, at))
            return (RECORDED if before is None else CHANGED), row[0]

    def forget(self, user: str) -> int:
        with self._transaction() as db:
            votes = db.execute("DELETE FROM reader_votes WHERE user_hash = ?", (user,)).rowcount
            return votes + db.execute("DELETE FROM reader_questions WHERE user_hash = ?", (user,)).rowcount

    def purge(self, before: float) -> int:
        with self._transaction() as db:
            return db.execute("DELETE FROM reader_questions WHERE asked_at < ?", (before,)).rowcount

    def _entries(self, report: str, since: float) -> list[Entry]:
        with self._lock:
            return [entry(row) for row in self._db.execute(_READS[report], (since,)).fetchall()]

    def close(self) -> None:
        self._db.close()

