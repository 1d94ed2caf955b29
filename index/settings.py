"""Index settings: declared once with defaults, read from flags first, then KHABAR_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .embedders import DEFAULT_EMBEDDER

DEFAULT_INDEX_DIR = "data/index"
DEFAULT_CORPUS_DIR = "corpus"


@dataclass(frozen=True)
class IndexSettings:
    index_dir: Path
    corpus_dir: Path
    embedder: str

    @classmethod
    def resolve(cls, index_dir: str | None = None, corpus_dir: str | None = None,
                embedder: str | None = None, env: dict | None = None) -> "IndexSettings":
        env = os.environ if env is None else env
        return cls(index_dir=Path(index_dir or env.get("KHABAR_INDEX_DIR") or DEFAULT_INDEX_DIR),
                   corpus_dir=Path(corpus_dir or env.get("KHABAR_CORPUS_DIR") or DEFAULT_CORPUS_DIR),
                   embedder=embedder or env.get("KHABAR_EMBEDDER") or DEFAULT_EMBEDDER)
