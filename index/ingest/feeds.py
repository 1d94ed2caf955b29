"""RSS 2.0 and Atom feeds (through feedparser): which entries a feed lists, with what metadata."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser

from ..corpus import parse_published
from ..errors import MalformedFeed
from .urls import normalise_url

_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
_XML_TYPES = {"application/xml", "text/xml"}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")


@dataclass(frozen=True)
class Entry:
    key: str  # what marks the entry as seen: its normalised link, else the feed's URL and the entry's id
    url: str | None  # normalised link to the article page
    title: str
    published: str | None  # ISO 8601 with a time zone, if the feed gave a date
    html: str  # the entry's content, else its summary (HTML); the fallback when the page yields nothing


@dataclass(frozen=True)
class Feed:
    title: str | None
    language: str | None
    entries: list[Entry]
    problem: str | None = None  # set when the XML was broken but entries could still be read


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """Whether a response is a feed: by its media type, or for generic XML by its root element."""
    if content_type in _FEED_TYPES:
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return (content_type in _XML_TYPES or content_type in ("", "text/plain")) and bool(_FEED_ROOT.search(head))


def parse_feed(body: bytes, source: str, content_type: str = "application/xml", charset: str | None = None) -> Feed:
    """The feed's entries. Raises MalformedFeed when nothing feed-like can be read from ``body``."""
    header = f"{content_type}; charset={charset}" if charset else content_type
    parsed = feedparser.parse(body, response_headers={"content-type": header, "content-location": source})
    broken = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if broken is not None and isinstance(broken, feedparser.CharacterEncodingOverride):
        broken = None  # the declared charset was wrong but the text decoded: nothing lost
    if not parsed.entries and (broken is not None or not parsed.version):
        reason = _describe(broken) if broken is not None else "no RSS or Atom elements"
        raise MalformedFeed(source, f"not a readable RSS or Atom feed ({reason})")
    meta = parsed.feed
    entries = [entry for entry in (_entry(raw, source) for raw in parsed.entries) if entry is not None]
    return Feed(title=meta.get("title") or None, language=meta.get("language") or None, entries=entries,
                problem=_describe(broken) if broken is not None else None)


def _entry(raw, source: str) -> Entry | None:
    link = raw.get("link") or ""
    url = normalise_url(link) if link.startswith(("http://", "https://")) else None
    html = raw["content"][0].get("value", "") if raw.get("content") else raw.get("summary", "")
    ident = raw.get("id") or raw.get("title")
    if url is None and not (ident and html.strip()):
        return None  # nothing to fetch and nothing to keep
    return Entry(key=url or f"{normalise_url(source)}#{ident}", url=url, title=(raw.get("title") or "").strip(),
                 published=_published(raw), html=html)


def _published(raw) -> str | None:
    for key in ("published", "updated", "created"):
        if raw.get(key):
            value = parse_published(raw[key])
            if value:
                return value
            parsed = raw.get(f"{key}_parsed")  # feedparser read a format we do not: its UTC time
            if parsed:
                return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc).isoformat(timespec="seconds")
    return None


def _describe(exc: Exception) -> str:
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"{message} at line {line}" if line else str(message)
