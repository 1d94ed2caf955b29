"""The index as the bot sees it: loaded once, reloaded when a rebuild swaps it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from index.embedders import Embedder, make_embedder
from index.errors import KhabarError
from index.search import Searcher
from index.store import current_version, load_index

log = logging.getLogger(__name__)


class Library:
    """Holds the current Searcher; ``searcher()`` notices a rebuilt index by its symlink target.

    A readlink per question is cheap; loading happens only when the target changed. If the
    new index cannot be loaded, the old one keeps answering and the error is logged.
    """

    def __init__(self, index_dir: Path, embedder: Embedder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        index = load_index(self.index_dir)  # fail at start-up with the CLI's clear message
        self._embedder = embedder or make_embedder(index.manifest.embedder_name)
        self._searcher = Searcher(index, self._embedder)

    def searcher(self) -> Searcher:
        version = current_version(self.index_dir)
        if version and version != self._searcher.index.version:
            self.reload()
        return self._searcher

    def reload(self) -> bool:
        """Load the index again; True if a new one is now in use."""
        with self._lock:
            try:
                index = load_index(self.index_dir)
                if index.version == self._searcher.index.version:
                    return False
                self._searcher = Searcher(index, self._embedder)
                log.info("index reloaded: %s", index.version)
                return True
            except KhabarError as exc:
                log.error("keeping the old index: %s", exc)
                return False
