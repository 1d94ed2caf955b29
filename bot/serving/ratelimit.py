"""Every Bot API call but getUpdates passes through here: paced, retried, and counted.

PTB's AIORateLimiter keeps to Telegram's rates and waits out a 429's retry_after. On top of it,
calls that fail for the network's sake (no connection, a timeout, a 5xx) are tried again a few
times; Telegram refusing a call (4xx) is final. Each failed attempt, and each retry, is counted
by kind — the one place the bot's Telegram errors are seen.
"""

from __future__ import annotations

import asyncio

from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import AIORateLimiter

from .metrics import Metrics

NETWORK_ATTEMPTS = 3


class CountingRateLimiter(AIORateLimiter):
    def __init__(self, metrics: Metrics, max_retries: int = 3, network_attempts: int = NETWORK_ATTEMPTS) -> None:
        super().__init__(max_retries=max_retries)
        self.metrics = metrics
        self.network_attempts = network_attempts

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        last_failure: str | None = None

        async def attempt(*a, **kw):
            nonlocal last_failure
            if last_failure is not None:  # called again after a failure: AIORateLimiter's or ours
                self.metrics.telegram_retry(last_failure)
            try:
                return await callback(*a, **kw)
            except TelegramError as exc:
                last_failure = self.metrics.telegram_error(exc, endpoint)
                raise

        tried = 1
        while True:
            try:
                return await super().process_request(attempt, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # a NetworkError to PTB, but Telegram's final word
                raise
            except NetworkError:
                if tried >= self.network_attempts:
                    raise
            await asyncio.sleep(0.5 * tried)
            tried += 1
