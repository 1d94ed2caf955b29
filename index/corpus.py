"""Reading articles from the corpus directory."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from stat import S_ISREG as _regular
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from .errors import CorpusError
from .text import normalise

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_MARKUP = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*)|\*\*|__|`", re.M)
# Front matter keys and the Document field each fills; `date` and `published` are synonyms.
_METADATA_KEYS = {"title": "title", "date": "published", "published": "published", "url": "url",
                  "source": "source", "author": "author", "language": "language", "date_source": "date_source"}
_ZONE = re.compile(r"(?:([+-])(\d\d):?(\d\d)|[Zz])$")
# India Standard Time has been UTC+05:30 without daylight saving since 1945, so a fixed offset is exact
# for every news date and needs no time zone database (slim images have none).
IST = timezone(timedelta(hours=5, minutes=30), "IST")


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus root, stable across machines
    title: str
    text: str  # normalised; every offset in the index points into this
    fingerprint: str  # sha256 of the file's bytes: a changed file gets re-chunked
    # Metadata, all optional but the title; the store keeps it with the article's records.
    published: str | None = None  # ISO 8601 with time zone ("2025-09-04T10:00:00+05:30")
    url: str | None = None
    source: str | None = None  # the outlet ("UITV")
    author: str | None = None
    language: str | None = None  # BCP 47 ("hi")
    date_source: str | None = None  # "fetched" when the outlet gave no date and the fetch time stands in


def read_corpus(root: Path, skipped: list[str] | None = None) -> list[Document]:
    """All readable articles under ``root``, sorted by path.

    A file that is not UTF-8 text is skipped with a warning (and its name appended to
    ``skipped``), so one bad upload does not stop the newsroom's rebuild.
    """
    documents = [d for f in scan_corpus(root) if (d := read_article(f, skipped)) is not None]
    if not documents:
        raise CorpusError(f"no readable .txt or .md articles in {root} — add UTF-8 articles and build again")
    return documents


def parse_document(doc_id: str, content: str, raw: bytes | None = None) -> Document:
    """Title and metadata from front matter, else the title from the first line; the text normalised.

    Front matter is a ``---`` block of ``key: value`` lines (values may be double-quoted JSON
    strings): ``title``, ``date`` (or ``published``), ``url``, ``source`` (the outlet), ``author``,
    ``language``, ``date_source``. Unknown keys are ignored; a date that cannot be read is a warning
    and no date, never a failed build.
    """
    content = content.replace("\r\n", "\n")
    metadata: dict[str, str] = {}
    front = _FRONT_MATTER.match(content)
    if front:
        content = content[front.end():]
        metadata = parse_front_matter(front.group(1))
    if "published" in metadata:
        published = parse_published(metadata["published"])
        if published is None:
            log.warning("%s: cannot read the date %r — expected ISO 8601 such as 2025-09-04 or "
                        "2025-09-04T10:30:00+05:30; the article has no date", doc_id, metadata["published"])
        metadata["published"] = published
    if doc_id.endswith(".md"):
        content = _MD_MARKUP.sub("", content)
    text = normalise(content)
    title = normalise(metadata.pop("title", "")) or text.split("\n", 1)[0].strip()
    fingerprint = hashlib.sha256(raw if raw is not None else content.encode()).hexdigest()
    return Document(doc_id=doc_id, title=title, text=text, fingerprint=fingerprint,
                    **{key: value or None for key, value in metadata.items()})


def parse_front_matter(block: str) -> dict[str, str]:
    """``key: value`` lines → {Document field: value}, for the keys Khabar knows."""
    fields = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        field = _METADATA_KEYS.get(key.strip().lower())
        if sep and field:
            fields[field] = _unquote(value.strip())
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return str(json.loads(value))
        except ValueError:
            pass
    return value.strip("\"'")


def parse_published(value: str) -> str | None:
    """A date as ISO 8601 with a time zone ("2025-09-04T10:30:00+05:30"), or None if unreadable.

    Accepts ISO 8601 (``2025-09-04``, ``2025-09-04 10:30``, ``2025-09-04T05:00:00Z``) and the
    RFC 822 dates of RSS (``Thu, 04 Sep 2025 10:30:00 +0530``). A value without a time zone is
    read as India Standard Time, the zone of Hindi news desks; a date alone is that day's
    00:00 IST.
    """
    value = value.strip()
    if not value:
        return None
    try:
        # Python 3.10's fromisoformat knows neither "Z" nor "+0530"; spell both as "+hh:mm"
        moment = datetime.fromisoformat(_ZONE.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}" if m[1] else "+00:00", value))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=IST)
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class CorpusFile:
    doc_id: str
    root: Path
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        """Made only when the file is read: a scan of a big archive makes none."""
        return self.root / self.doc_id


def scan_corpus(root: Path) -> list[CorpusFile]:
    """Every article file under ``root`` with its size and modification time, sorted — no reading.

    A build compares these stamps with the index's, so an unchanged archive is never read.
    Hidden files and folders (``.khabar/``, editors' swap files) are not articles.
    """
    if not root.is_dir():
        raise CorpusError(f"corpus directory {root} does not exist — create it and put .txt or .md articles in it")
    files = []
    for directory, folders, names in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".")]
        relative = os.path.relpath(directory, root)
        for name in names:
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            stat = os.stat(os.path.join(directory, name))
            if _regular(stat.st_mode):
                doc_id = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                files.append(CorpusFile(doc_id, root, stat.st_size, stat.st_mtime_ns))
    return sorted(files, key=lambda f: f.doc_id)


def read_article(file: CorpusFile, skipped: list[str] | None = None) -> Document | None:
    """The article in ``file``, or None (with a warning) when it is not UTF-8 text or has none."""
    raw = file.path.read_bytes()
    try:
        if b"\x00" in raw:
            raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "NUL byte")
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("skipping %s: not UTF-8 text", file.path)
        if skipped is not None:
            skipped.append(str(file.path))
        return None
    document = parse_document(file.doc_id, decoded, raw)
    if not document.text:
        log.warning("skipping %s: no text", file.path)
        return None
    return document
