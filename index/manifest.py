"""The manifest: what an index directory holds and how it was made."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import IndexDamaged, IndexMismatch

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class DocumentEntry:
    doc_id: str
    title: str
    fingerprint: str
    chunks: int
    sentences: int


@dataclass(frozen=True)
class Manifest:
    embedder_id: str
    embedder_name: str  # how to make the embedder again (``make_embedder``)
    dim: int
    chunking: dict
    documents: list[DocumentEntry]
    counts: dict  # documents, chunks, sentences, tokens
    built_at: str  # ISO 8601, UTC
    build_seconds: float
    files: dict = field(default_factory=dict)  # file name → sha256, to detect damage
    format: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def same_inputs(self, embedder_id: str, chunking: dict, fingerprints: list[tuple[str, str]]) -> bool:
        """True when a build from these inputs would produce this very index."""
        return (self.format == FORMAT_VERSION and self.embedder_id == embedder_id and self.chunking == chunking
                and [(d.doc_id, d.fingerprint) for d in self.documents] == fingerprints)


def read_manifest(directory: Path) -> Manifest:
    """Parse and check the manifest of an index directory."""
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexDamaged(f"index at {directory} has no {MANIFEST} — rebuild it with `python -m index build`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamaged(f"index at {directory} is damaged ({MANIFEST}: {exc}) — rebuild it with `python -m index build`") from None
    if not isinstance(data, dict):
        raise IndexDamaged(f"index at {directory} is damaged ({MANIFEST} is not an object) — rebuild it with `python -m index build`")
    if data.get("format") != FORMAT_VERSION:
        raise IndexMismatch(f"index at {directory} has format {data.get('format')!r}, this version reads "
                            f"{FORMAT_VERSION} — rebuild it with `python -m index build`")
    try:
        data["documents"] = [DocumentEntry(**d) for d in data["documents"]]
        return Manifest(**data)
    except (TypeError, KeyError) as exc:
        raise IndexDamaged(f"index at {directory} is damaged ({MANIFEST}: {exc}) — rebuild it with `python -m index build`") from None
