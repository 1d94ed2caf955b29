"""English machine translation of answers, through a LibreTranslate-compatible server.

Optional (``KHABAR_TRANSLATE_URL``) and never in an answer's way: a reply waits at most
``budget`` seconds (3) for all its translations together; a slow, failing or absent server
leaves the reply without them and a warning in the log. After a failure the server is left
alone for ``cooldown`` seconds, so that one bad server delays one answer, not every answer.
Translations are cached (bounded, least recently used first out): news answers repeat.

The API: ``POST {url}/translate`` with JSON ``{"q", "source": "hi", "target": "en",
"format": "text", "api_key"}`` answers ``{"translatedText": "..."}``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ..dialogue import Turn

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Translation:
    """What a reply shows under the Hindi originals; None where no translation came."""

    answer: str | None  # the answer sentence
    source: str | None  # the article's title


class TranslationFailed(Exception):
    """The server answered, but not with a translation."""


class LRUCache:
    """A bounded mapping that forgets the least recently used entry first (thread-safe)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class Translator:
    """Hindi → English through one LibreTranslate server: async for the bot, sync for the console."""

    def __init__(self, url: str, api_key: str | None = None, budget: float = 3.0, cache_size: int = 2048,
                 cooldown: float = 30.0, clock=time.monotonic) -> None:
        self.endpoint = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.budget = budget
        self.cooldown = cooldown
        self.cache = LRUCache(cache_size)
        self._clock = clock
        self._resting_until = float("-inf")
        self._async: httpx.AsyncClient | None = None  # made in the bot's event loop, on first use
        self._sync: httpx.Client | None = None

    # -- what a reply needs -------------------------------------------------------------------

    @staticmethod
    def texts_for(turn: Turn) -> list[str]:
        """The Hindi texts an English reply shows: its answer sentence and its article's title."""
        answer = turn.answer
        if turn.language != "en" or answer is None or not answer.answered or not answer.passages:
            return []
        return [answer.answer or "", answer.passages[0].source]

    async def for_turn(self, turn: Turn) -> Translation | None:
        """The translation an English reply carries, or None (no need, or no server in time)."""
        texts = self.texts_for(turn)
        return self._translation(await self.translate(texts)) if texts else None

    def for_turn_sync(self, turn: Turn) -> Translation | None:
        """``for_turn`` for callers without an event loop (the console chat)."""
        texts = self.texts_for(turn)
        return self._translation(self.translate_sync(texts)) if texts else None

    @staticmethod
    def _translation(found: list[str | None]) -> Translation | None:
        return Translation(*found) if any(found) else None

    # -- translating --------------------------------------------------------------------------

    async def translate(self, texts: list[str]) -> list[str | None]:
        """English for each text, None where none came within the budget."""
        missing = self._missing(texts)
        if missing:
            if self._async is None:
                self._async = httpx.AsyncClient(timeout=self.budget)
            try:
                found = await asyncio.wait_for(
                    asyncio.gather(*(self._post(t) for t in missing), return_exceptions=True), self.budget)
                for text, english in zip(missing, found):
                    if isinstance(english, str):
                        self.cache.put(text, english)
                failures = [f for f in found if isinstance(f, BaseException)]
                if failures:
                    raise failures[0]
            except Exception as exc:  # whatever went wrong, the answer goes out without translation
                self._failed(exc)
        return [self.cache.get(t) for t in texts]

    def translate_sync(self, texts: list[str]) -> list[str | None]:
        """``translate`` without an event loop: the same budget, one request after another."""
        missing = self._missing(texts)
        if missing:
            if self._sync is None:
                self._sync = httpx.Client()
            deadline = self._clock() + self.budget
            try:
                for text in missing:
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise httpx.TimeoutException("the translation budget ran out")
                    response = self._sync.post(self.endpoint, json=self._payload(text), timeout=remaining)
                    self.cache.put(text, self._parse(response))
            except Exception as exc:  # whatever went wrong, the answer goes out without translation
                self._failed(exc)
        return [self.cache.get(t) for t in texts]

    def _missing(self, texts: list[str]) -> list[str]:
        """Texts still to ask for; none while resting after a failure."""
        if self._clock() < self._resting_until:
            return []
        return [t for t in dict.fromkeys(texts) if t.strip() and self.cache.get(t) is None]

    async def _post(self, text: str) -> str:
        return self._parse(await self._async.post(self.endpoint, json=self._payload(text)))

    def _payload(self, text: str) -> dict:
        payload = {"q": text, "source": "hi", "target": "en", "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        return payload

    @staticmethod
    def _parse(response: httpx.Response) -> str:
        if response.status_code != 200:
            raise TranslationFailed(f"HTTP {response.status_code}: {response.text[:200]}")
        try:
            english = response.json()["translatedText"]
        except (ValueError, KeyError, TypeError):
            raise TranslationFailed(f"not a translation: {response.text[:200]}") from None
        if not isinstance(english, str) or not english.strip():
            raise TranslationFailed(f"not a translation: {response.text[:200]}")
        return english.strip()

    def _failed(self, exc: Exception) -> None:
        expected = isinstance(exc, (httpx.HTTPError, asyncio.TimeoutError, TranslationFailed))
        reason = f"no answer within {self.budget:g} s" if isinstance(exc, asyncio.TimeoutError) else \
            f"{type(exc).__name__}: {exc}"
        log.warning("translation server %s: %s — answering without translation (next try in %g s)",
                    self.endpoint, reason, self.cooldown, exc_info=None if expected else exc)
        self._resting_until = self._clock() + self.cooldown

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
        if self._sync is not None:
            self._sync.close()
