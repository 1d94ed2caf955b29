"""The index as the bot sees it: opened once, reopened in the background when a build commits."""

from __future__ import annotations

import logging
import threading

from index.embedders import Embedder, make_embedder
from index.errors import KhabarError
from index.search import Searcher
from index.store import Target, open_index

log = logging.getLogger(__name__)


class Library:
    """Holds the current Searcher; ``searcher()`` notices a new build by the index's generation.

    The generation is one small read per question. When it changed, the new index is opened
    in a background thread while the old one keeps answering, then swapped in; the old one
    is dropped at once, so two copies are held only while the new one loads. If the new
    index cannot be opened, the old one keeps answering and the error is logged.
    """

    def __init__(self, target: Target, embedder: Embedder | None = None) -> None:
        self.target = target  # an index directory or a database URL: open_index tells them apart
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None
        index = open_index(self.target)  # fail at start-up with the CLI's clear message
        self._embedder = embedder or make_embedder(index.manifest.embedder_name)
        self._searcher = Searcher(index, self._embedder)

    def searcher(self) -> Searcher:
        current = self._searcher
        if current.index.generation() != current.index.manifest.generation:
            with self._lock:
                if self._loading is None or not self._loading.is_alive():
                    self._loading = threading.Thread(target=self.reload, name="index-reload", daemon=True)
                    self._loading.start()
        return current

    @property
    def manifest(self):
        """The manifest of the index answering now: in memory, no database read (for /metrics)."""
        return self._searcher.index.manifest

    def wait_for_reload(self, timeout: float = 30.0) -> None:
        """Block until a background reload (if any) has finished: for tests and /reload."""
        loading = self._loading
        if loading is not None:
            loading.join(timeout)

    def reload(self) -> bool:
        """Open the index again; True if a newer generation is now in use."""
        try:
            index = open_index(self.target)
        except KhabarError as exc:
            log.error("keeping the old index: %s", exc)
            return False
        if index.manifest.generation == self._searcher.index.manifest.generation:
            index.close()
            return False
        self._searcher = Searcher(index, self._embedder)
        log.info("index reloaded: generation %d", index.manifest.generation)
        return True
