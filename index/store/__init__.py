"""Where an index lives. One interface for search and the bot, one for builds.

- ``open_index(path)`` → a read view (``EmbeddedIndex``): ``candidates``, ``passages``,
  ``keyword_stats``, ``words_by_skeleton``, ``documents``, ``generation`` and ``manifest``.
- ``IndexWriter(path)`` inside ``build_lock(path)`` → applies one build in one transaction.

The embedded store (SQLite + FAISS files, ``embedded.py``) is the default and needs no server.
"""

from .embedded import EmbeddedIndex, IndexWriter, PreparedDocument, build_lock, open_index
from .records import Candidates, DocumentInfo, KeywordStats, PassageRecord, SentenceRecord

load_index = open_index  # the name scripts used before the store became a package

__all__ = ["Candidates", "DocumentInfo", "EmbeddedIndex", "IndexWriter", "KeywordStats", "PassageRecord",
           "PreparedDocument", "SentenceRecord", "build_lock", "load_index", "open_index"]
