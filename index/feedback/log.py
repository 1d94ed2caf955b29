"""The reader log as the bot uses it: who asked is a salted hash, buttons are signed, old rows expire.

The salt (the HMAC-SHA256 key for user ids and vote buttons) must be the same on every replica and
survive restarts, or /forget could not find a user's rows and yesterday's buttons would stop working:
- ``KHABAR_HASH_SALT`` when set. Keep it apart from the database (a secret store): whoever reads
  the database then cannot tell whose questions these are. Changing it orphans the rows hashed with
  the old one (/forget no longer finds them; retention still removes them).
- Otherwise a random salt made on first use and kept in the store itself. Nothing to configure, but
  whoever gets a copy of the database gets the salt too, and Telegram user ids are few enough to try
  them all: the hashes then keep ids out of reports and logs, not out of reach of a determined
  database thief. Set ``KHABAR_HASH_SALT`` where that matters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
import time

from ..search import Answer
from ..settings import IndexSettings
from .store import Entry, FeedbackStore, open_store

log = logging.getLogger(__name__)
DAY = 86_400.0
PURGE_EVERY = 3_600.0  # seconds: the bot enforces retention at start, then at most hourly as it logs


def purge_expired(store: FeedbackStore, retention_days: int, now: float | None = None) -> int:
    """Delete what is older than the retention period; how many rows went."""
    return store.purge((time.time() if now is None else now) - retention_days * DAY)


class ReaderLog:
    def __init__(self, store: FeedbackStore, retention_days: int, salt: str | None = None, clock=time.time) -> None:
        self.store, self.retention_days, self._clock = store, retention_days, clock
        self.key = salt.encode() if salt else store.salt(lambda: secrets.token_bytes(32))
        self._lock = threading.Lock()
        self._purged_at = float("-inf")
        self.purge()

    def _mac(self, message: str) -> bytes:
        return hmac.new(self.key, message.encode(), hashlib.sha256).digest()

    def user(self, user_id: int) -> str:
        """The only form in which a user is stored: HMAC-SHA256 of the id, in hex."""
        return self._mac(f"user:{user_id}").hex()

    def tag(self, entry_id: int) -> str:
        """11 characters that only this log could have written for ``entry_id`` (vote buttons carry it)."""
        return base64.urlsafe_b64encode(self._mac(f"vote:{entry_id}")[:8]).decode().rstrip("=")

    def signed(self, entry_id: int, tag: str) -> bool:
        return hmac.compare_digest(self.tag(entry_id), tag)

    def log(self, user_id: int, answer: Answer) -> int:
        """Keep a question and what was shown for it; its id."""
        now = self._clock()
        self._purge_hourly(now)
        top = answer.passages[0] if answer.answered and answer.passages else None
        entry = Entry(0, now, answer.question, answer.language, declined=top is None,
                      answer=answer.answer if top else None, passage=top.text if top else None,
                      doc_id=top.doc_id if top else None, title=top.source if top else None,
                      url=top.url if top else None, tentative=bool(top and answer.tentative))
        return self.store.add(entry, self.user(user_id))

    def vote(self, entry_id: int, user_id: int, up: bool) -> tuple[str, str | None]:
        return self.store.vote(entry_id, self.user(user_id), 1 if up else -1, self._clock())

    def forget(self, user_id: int) -> int:
        return self.store.forget(self.user(user_id))

    def purge(self) -> int:
        now = self._clock()
        with self._lock:
            self._purged_at = now
        removed = purge_expired(self.store, self.retention_days, now)
        if removed:
            log.info("reader log: %d rows older than %d days removed", removed, self.retention_days)
        return removed

    def _purge_hourly(self, now: float) -> None:
        with self._lock:
            due = now - self._purged_at >= PURGE_EVERY
        if due:
            self.purge()


def open_reader_log(settings: IndexSettings) -> ReaderLog:
    """The bot's reader log, where its chat state is: the index's database, or a file beside its directory."""
    return ReaderLog(open_store(settings.target), settings.retention_days, settings.hash_salt)
