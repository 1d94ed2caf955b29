"""An article on its way into the corpus, and how it is written there: front matter, atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    title: str
    text: str  # paragraphs separated by blank lines
    url: str | None = None  # normalised (urls.normalise_url)
    published: str | None = None  # ISO 8601 with a time zone
    date_source: str | None = None  # "fetched": the outlet gave no date, this is when we fetched it
    source: str | None = None  # the outlet
    author: str | None = None
    language: str | None = None


# Front matter keys in the order they are written; corpus.parse_front_matter reads them back.
_KEYS = {"title": "title", "published": "date", "date_source": "date_source", "url": "url", "source": "source",
         "author": "author", "language": "language"}
_NEEDS_QUOTES = re.compile(r"""^[\s"']|[\s"']$""")


def render(article: Article) -> str:
    """The article file's content: a front matter block, then the text."""
    lines = ["---"]
    for name, key in _KEYS.items():
        value = " ".join(str(getattr(article, name) or "").split())  # one line, whatever the page had in it
        if value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False) if _NEEDS_QUOTES.search(value) else value}")
    lines.append("---")
    return "\n".join(lines) + "\n" + article.text.strip() + "\n"


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half of one.

    A temporary file beside it (dot-named, so corpus readers skip it) is written, flushed to disk,
    then renamed over ``path``; the directory is synced so the rename survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
