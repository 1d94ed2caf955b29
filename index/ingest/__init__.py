"""Ingestion: the web (pages, feeds) and saved pages → article files in the corpus.

Building the index from the corpus is apart (``index.build``); neither reaches into the other.

    with Fetcher(FetchPolicy()) as fetcher, Ingester(Path("corpus"), fetcher) as ingester:
        report = ingester.add("https://example.org/feed.xml")
"""

from .articles import Article
from .fetch import USER_AGENT, FetchPolicy, Fetcher
from .follow import follow
from .ingester import Ingester, Outcome, SourceReport
from .settings import IngestSettings, parse_duration
from .state import STATE_PATH
from .urls import article_filename, normalise_url

__all__ = ["Article", "FetchPolicy", "Fetcher", "IngestSettings", "Ingester", "Outcome", "STATE_PATH", "SourceReport",
           "USER_AGENT", "article_filename", "follow", "normalise_url", "parse_duration"]
