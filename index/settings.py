"""Index settings: declared once with defaults, read from flags first, then KHABAR_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .embedders import DEFAULT_EMBEDDER
from .errors import KhabarError
from .store import Target, is_database_url

DEFAULT_INDEX_DIR = "data/index"
DEFAULT_CORPUS_DIR = "corpus"
DEFAULT_RETENTION_DAYS = 90  # how long the reader log keeps a question and its votes


@dataclass(frozen=True)
class IndexSettings:
    index_dir: Path
    corpus_dir: Path
    embedder: str
    database: str | None = None  # a postgresql:// URL: the index lives there instead of in index_dir
    database_read: str | None = None  # a read replica of ``database``: searches go there, writes never do
    retention_days: int = DEFAULT_RETENTION_DAYS  # the reader log forgets questions older than this
    hash_salt: str | None = field(default=None, repr=False)  # KHABAR_HASH_SALT: see index/feedback/log.py

    @property
    def target(self) -> Target:
        """Where the index is: the database when one is set, else the directory."""
        return self.database or self.index_dir

    @property
    def read_target(self) -> Target:
        """Where searches read the index: the read replica when one is set."""
        return self.database_read or self.target

    @classmethod
    def resolve(cls, index_dir: str | None = None, corpus_dir: str | None = None,
                embedder: str | None = None, database: str | None = None, database_read: str | None = None,
                env: dict | None = None) -> "IndexSettings":
        env = os.environ if env is None else env
        database = database or env.get("KHABAR_DATABASE_URL") or None
        database_read = database_read or env.get("KHABAR_DATABASE_READ_URL") or None
        for value, name in ((database, "KHABAR_DATABASE_URL / --database"),
                            (database_read, "KHABAR_DATABASE_READ_URL / --database-read")):
            if value and not is_database_url(value):
                raise KhabarError(f"{name} must be a PostgreSQL URL, like "
                                  f"postgresql://khabar@localhost/khabar — not {value!r}")
        if database_read and not database:
            raise KhabarError("KHABAR_DATABASE_READ_URL / --database-read names a read replica: set "
                              "KHABAR_DATABASE_URL / --database to its primary too (builds and chat state go there)")
        retention = env.get("KHABAR_RETENTION_DAYS") or str(DEFAULT_RETENTION_DAYS)
        if not retention.isdigit() or int(retention) < 1:
            raise KhabarError(f"KHABAR_RETENTION_DAYS must be a whole number of days, at least 1 — not {retention!r}")
        return cls(index_dir=Path(index_dir or env.get("KHABAR_INDEX_DIR") or DEFAULT_INDEX_DIR),
                   corpus_dir=Path(corpus_dir or env.get("KHABAR_CORPUS_DIR") or DEFAULT_CORPUS_DIR),
                   embedder=embedder or env.get("KHABAR_EMBEDDER") or DEFAULT_EMBEDDER, database=database,
                   database_read=database_read, retention_days=int(retention),
                   hash_salt=env.get("KHABAR_HASH_SALT") or None)
