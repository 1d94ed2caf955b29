"""Polite HTTP: who we are, what robots.txt allows, nothing fetched twice for nothing, bounded everything.

- Every request names Khabar in its User-Agent, so a site can reach us or block us.
- robots.txt is read once per site a day (RFC 9309's limit on caching it) and obeyed, Crawl-delay
  included (up to ``max_wait``); per RFC 9309 a missing robots.txt (4xx) allows everything and an
  unreachable one (5xx, no connection) allows nothing.
- Conditional GET: the caller passes the ETag / Last-Modified it stored; 304 comes back as None.
- Each attempt has one time budget (``timeout``) for the whole answer, not per read, so a server
  trickling bytes cannot hold a round up; timeouts are not retried for the same reason.
- 429, 5xx and broken connections are retried ``retries`` times with doubling waits, honouring
  Retry-After up to ``max_wait``; a site asking for a longer pause gets it — we give up for now.
- Bodies are streamed and cut off past ``max_bytes`` (counted after decompression).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import FetchFailed, RobotsDisallowed, TooLarge

PROJECT_URL = "https://github.com/khabar-news/khabar"
USER_AGENT = f"Khabar/0.1 (+{PROJECT_URL})"
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must read at least 500 KiB
ROBOTS_MAX_AGE = 24 * 3600  # seconds; RFC 9309: a cached robots.txt should not be used for longer
_RETRYABLE = {429, 500, 502, 503, 504}
_SPACE = re.compile(r"[\s\x00-\x1f]")  # never in an address; httpx would send it on to DNS


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 20.0  # seconds for one whole attempt: connect, headers and body
    retries: int = 2  # further attempts after the first, on 429, 5xx and broken connections
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 60.0  # longest Retry-After or Crawl-delay we sit out
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str  # media type, lower case, without parameters ("" when the server sent none)
    charset: str | None
    etag: str | None
    last_modified: str | None


class _Unreachable(Exception):
    """No usable answer after the allowed attempts; the message says why."""


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    headers: httpx.Headers
    url: str
    body: bytes


class Fetcher:
    """Fetches pages and feeds politely. Use as a context manager, or call ``close()``."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep) -> None:
        self.policy = policy
        self._sleep = sleep
        self._client = httpx.Client(headers={"User-Agent": policy.user_agent}, timeout=policy.timeout,
                                    follow_redirects=True, max_redirects=5, transport=transport)
        # origin → (monotonic time read, rules); rules None: everything allowed
        self._robots: dict[str, tuple[float, RobotFileParser | None]] = {}
        self._last_request: dict[str, float] = {}  # origin → monotonic time, for Crawl-delay

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched | None:
        """The body at ``url``, or None when the server says it has not changed (304).

        Raises FetchFailed, RobotsDisallowed or TooLarge, each naming the URL.
        """
        parts = urlsplit(url)
        try:
            httpx.URL(url)
        except httpx.InvalidURL:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or _SPACE.search(url):
            raise FetchFailed(url, "not an http(s) address")
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules(origin, url)
        if rules is not None and not rules.can_fetch(self.policy.user_agent, url):
            raise RobotsDisallowed(url)
        delay = rules.crawl_delay(self.policy.user_agent) if rules is not None else None
        self._pace(origin, min(float(delay or 0), self.policy.max_wait))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            answer = self._with_retries(url, headers, self.policy.max_bytes)
        except _Unreachable as exc:
            raise FetchFailed(url, f"{exc} — try again later") from None
        if answer.status == 304:
            return None
        if not 200 <= answer.status < 300:
            hint = " — check the address" if answer.status in (404, 410) else ""
            raise FetchFailed(url, f"HTTP {answer.status} {answer.reason}{hint}")
        media_type, _, parameters = answer.headers.get("content-type", "").partition(";")
        return Fetched(url=answer.url, body=answer.body, content_type=media_type.strip().lower(),
                       charset=_charset(parameters), etag=answer.headers.get("etag"),
                       last_modified=answer.headers.get("last-modified"))

    def _rules(self, origin: str, url: str) -> RobotFileParser | None:
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_MAX_AGE:
            robots_url = f"{origin}/robots.txt"
            try:
                answer = self._with_retries(robots_url, {}, ROBOTS_MAX_BYTES, cut_off=True)
            except _Unreachable as exc:  # the site is down: say so, as for the page itself
                raise FetchFailed(url, f"{exc} — try again later") from None
            if answer.status >= 500:
                raise FetchFailed(url, f"the site's robots.txt answers HTTP {answer.status} {answer.reason}, so "
                                       "nothing there may be fetched — try again later")
            rules = None
            if 200 <= answer.status < 300:
                rules = RobotFileParser(robots_url)
                rules.parse(answer.body.decode("utf-8", errors="replace").splitlines())
            self._robots[origin] = (time.monotonic(), rules)
        return self._robots[origin][1]

    def _pace(self, origin: str, delay: float) -> None:
        last = self._last_request.get(origin)
        if last is not None and delay > 0:
            wait = last + delay - time.monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last_request[origin] = time.monotonic()

    def _with_retries(self, url: str, headers: dict, max_bytes: int, cut_off: bool = False) -> _Answer:
        """One answer (any status but a retried-out 429/5xx), after up to ``retries`` further attempts."""
        policy = self.policy
        for attempt in range(policy.retries + 1):
            wait = policy.backoff * 2 ** attempt
            try:
                answer = self._once(url, headers, max_bytes, cut_off)
            except httpx.TimeoutException:
                raise _Unreachable(f"no complete answer within {policy.timeout:g} s (the site is slow or down)") \
                    from None
            except httpx.TransportError as exc:
                problem = f"cannot connect ({exc or exc.__class__.__name__})"
            except httpx.RequestError as exc:  # too many redirects, a body that does not decompress
                raise _Unreachable(f"{exc.__class__.__name__}: {exc}") from None
            else:
                if answer.status not in _RETRYABLE:
                    return answer
                problem = f"HTTP {answer.status} {answer.reason}"
                asked = _retry_after(answer.headers.get("retry-after"))
                if asked is not None and asked > policy.max_wait:
                    raise _Unreachable(f"{problem}: the site asks to wait {asked:.0f} s")
                wait = asked if asked is not None else wait
            if attempt < policy.retries:
                self._sleep(wait)
        attempts = "1 attempt" if policy.retries == 0 else f"{policy.retries + 1} attempts"
        raise _Unreachable(f"{problem}, {attempts}")

    def _once(self, url: str, headers: dict, max_bytes: int, cut_off: bool) -> _Answer:
        deadline = time.monotonic() + self.policy.timeout
        with self._client.stream("GET", url, headers=headers) as response:
            answer = _Answer(response.status_code, response.reason_phrase, response.headers, str(response.url), b"")
            if not 200 <= response.status_code < 300:
                return answer
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes and not cut_off:
                raise TooLarge(url, max_bytes)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    if cut_off:
                        break
                    raise TooLarge(url, max_bytes)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("whole-answer budget spent")
            body = b"".join(chunks)
            return _Answer(answer.status, answer.reason, answer.headers, answer.url,
                           body[:max_bytes] if cut_off else body)


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None
