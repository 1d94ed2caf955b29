"""Domain errors of the index library.

    KhabarError
     ├── CorpusError            corpus directory missing, empty, or nothing readable
     ├── EmptyQuestion          a blank question
     ├── EmbedderUnavailable    an embedder that cannot be loaded here (e.g. no model offline)
     ├── IndexNotFound          no index at the given path
     ├── IndexMismatch          index built with another format or embedder
     ├── IndexDamaged           index files unreadable or inconsistent
     ├── IndexLocked            another build holds the index lock
     ├── DatabaseUnavailable    the PostgreSQL server cannot be reached (or timed out)
     └── IngestError            a page, file or feed that cannot be added (names it)
          ├── FetchFailed       unreachable, timed out, or an HTTP error after retries
          ├── RobotsDisallowed  the site's robots.txt forbids fetching it
          ├── TooLarge          the body is past the size cap
          ├── NotAnArticle      not an HTML page or a feed (an image, a PDF, binary data)
          ├── MalformedFeed     XML that does not parse into a feed
          └── NoArticleText     a page with no article text in it

Every message says what to do next; the CLI prints it as one line and the bot turns it
into a polite reply, so neither shows a traceback.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base class: anything the user can fix by acting on the message."""


class CorpusError(KhabarError):
    pass


class EmptyQuestion(KhabarError):
    def __init__(self) -> None:
        super().__init__("the question is empty — ask something about the articles")


class EmbedderUnavailable(KhabarError):
    pass


class IndexNotFound(KhabarError):
    def __init__(self, path) -> None:
        super().__init__(f"no index at {path} — run `python -m index build`")
        self.path = path


class IndexMismatch(KhabarError):
    pass


class IndexDamaged(KhabarError):
    pass


class IndexLocked(KhabarError):
    pass


class DatabaseUnavailable(KhabarError):
    """The index's PostgreSQL server did not answer: down, restarting, or too slow."""


class IngestError(KhabarError):
    """Adding ``source`` (a URL or a file) failed; nothing was written for it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class FetchFailed(IngestError):
    pass


class RobotsDisallowed(IngestError):
    def __init__(self, source: str) -> None:
        super().__init__(source, "the site's robots.txt does not allow Khabar to fetch it")


class TooLarge(IngestError):
    def __init__(self, source: str, limit: int) -> None:
        super().__init__(source, f"larger than {limit / 1e6:g} MB — not a news article; nothing was added")


class NotAnArticle(IngestError):
    pass


class MalformedFeed(IngestError):
    pass


class NoArticleText(IngestError):
    def __init__(self, source: str) -> None:
        super().__init__(source, "no article text found on the page — is it an index, gallery or video page?")
