"""The manifest: what an index holds and how it was made (stored in the index database)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .errors import IndexDamaged, IndexMismatch

# 2: SQLite records + FTS5 keywords + FAISS chunk index by size (1 was JSON records + two flat indexes).
FORMAT_VERSION = 2
# Bump when keywords.terms() or the vocabulary's romanization changes: the keyword index
# replays terms to delete a chunk, so terms must be computed as they were when it was added.
KEYWORDS_VERSION = 2


@dataclass(frozen=True)
class Manifest:
    embedder_id: str
    embedder_name: str  # how to make the embedder again (``make_embedder``)
    dim: int
    chunking: dict
    counts: dict  # documents, chunks, sentences, words, sentence_terms
    built_at: str  # ISO 8601, UTC
    build_seconds: float
    generation: int = 0  # +1 at every build that changed something
    ann: dict = field(default_factory=dict)  # AnnSpec, plus the file's name, size and CRC
    keywords: int = KEYWORDS_VERSION
    format: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        return cls(**json.loads(text))

    def same_recipe(self, embedder_id: str, chunking: dict) -> bool:
        """True when an article indexed now would get exactly the rows it got then."""
        return (self.format == FORMAT_VERSION and self.keywords == KEYWORDS_VERSION
                and self.embedder_id == embedder_id and self.chunking == chunking)


def check_manifest(text: str, where: str, rebuild: str) -> Manifest:
    """The manifest stored for the index at ``where``, or an error saying what is wrong and to ``rebuild``."""
    try:
        manifest = Manifest.from_json(text)
    except (ValueError, TypeError) as exc:
        raise IndexDamaged(f"index at {where} is damaged (manifest: {exc}) — {rebuild}") from None
    if manifest.format != FORMAT_VERSION:
        raise IndexMismatch(f"index at {where} has format {manifest.format!r}, this version reads "
                            f"{FORMAT_VERSION} — {rebuild}")
    return manifest
