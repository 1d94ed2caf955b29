"""The reader log as tables in the index's PostgreSQL database, shared by every bot replica.

Like the bot's ``chat_state`` table, these are the bot's own tables, created when missing (not part
of the index's migrations: a build never reads them, and the bot's connections to the index are
read-only). A server that is down makes a call raise DatabaseUnavailable.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from typing import Callable, Iterator

import psycopg
from psycopg_pool import PoolTimeout

from ..store.pg_schema import connect, open_pool, unavailable
from .store import CHANGED, GONE, RECORDED, REPORTS, SAME, Entry, Reports, entry, report_sql

# bigserial: an id is never given twice, so a button under a forgotten answer can never vote on a newer one.
SCHEMA = """
CREATE TABLE IF NOT EXISTS reader_meta (key text PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE IF NOT EXISTS reader_questions (
    id bigserial PRIMARY KEY, asked_at timestamptz NOT NULL, user_hash text NOT NULL,
    question text NOT NULL, language text NOT NULL, declined boolean NOT NULL,
    answer text, passage text, doc_id text, title text, url text);
-- A log written before answers had a caveat gains the column. Only then: ALTER needs the table's owner, and
-- a report may read the log as another role.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'reader_questions'::regclass
                   AND attname = 'tentative' AND NOT attisdropped) THEN
        ALTER TABLE reader_questions ADD COLUMN tentative boolean NOT NULL DEFAULT false;
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS reader_questions_user ON reader_questions (user_hash);
CREATE INDEX IF NOT EXISTS reader_questions_asked ON reader_questions (asked_at);
CREATE TABLE IF NOT EXISTS reader_votes (
    question bigint NOT NULL REFERENCES reader_questions ON DELETE CASCADE,
    user_hash text NOT NULL, vote smallint NOT NULL CHECK (vote IN (-1, 1)), voted_at timestamptz NOT NULL,
    PRIMARY KEY (question, user_hash));
CREATE INDEX IF NOT EXISTS reader_votes_user ON reader_votes (user_hash);
"""
_READS = {report: report_sql(report, asked="extract(epoch FROM q.asked_at)", since="to_timestamp(%s)")
          for report in REPORTS}


def _moment(at: float) -> datetime:
    return datetime.fromtimestamp(at, timezone.utc)


def _configure(db: psycopg.Connection) -> None:
    db.autocommit = True  # transactions are explicit (``db.transaction()``)
    db.execute("SET statement_timeout = '5s'")


class PostgresFeedbackStore(Reports):
    def __init__(self, url: str) -> None:
        self.url = url
        self._pool = open_pool(url, _configure, max_size=4)
        with self._connection() as db, db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(hashtext('khabar-reader-log'))")  # replicas starting together
            db.execute(SCHEMA)

    @classmethod
    def open(cls, url: str, create: bool) -> "PostgresFeedbackStore | None":
        if not create:
            with connect(url) as db:
                if db.execute("SELECT to_regclass('reader_questions')").fetchone()[0] is None:
                    return None
        return cls(url)

    @contextlib.contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        try:
            with self._pool.connection() as db:
                yield db
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise unavailable(self.url, exc) from None

    def salt(self, make: Callable[[], bytes]) -> bytes:
        with self._connection() as db:
            db.execute("INSERT INTO reader_meta (key, value) VALUES ('hash_salt', %s) ON CONFLICT DO NOTHING",
                       (make(),))
            return bytes(db.execute("SELECT value FROM reader_meta WHERE key = 'hash_salt'").fetchone()[0])

    def add(self, entry: Entry, user: str) -> int:
        with self._connection() as db:
            return db.execute(
                "INSERT INTO reader_questions (asked_at, user_hash, question, language, declined, answer, passage, "
                "doc_id, title, url, tentative) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (_moment(entry.asked_at), user, entry.question, entry.language, entry.declined, entry.answer,
                 entry.passage, entry.doc_id, entry.title, entry.url, entry.tentative)).fetchone()[0]

    def vote(self, entry_id: int, user: str, vote: int, at: float) -> tuple[str, str | None]:
        with self._connection() as db, db.transaction():
            # The answer's row is locked: presses on it (and a /forget of it) take turns.
            row = db.execute("SELECT language FROM reader_questions WHERE id = %s AND NOT declined FOR UPDATE",
                             (entry_id,)).fetchone()
            if row is None:
                return GONE, None
            before = db.execute("SELECT vote FROM reader_votes WHERE question = %s AND user_hash = %s",
                                (entry_id, user)).fetchone()
            if before is not None and before[0] == vote:
                return SAME, row[0]
            db.execute("INSERT INTO reader_votes (question, user_hash, vote, voted_at) VALUES (%s, %s, %s, %s) "
                       "ON CONFLICT (question, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                       (entry_id, user, vote, _moment(at)))
            return (RECORDED if before is None else CHANGED), row[0]

    def forget(self, user: str) -> int:
        with self._connection() as db, db.transaction():
            votes = db.execute("DELETE FROM reader_votes WHERE user_hash = %s", (user,)).rowcount
            return votes + db.execute("DELETE FROM reader_questions WHERE user_hash = %s", (user,)).rowcount

    def purge(self, before: float) -> int:
        with self._connection() as db:
            return db.execute("DELETE FROM reader_questions WHERE asked_at < %s", (_moment(before),)).rowcount

    def _entries(self, report: str, since: float) -> list[Entry]:
        with self._connection() as db:
            return [entry(row) for row in db.execute(_READS[report], (since,)).fetchall()]

    def close(self) -> None:
        self._pool.close()
