"""What the reader log keeps, the interface both stores offer, and which store a target has.

Kept per question: its text and language, whether the bot declined it or answered with a caveat, the
answer shown (sentence, passage, article id, title and link), when, and a salted hash of the asker's user id; per vote:
the answer, the voter's hash, +1 or −1. Never names, usernames or raw ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from ..store import Target, is_database_url

FILE = "feedback.sqlite"  # beside the index directory, like the bot's chat-state.sqlite: rebuilds never touch it


@dataclass(frozen=True)
class Entry:
    """One logged question and what the bot showed for it; ``up``/``down`` count its votes."""

    id: int
    asked_at: float  # Unix time
    question: str
    language: str
    declined: bool
    answer: str | None = None  # the answer sentence(s) shown
    passage: str | None = None  # the passage it came from
    doc_id: str | None = None
    title: str | None = None
    url: str | None = None
    up: int = 0
    down: int = 0
    tentative: bool = False  # answered with a caveat (``Answer.tentative``)


def entry(row) -> Entry:
    """An Entry from a row of ``report_sql``."""
    return Entry(row[0], float(row[1]), row[2], row[3], bool(row[4]), *row[5:10], up=int(row[10]), down=int(row[11]),
                 tentative=bool(row[12]))


# Which entries a report reads: answers with votes, declined questions, answers given with a caveat.
VOTED, DECLINED, TENTATIVE = "voted", "declined", "tentative"
_JOINS = {VOTED: ("JOIN", "NOT q.declined"), DECLINED: ("LEFT JOIN", "q.declined"),
          TENTATIVE: ("LEFT JOIN", "q.tentative")}
REPORTS = tuple(_JOINS)


def report_sql(report: str, asked: str, since: str) -> str:
    """A report's read (VOTED, DECLINED or TENTATIVE), for both stores: its entries asked since a time.

    ``asked``: the store's expression for ``asked_at`` as Unix time; ``since``: its placeholder for one.
    """
    join, which = _JOINS[report]
    return ("SELECT q.id, " + asked + ", q.question, q.language, q.declined, q.answer, q.passage, q.doc_id, q.title, "
            "q.url, count(v.vote) FILTER (WHERE v.vote = 1), count(v.vote) FILTER (WHERE v.vote = -1), q.tentative "
            f"FROM reader_questions q {join} reader_votes v ON v.question = q.id "
            f"WHERE q.asked_at >= {since} AND {which} "
            "GROUP BY q.id ORDER BY q.asked_at DESC, q.id DESC")


# What a vote did: counted, replaced the voter's other vote, changed nothing, or found no answer to count for.
RECORDED, CHANGED, SAME, GONE = "recorded", "changed", "same", "gone"


class Reports:
    """The three reads, for a store whose ``_entries(report, since)`` runs ``report_sql`` in its dialect."""

    def _entries(self, report: str, since: float) -> list[Entry]:
        raise NotImplementedError

    def voted(self, since: float) -> list[Entry]:
        return self._entries(VOTED, since)

    def declined(self, since: float) -> list[Entry]:
        return self._entries(DECLINED, since)

    def tentative(self, since: float) -> list[Entry]:
        return self._entries(TENTATIVE, since)


class FeedbackStore(Protocol):
    """Every write is one transaction; safe to share between threads."""

    def salt(self, make: Callable[[], bytes]) -> bytes:
        """The salt kept in the store; the first caller ever stores ``make()``, everyone gets the same."""

    def add(self, entry: Entry, user: str) -> int:
        """Log ``entry`` (its id is ignored) for the user with hash ``user``; its new id (never reused)."""

    def vote(self, entry_id: int, user: str, vote: int, at: float) -> tuple[str, str | None]:
        """Set ``user``'s vote (+1/−1) on an answered entry: (RECORDED|CHANGED|SAME|GONE, its language)."""

    def forget(self, user: str) -> int:
        """Delete the user's questions (with every vote on them) and votes; how many rows went."""

    def purge(self, before: float) -> int:
        """Delete questions asked before ``before`` (Unix time), with their votes; how many went."""

    def voted(self, since: float) -> list[Entry]:
        """Answered entries asked since ``since`` that have votes, newest first."""

    def declined(self, since: float) -> list[Entry]:
        """Declined entries asked since ``since``, newest first."""

    def tentative(self, since: float) -> list[Entry]:
        """Entries answered with a caveat asked since ``since``, newest first."""

    def close(self) -> None: ...


def open_store(target: Target, create: bool = True) -> FeedbackStore | None:
    """The reader log of the index at ``target`` (a directory or a ``postgresql://`` URL).

    ``create=False`` is for readers (reports, retention at build time): None when nothing was
    ever logged there, and nothing is created.
    """
    if is_database_url(target):
        from .postgres import PostgresFeedbackStore

        return PostgresFeedbackStore.open(str(target), create)
    from .sqlite import SQLiteFeedbackStore

    path = Path(target).parent / FILE
    if not create and not path.exists():
        return None
    return SQLiteFeedbackStore(path)
