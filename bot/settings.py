"""Bot settings: built once at the entry point from flags and the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from index.errors import KhabarError
from index.settings import IndexSettings

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


@dataclass(frozen=True)
class BotSettings:
    index: IndexSettings
    token: str | None
    api_base_url: str
    admin_ids: frozenset[int]
    webhook_url: str | None = None  # set: webhook mode; unset: long polling
    listen: str = "0.0.0.0"
    port: int = 8443
    webhook_secret: str = ""  # Telegram echoes it in a header; random per start unless KHABAR_WEBHOOK_SECRET
    context_seconds: float = 600.0  # a follow-up must come within ten minutes of its question
    max_chats: int = 10_000  # chats whose context we remember; the least recent are forgotten
    translate_url: str | None = None  # a LibreTranslate server: English answers carry a machine translation
    translate_api_key: str | None = None  # sent as "api_key" when the server wants one
    translate_budget: float = 3.0  # seconds a reply may wait for its translation; then it goes without
    metrics_port: int | None = None  # polling mode: serve /metrics and /healthz on this port
    chat_in_flight: int = 2  # a chat's (a group member's) updates being handled at once; more are dropped
    chat_per_minute: int = 20  # a chat's (a group member's) updates handled per minute; more are dropped

    @classmethod
    def resolve(cls, index_dir: str | None = None, database: str | None = None, database_read: str | None = None,
                webhook_url: str | None = None, listen: str | None = None, port: int | None = None,
                translate_url: str | None = None, metrics_port: int | None = None,
                env: dict | None = None) -> "BotSettings":
        env = os.environ if env is None else env
        try:
            admins = frozenset(int(x) for x in env.get("KHABAR_ADMIN_IDS", "").replace(",", " ").split())
        except ValueError:
            raise KhabarError("KHABAR_ADMIN_IDS must be Telegram user ids separated by commas") from None
        translate_url = translate_url or env.get("KHABAR_TRANSLATE_URL") or None
        if translate_url and not translate_url.startswith(("http://", "https://")):
            raise KhabarError(f"KHABAR_TRANSLATE_URL must be an http(s) address, like http://localhost:5000 — "
                              f"not {translate_url!r}")
        return cls(index=IndexSettings.resolve(index_dir=index_dir, database=database, database_read=database_read,
                                                    env=env),
                   token=env.get("TELEGRAM_BOT_TOKEN") or None,
                   api_base_url=env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
                   admin_ids=admins,
                webhook_url=webhook_url or env.get("KHABAR_WEBHOOK_URL") or None,
                listen=listen or env.get("KHABAR_LISTEN") or "0.0.0.0",
                port=port or int(env.get("KHABAR_PORT") or 8443),
                webhook_secret=env.get("KHABAR_WEBHOOK_SECRET") or secrets.token_urlsafe(32),
                translate_url=translate_url,
                translate_api_key=env.get("KHABAR_TRANSLATE_API_KEY") or None,
                metrics_port=metrics_port or positive(env, "KHABAR_METRICS_PORT", None),
                chat_in_flight=positive(env, "KHABAR_CHAT_INFLIGHT", cls.chat_in_flight),
                chat_per_minute=positive(env, "KHABAR_CHAT_PER_MINUTE", cls.chat_per_minute))


def positive(env, name: str, default: int | None) -> int | None:
    """A positive whole number from the environment, or ``default`` when unset."""
    value = env.get(name)
    if not value:
        return default
    if not value.strip().isdigit() or int(value) < 1:
        raise KhabarError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)
