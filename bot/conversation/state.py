"""Per-chat state kept outside the bot's process, so replicas answer one conversation as one bot.

What a chat needs between messages: the question a follow-up leans on (and when it was
asked), the chat's /lang choice, and the answer whose passages "more" pages through.
A follow-up or a "more" press that reaches another replica finds it here.

- ``SQLiteChatStore``: a file next to the index (outside the index directory, so rebuilds
  never touch it); several processes on one machine share it (WAL). ``:memory:`` for tests.
- ``PostgresChatStore``: a table in the index's database, when one is configured.

Both are bounded: chats idle for ``max_idle`` seconds are forgotten, and only the
``max_chats`` most recently active are kept. Times are wall-clock (every replica agrees).

Every change is one ``update``: read, change and write in one transaction that holds the
chat's row (SQLite: the database's write lock), so two replicas changing one chat at once
wait for each other instead of one overwriting the other's change — a /lang on one replica
survives a question answered meanwhile on the other, and two "more" presses page on twice.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Protocol, TypeVar

from index.search import Answer, Passage

T = TypeVar("T")
MAX_IDLE = 30 * 24 * 3600.0  # seconds: a chat silent for a month starts afresh


@dataclass
class ChatState:
    last_question: str | None = None
    last_answer: Answer | None = None
    asked_at: float = 0.0
    language: str = "auto"  # "auto", "hi", "en" or "hi-latn": the language of the bot's own words
    shown: int = 1  # passages of last_answer already shown
    asked_in: str | None = None  # the language of the chat's last message, answered or not: for /latest


def encode(state: ChatState) -> str:
    return json.dumps(asdict(state), ensure_ascii=False)


def decode(text: str) -> ChatState:
    data = json.loads(text)
    answer = data.pop("last_answer")
    if answer is not None:
        answer = Answer(**{**answer, "passages": [Passage(**p) for p in answer["passages"]]})
    return ChatState(**data, last_answer=answer)


class ChatStore(Protocol):
    def load(self, chat_id: int) -> ChatState | None: ...

    def update(self, chat_id: int, change: Callable[[ChatState], T]) -> T:
        """Apply ``change`` to the chat's current state (a fresh one if none) and store it atomically,
        marking the chat as just active (forgetting the stalest beyond the bounds); ``change``'s result."""

    def drop(self, chat_id: int) -> None: ...

    def __len__(self) -> int: ...

    def __contains__(self, chat_id: int) -> bool: ...


class SQLiteChatStore:
    def __init__(self, path: Path | str = ":memory:", max_chats: int = 10_000, max_idle: float = MAX_IDLE) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.max_chats, self.max_idle = max_chats, max_idle
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        self._lock = threading.Lock()  # one connection, used by the bot's worker threads in turn
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS chats (chat_id INTEGER PRIMARY KEY, state TEXT NOT NULL, "
                             "touched REAL NOT NULL)")
            self._db.execute("CREATE INDEX IF NOT EXISTS chats_touched ON chats (touched)")

    def load(self, chat_id: int) -> ChatState | None:
        with self._lock:
            row = self._db.execute("SELECT state FROM chats WHERE chat_id = ? AND touched >= ?",
                                   (chat_id, time.time() - self.max_idle)).fetchone()
        return decode(row[0]) if row else None

    def update(self, chat_id: int, change: Callable[[ChatState], T]) -> T:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")  # the write lock first: other processes' updates wait
            try:
                now = time.time()
                row = self._db.execute("SELECT state FROM chats WHERE chat_id = ? AND touched >= ?",
                                       (chat_id, now - self.max_idle)).fetchone()
                state = decode(row[0]) if row else ChatState()
                result = change(state)
                self._db.execute("INSERT INTO chats (chat_id, state, touched) VALUES (?, ?, ?) ON CONFLICT (chat_id) "
                                 "DO UPDATE SET state = excluded.state, touched = excluded.touched",
                                 (chat_id, encode(state), now))
                self._db.execute("DELETE FROM chats WHERE touched < ? OR chat_id IN "
                                 "(SELECT chat_id FROM chats ORDER BY touched DESC LIMIT -1 OFFSET ?)",
                                 (now - self.max_idle, self.max_chats))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return result

    def drop(self, chat_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM chats WHERE chat_id = ?", (chat_id,))

    def __len__(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM chats").fetchone()[0]

    def __contains__(self, chat_id: int) -> bool:
        return self.load(chat_id) is not None


class PostgresChatStore:
    """The same table in PostgreSQL. A server that is down makes a call raise DatabaseUnavailable,
    which the bot answers with its polite "try again"; the pool reconnects by itself."""

    def __init__(self, url: str, max_chats: int = 10_000, max_idle: float = MAX_IDLE) -> None:
        from index.store.pg_schema import open_pool

        self.url, self.max_chats, self.max_idle = url, max_chats, max_idle
        self._pool = open_pool(url, _autocommit, max_size=4)
        self._run("CREATE TABLE IF NOT EXISTS chat_state (chat_id bigint PRIMARY KEY, state jsonb NOT NULL, "
                  "touched timestamptz NOT NULL DEFAULT clock_timestamp())")
        self._run("CREATE INDEX IF NOT EXISTS chat_state_touched ON chat_state (touched)")

    @contextmanager
    def _connection(self):
        """A pooled connection; a server that is down or gone away becomes DatabaseUnavailable."""
        import psycopg
        from psycopg_pool import PoolTimeout

        from index.store.pg_schema import unavailable

        try:
            with self._pool.connection() as db:
                yield db
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise unavailable(self.url, exc) from None

    def _run(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._connection() as db:
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def load(self, chat_id: int) -> ChatState | None:
        rows = self._run("SELECT state::text FROM chat_state WHERE chat_id = %s "
                         "AND touched >= clock_timestamp() - make_interval(secs => %s)", (chat_id, self.max_idle))
        return decode(rows[0][0]) if rows else None

    def update(self, chat_id: int, change: Callable[[ChatState], T]) -> T:
        with self._connection() as db, db.transaction():
            # The row must exist to be locked: a chat's first two turns, on two replicas, wait for each other too.
            db.execute("INSERT INTO chat_state (chat_id, state) VALUES (%s, %s::jsonb) "
                       "ON CONFLICT (chat_id) DO NOTHING", (chat_id, encode(ChatState())))
            text, fresh = db.execute(
                "SELECT state::text, touched >= clock_timestamp() - make_interval(secs => %s) FROM chat_state "
                "WHERE chat_id = %s FOR UPDATE", (self.max_idle, chat_id)).fetchone()
            state = decode(text) if fresh else ChatState()
            result = change(state)
            db.execute("UPDATE chat_state SET state = %s::jsonb, touched = clock_timestamp() WHERE chat_id = %s",
                       (encode(state), chat_id))
        # Never the chat just updated: on a busy server its own "touched" may already look idle to a tiny max_idle.
        self._run("DELETE FROM chat_state WHERE chat_id <> %s AND (touched < clock_timestamp() - make_interval(secs => %s) "
                  "OR chat_id IN (SELECT chat_id FROM chat_state ORDER BY touched DESC OFFSET %s))",
                  (chat_id, self.max_idle, self.max_chats))
        return result

    def drop(self, chat_id: int) -> None:
        self._run("DELETE FROM chat_state WHERE chat_id = %s", (chat_id,))

    def __len__(self) -> int:
        return self._run("SELECT count(*) FROM chat_state")[0][0]

    def __contains__(self, chat_id: int) -> bool:
        return self.load(chat_id) is not None

    def close(self) -> None:
        self._pool.close()


def _autocommit(db) -> None:
    db.autocommit = True
    db.execute("SET statement_timeout = '5s'")


def open_chat_store(database: str | None, index_dir: Path, max_chats: int) -> ChatStore:
    """The database's table when the index is in PostgreSQL, else a file beside the index directory."""
    if database:
        return PostgresChatStore(database, max_chats)
    return SQLiteChatStore(Path(index_dir).parent / "chat-state.sqlite", max_chats)
