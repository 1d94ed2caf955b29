"""The reader log: what readers asked, what the bot showed them, and their 👍/👎 — never who they are.

It lives where chat state lives: a SQLite file beside the index directory, or tables in the
index's PostgreSQL database. The bot writes it (``ReaderLog``); ``python -m index feedback`` and
``python -m index unanswered`` read it; ``python -m index build`` and the bot enforce retention.

- ``store.py``: what is kept (``Entry``), the one interface (``FeedbackStore``), ``open_store``;
- ``sqlite.py``, ``postgres.py``: the two stores;
- ``log.py``: the bot's view: salted user hashes, signed vote buttons, retention;
- ``groups.py``: questions grouped by similarity (the unanswered-questions report);
- ``replay.py``: voted answers exported as a question set and asked again of the current index.
"""

from __future__ import annotations

from .log import ReaderLog, open_reader_log, purge_expired
from .store import Entry, FeedbackStore, open_store

__all__ = ["Entry", "FeedbackStore", "ReaderLog", "open_reader_log", "open_store", "purge_expired"]
