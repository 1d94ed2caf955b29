"""Ingestion settings: declared once with defaults, read from flags first, then KHABAR_* variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import KhabarError
from .fetch import FetchPolicy

DEFAULT_EVERY = "15m"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h)?")
_UNITS = {"s": 1, "m": 60, "h": 3600, None: 1}


@dataclass(frozen=True)
class IngestSettings:
    feeds: tuple[str, ...]  # for `follow` without arguments: KHABAR_FEEDS, separated by spaces or commas
    every: float  # seconds between the starts of two rounds of `follow`
    policy: FetchPolicy

    @classmethod
    def resolve(cls, feeds: list[str] | None = None, every: str | None = None, timeout: float | None = None,
                retries: int | None = None, env: dict | None = None) -> "IngestSettings":
        env = os.environ if env is None else env
        defaults = FetchPolicy()
        if timeout is None:
            timeout = _number(env, "KHABAR_FETCH_TIMEOUT", defaults.timeout)
        if retries is None:
            retries = _number(env, "KHABAR_FETCH_RETRIES", defaults.retries)
        if not timeout > 0 or retries not in range(0, 6):
            raise KhabarError(f"fetching needs a timeout above 0 s and 0 to 5 retries, not {timeout:g} s and "
                              f"{retries:g} — check KHABAR_FETCH_TIMEOUT and KHABAR_FETCH_RETRIES")
        return cls(feeds=tuple(feeds or env.get("KHABAR_FEEDS", "").replace(",", " ").split()),
                   every=parse_duration(every or env.get("KHABAR_FOLLOW_EVERY") or DEFAULT_EVERY),
                   policy=FetchPolicy(timeout=timeout, retries=int(retries),
                                      # sites block or write to whoever the User-Agent names: the newsroom
                                      user_agent=env.get("KHABAR_USER_AGENT") or defaults.user_agent))


def parse_duration(text: str) -> float:
    """Seconds in "15m", "90s", "1h" or "300"."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match:
        raise KhabarError(f"cannot read the interval {text!r} — write it like 15m, 90s or 1h")
    return float(match.group(1)) * _UNITS[match.group(2)]


def _number(env, name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise KhabarError(f"{name}={value!r} is not a number") from None
