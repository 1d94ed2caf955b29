"""Chat and user ids as they appear in logs: a keyed hash, so a log line can be joined to another line
about the same chat but never read back to the person."""

from __future__ import annotations

import hashlib
import hmac

LENGTH = 16  # hex characters (64 bits): collisions are negligible for any bot's number of chats


def pseudonym(value: int, salt: bytes) -> str:
    """HMAC-SHA256 of ``value`` keyed with ``salt``, truncated: the same chat always maps to the same name
    under one salt; without the salt, no id can be tested against it."""
    return hmac.new(salt, str(value).encode(), hashlib.sha256).hexdigest()[:LENGTH]
