"""What the bot counts (Prometheus, one registry per application) and logs (one line per event).

Log lines name a chat only by its pseudonym and never carry the question's text at INFO.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from .pseudonym import pseudonym

if TYPE_CHECKING:
    from ..conversation.library import Library
    from ..dialogue import Turn

log = logging.getLogger(__name__)
# An answer takes tens of milliseconds to search and as long again to send; a translation may add 3 s.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0)


def error_kind(exc: BaseException) -> str:
    """The metric label of a failed Bot API call (BadRequest is a NetworkError to PTB: test it first)."""
    if isinstance(exc, RetryAfter):
        return "retry_after"
    if isinstance(exc, Forbidden):
        return "forbidden"
    if isinstance(exc, BadRequest):
        return "bad_request"
    if isinstance(exc, NetworkError):  # no connection, timeouts, 5xx
        return "network"
    return "other"


class IndexCollector:
    """The index answering now: its generation and size, read from its manifest at scrape time
    (already in memory: a scrape never touches the database)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def collect(self):
        manifest = self.library.manifest
        yield GaugeMetricFamily("khabar_index_generation", "Build generation of the index answering questions",
                                value=manifest.generation)
        yield GaugeMetricFamily("khabar_index_documents", "Articles in the index", value=manifest.counts["documents"])
        yield GaugeMetricFamily("khabar_index_chunks", "Passages (chunks) in the index",
                                value=manifest.counts["chunks"])


class Metrics:
    """``salt``: returns the current salt for chat pseudonyms (the application's ``bot_data["salt"]``)."""

    def __init__(self, library: Library, salt: Callable[[], bytes]) -> None:
        self.salt = salt
        self.registry = CollectorRegistry()
        self.questions = Counter("khabar_questions", "Questions by outcome (answered, tentative: answered with a "
                                 "caveat, declined, small_talk) and language (the question's: hi, en, hi-latn)",
                                 ["outcome", "language"], registry=self.registry)
        self.latency = Histogram("khabar_answer_seconds", "From a question reaching its handler to its reply sent",
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.telegram_errors = Counter("khabar_telegram_errors", "Failed Bot API calls by kind "
                                       "(network, retry_after, bad_request, forbidden, other)", ["kind"],
                                       registry=self.registry)
        self.telegram_retries = Counter("khabar_telegram_retries", "Bot API calls retried, by the kind of the "
                                        "failure retried", ["kind"], registry=self.registry)
        self.refused = Counter("khabar_refused", "Updates dropped by the per-chat fairness limits, by what they "
                               "were (message, button) and the limit hit (in_flight, per_minute)",
                               ["update", "limit"], registry=self.registry)
        ProcessCollector(registry=self.registry)
        self.registry.register(IndexCollector(library))

    def chat(self, chat_id: int) -> str:
        return pseudonym(chat_id, self.salt())

    def turn(self, turn: Turn, seconds: float, chat_id: int) -> None:
        """A question the dialogue engine handled: the one place questions are counted."""
        if turn.answer is None:
            outcome, language = "small_talk", turn.language
        else:
            answer = turn.answer
            outcome = "tentative" if answer.tentative else "answered" if answer.answered else "declined"
            language = answer.language
        self.questions.labels(outcome, language).inc()
        self.latency.observe(seconds)
        log.info("question %s language=%s seconds=%.3f chat=%s", outcome, language, seconds, self.chat(chat_id))

    def refusal(self, update: str, limit: str, chat_id: int, notified: bool) -> None:
        """An update over its chat's budget. Logged once per window (when the chat is told), not per update:
        the flooder must not be able to flood the log too."""
        self.refused.labels(update, limit).inc()
        (log.info if notified else log.debug)("refused %s over the %s limit chat=%s", update, limit,
                                              self.chat(chat_id))

    def telegram_error(self, exc: TelegramError, method: str) -> str:
        kind = error_kind(exc)
        self.telegram_errors.labels(kind).inc()
        log.warning("telegram error kind=%s method=%s: %s", kind, method, exc)
        return kind

    def telegram_retry(self, kind: str) -> None:
        self.telegram_retries.labels(kind).inc()

    async def on_polling_error(self, update: object, context) -> None:
        """Failed getUpdates calls, the only Bot API calls that bypass the rate limiter: PTB hands
        them to the error handlers with no update (all but timeouts and 429s, which it waits out
        itself). The other error handler logs them."""
        if update is None and isinstance(context.error, TelegramError):
            self.telegram_errors.labels(error_kind(context.error)).inc()
