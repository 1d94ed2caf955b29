"""Turning sources (page URLs, saved pages, feeds) into article files in the corpus.

Duplicates are stored once. A URL seen before is not fetched again, and a text that is a near
duplicate (dedupe.THRESHOLD) of a stored article is the same story. Of the copies of one story the
corpus keeps the **earliest published**: when a copy arrives that was published before the stored
one, it takes the stored file's place — same file name, so the index's document id stays stable;
the earlier copy's text, URL, outlet and date. Copies without a known date never replace one.
Deleting an article file keeps its story out: its URLs stay seen and its copies stay duplicates.

Nothing half-done is left behind: each article is written atomically before the state records it,
so a crash between the two leaves a complete file that the next run adopts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..corpus import SUFFIXES, parse_document
from ..errors import IngestError, NoArticleText, NotAnArticle
from ..text import words
from . import dedupe
from .articles import Article, render, write_atomically
from .encoding import decode_html
from .extract import MIN_WORDS, extract_page, fragment_text
from .feeds import Entry, Feed, looks_like_feed, parse_feed
from .fetch import Fetched, Fetcher
from .state import IngestState
from .urls import article_filename, normalise_url

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class Outcome:
    action: str  # "added", "replaced" (an earlier copy took the stored one's place), "duplicate", "seen"
    source: str  # the URL or file the article came from
    file: str  # the corpus file holding the story, relative to the corpus

    def line(self) -> str:
        return {"added": f"added {self.file} ← {self.source}",
                "replaced": f"replaced {self.file} with the earlier copy at {self.source}",
                "duplicate": f"duplicate of {self.file}: {self.source}",
                "seen": f"already in the corpus as {self.file}: {self.source}"}[self.action]


@dataclass
class SourceReport:
    source: str
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # entries of a feed that could not be added
    unchanged: bool = False  # the server answered 304 Not Modified

    @property
    def added(self) -> int:
        return sum(o.action in ("added", "replaced") for o in self.outcomes)


class Ingester:
    """Adds sources to the corpus at ``corpus``; one instance per command (it keeps robots.txt rules)."""

    def __init__(self, corpus: Path, fetcher: Fetcher, stop: threading.Event | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self.corpus = Path(corpus)
        self.fetcher = fetcher
        self.stop = stop or threading.Event()  # set it to end a feed after the entry in hand
        self.now = now
        self.state = IngestState(self.corpus)
        self.adopt()

    def close(self) -> None:
        self.state.close()

    def __enter__(self) -> "Ingester":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, source: str) -> SourceReport:
        """Add a page URL, a saved page or feed file, or every new entry of a feed URL.

        Raises an IngestError naming ``source`` when the source as a whole cannot be added;
        a feed entry that cannot be added is a warning in the report instead.
        """
        if not source.startswith(("http://", "https://")):
            if Path(source).is_file():
                return self._add_file(Path(source))
            raise IngestError(source, "not an http(s) address or an existing file")
        report = SourceReport(source)
        url = normalise_url(source)
        file = self.state.seen(url)
        if file is not None:
            report.outcomes.append(Outcome("seen", source, file))
            return report
        fetched = self.fetcher.get(source, *self.state.validators(url))
        if fetched is None:
            report.unchanged = True
        elif looks_like_feed(fetched.content_type, fetched.body):
            feed = parse_feed(fetched.body, source, fetched.content_type, fetched.charset)
            self._add_feed(feed, source, report)
            if not report.warnings and not self.stop.is_set():  # else fetch it in full until every entry made it
                with self.state.transaction():
                    self.state.remember_validators(url, fetched.etag, fetched.last_modified)
        else:
            article = self._page(fetched, source)
            report.outcomes.append(self._store(article, source, {url, article.url}))
        return report

    def _add_file(self, path: Path) -> SourceReport:
        report = SourceReport(str(path))
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise IngestError(str(path), f"cannot read the file ({exc.strerror})") from None
        if path.suffix.lower() in _FEED_SUFFIXES or looks_like_feed("", body):
            self._add_feed(parse_feed(body, str(path)), str(path), report)
            return report
        fetched = Fetched(url="", body=body, content_type="text/html", charset=None, etag=None, last_modified=None)
        article = self._page(fetched, str(path))
        if article.url is None:  # no canonical URL in the page: the file's own address names it
            article = replace(article, url=path.resolve().as_uri())
        report.outcomes.append(self._store(article, str(path), {article.url}))
        return report

    def _page(self, fetched: Fetched, source: str) -> Article:
        """The article on a fetched page, dated with the fetch time if the page has no date."""
        head = fetched.body[:1024]
        binary = b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))
        wrong_type = fetched.content_type and fetched.content_type not in _HTML_TYPES | {"text/plain"}
        if wrong_type or binary:
            kind = fetched.content_type if wrong_type else "binary data"
            raise NotAnArticle(source, f"is {kind}, not an HTML page or an RSS/Atom feed")
        url = normalise_url(fetched.url) if fetched.url else None
        article = extract_page(decode_html(fetched.body, fetched.charset), source, url)
        if article.url and not url:
            article = replace(article, url=normalise_url(article.url))
        return self._dated(article)

    def _add_feed(self, feed: Feed, source: str, report: SourceReport) -> None:
        if feed.problem:
            report.warnings.append(f"{source}: broken XML ({feed.problem}); added the entries that could be read")
        for entry in feed.entries:
            if self.stop.is_set():
                break
            if self.state.seen(entry.key) is not None:
                continue
            try:
                article = self._entry_article(entry, feed, report)
                report.outcomes.append(self._store(article, entry.url or entry.key, {entry.key, article.url}))
            except IngestError as exc:
                report.warnings.append(str(exc))

    def _entry_article(self, entry: Entry, feed: Feed, report: SourceReport) -> Article:
        """The entry's page; when that yields nothing, the entry's own content or summary."""
        article, problem = None, None
        if entry.url:
            try:
                fetched = self.fetcher.get(entry.url)
                article = self._page(fetched, entry.url) if fetched is not None else None
            except IngestError as exc:
                problem = exc
        if article is None:
            text = fragment_text(entry.html)
            if len(words(text)) < MIN_WORDS:
                raise problem or NoArticleText(entry.url or entry.key)
            if problem:
                report.warnings.append(f"{problem}; kept the feed's text instead")
            article = Article(title=entry.title or text.split("\n", 1)[0], text=text, url=entry.url,
                              source=feed.title or (urlsplit(entry.url).hostname if entry.url else None),
                              language=feed.language)
        # the feed's date is the publisher's own and carries a time; the page's may be a date alone.
        # Feeds often give it in GMT, so it is written in the page's time zone when the page has a
        # date: the same moment, on the calendar day the outlet printed (01:30 IST is not yesterday).
        if entry.published:
            article = replace(article, published=_in_zone_of(entry.published, article.published), date_source=None)
        return self._dated(replace(article, title=article.title or entry.title,
                                   language=article.language or feed.language))

    def _dated(self, article: Article) -> Article:
        if article.published:
            return article
        return replace(article, published=self.now().isoformat(timespec="seconds"), date_source="fetched")

    def _store(self, article: Article, source: str, keys: set[str | None]) -> Outcome:
        keys.discard(None)
        sig = dedupe.signature(article.text)
        with self.state.transaction():
            for key in keys:
                file = self.state.seen(key)
                if file is not None:
                    return Outcome("seen", source, file)
            duplicate = self.state.near_duplicate(sig)
            if duplicate is None:
                # an entry without a link is named by its key (the feed's URL and the entry's id)
                file, action = article_filename(article.url or source, identity=source), "added"
            else:
                file, published = duplicate
                replaces = _earlier(article.published, published) and (self.corpus / file).exists()
                action = "replaced" if replaces else "duplicate"
            if action != "duplicate":
                try:
                    write_atomically(self.corpus / file, render(article))
                except OSError as exc:
                    raise IngestError(source, f"cannot write {file} into the corpus ({exc.strerror})") from None
                self.state.record(file, article.url, article.published, sig)
            for key in keys:
                self.state.mark_seen(key, file)
        return Outcome(action, source, file)

    def adopt(self) -> None:
        """Record articles put in the corpus by hand (or by a run that died before recording them).

        Done when the ingester opens; ``follow`` repeats it every round.
        """
        known = self.state.files()
        documents = []
        for path in sorted(self.corpus.rglob("*")):
            relative = path.relative_to(self.corpus)
            if (path.suffix.lower() not in SUFFIXES or relative.as_posix() in known or not path.is_file()
                    or any(part.startswith(".") for part in relative.parts)):
                continue
            try:
                documents.append(parse_document(relative.as_posix(), path.read_text(encoding="utf-8-sig")))
            except (OSError, UnicodeDecodeError):
                continue  # read_corpus warns about these when the index is built
        with self.state.transaction():
            for document in documents:
                url = normalise_url(document.url) if document.url else None
                self.state.record(document.doc_id, url, document.published, dedupe.signature(document.text))
                if url:
                    self.state.mark_seen(url, document.doc_id)


def _in_zone_of(moment: str, model: str | None) -> str:
    """``moment`` written in the time zone of ``model`` (both ISO 8601 with a zone), when there is one."""
    if not model:
        return moment
    return datetime.fromisoformat(moment).astimezone(datetime.fromisoformat(model).tzinfo).isoformat(timespec="seconds")


def _earlier(candidate: str | None, stored: str | None) -> bool:
    if not candidate or not stored:
        return False
    return datetime.fromisoformat(candidate) < datetime.fromisoformat(stored)
