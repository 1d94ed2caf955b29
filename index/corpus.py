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
    if not root.is_dir():
        raise CorpusError(f"corpus directory {root} does not exist — create it and put .txt or .md articles in it")
    documents = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        raw = path.read_bytes()
        try:
            if b"\x00" in raw:
                raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "NUL byte")
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            log.warning("skipping %s: not UTF-8 text", path)
            if skipped is not None:
                skipped.append(str(path))
            continue
        document = parse_document(path.relative_to(root).as_posix(), decoded, raw)
        if document.text:
            documents.append(document)
        else:
            log.warning("skipping %s: no text", path)
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
