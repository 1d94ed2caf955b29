"""Reading articles from the corpus directory."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .text import normalise

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_MARKUP = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|>\s*)|\*\*|__|`", re.M)


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
    """Title from front matter (``title:``) or the first line; the text normalised."""
    title = ""
    front = _FRONT_MATTER.match(content.replace("\r\n", "\n"))
    if front:
        content = content.replace("\r\n", "\n")[front.end():]
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "title":
                title = value.strip().strip("\"'")
    if doc_id.endswith(".md"):
        content = _MD_MARKUP.sub("", content)
    text = normalise(content)
    if not title:
        title = text.split("\n", 1)[0].strip()
    fingerprint = hashlib.sha256(raw if raw is not None else content.encode()).hexdigest()
    return Document(doc_id=doc_id, title=normalise(title), text=text, fingerprint=fingerprint)


@dataclass(frozen=True)
class CorpusFile:
    doc_id: str
    path: Path
    size: int
    mtime_ns: int


def scan_corpus(root: Path) -> list[CorpusFile]:
    """Every article file under ``root`` with its size and modification time, sorted — no reading.

    A build compares these stamps with the index's, so an unchanged archive is never read.
    """
    if not root.is_dir():
        raise CorpusError(f"corpus directory {root} does not exist — create it and put .txt or .md articles in it")
    files = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.suffix.lower() in SUFFIXES and not any(p.startswith(".") for p in relative.parts) and path.is_file():
            stat = path.stat()
            files.append(CorpusFile(relative.as_posix(), path, stat.st_size, stat.st_mtime_ns))
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
