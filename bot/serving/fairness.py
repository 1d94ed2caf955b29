"""A fair share for every chat: a small budget of updates in flight and per minute, checked before
any work is queued.

The check runs in PTB's update processor, which sees each update before any handler does and
knows when its handling ends. Within its budget an update is handled as usual; beyond it, it is
dropped (not queued, so a flood never delays anyone else), and the chat is told once per window
to slow down. The budget belongs to a private chat, or to one member of a group; button presses
share it with messages. Group chatter the bot does not answer costs nothing and is not counted.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Hashable

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor, filters

from index.language import detect_language

from ..replies import label, polite
from .metrics import Metrics

WINDOW = 60.0  # seconds: the per-minute budget's window
MAX_KEYS = 100_000  # budgets remembered at most; idle ones go first


@dataclass
class Usage:
    window_start: float
    admitted: int = 0  # in this window
    in_flight: int = 0
    told: bool = False  # the chat was asked to slow down in this window


@dataclass(frozen=True)
class Verdict:
    admitted: bool
    limit: str | None = None  # "in_flight" or "per_minute" when refused
    tell: bool = False  # the first refusal of the window: say "please slow down"


class Budgets:
    """Per-key budgets, O(1) per update, at most ``max_keys`` kept (least recently seen go first).
    Not thread-safe: it lives on the event loop."""

    def __init__(self, in_flight: int, per_minute: int, window: float = WINDOW, max_keys: int = MAX_KEYS,
                 clock=time.monotonic) -> None:
        self.in_flight, self.per_minute, self.window = in_flight, per_minute, window
        self.max_keys = max_keys
        self._clock = clock
        self._usage: OrderedDict[Hashable, Usage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._usage)

    def admit(self, key: Hashable) -> Verdict:
        now = self._clock()
        usage = self._usage.get(key)
        if usage is None:
            usage = self._usage[key] = Usage(now)
        else:
            self._usage.move_to_end(key)
            if now - usage.window_start >= self.window:
                usage.window_start, usage.admitted, usage.told = now, 0, False
        self._evict(now)
        limit = ("in_flight" if usage.in_flight >= self.in_flight
                 else "per_minute" if usage.admitted >= self.per_minute else None)
        if limit is None:
            usage.admitted += 1
            usage.in_flight += 1
            return Verdict(True)
        tell, usage.told = not usage.told, True
        return Verdict(False, limit, tell)

    def release(self, key: Hashable) -> None:
        usage = self._usage.get(key)
        if usage is not None:  # evicted meanwhile under pressure: nothing to give back
            usage.in_flight -= 1

    def _evict(self, now: float) -> None:
        """Drop the least recently seen budgets while they are idle (their window over, nothing in
        flight) or while there are too many. Each budget is dropped once: O(1) amortised."""
        while self._usage:
            key, usage = next(iter(self._usage.items()))
            idle = usage.in_flight <= 0 and now - usage.window_start >= self.window
            if not idle and len(self._usage) <= self.max_keys:
                return
            del self._usage[key]


def for_the_bot(message, bot) -> bool:
    """A group message the bot answers: it mentions the bot or replies to one of its messages."""
    replied = message.reply_to_message
    return (f"@{bot.username}".lower() in (message.text or "").lower()
            or bool(replied and replied.from_user and replied.from_user.id == bot.id))


def budget_key(update: object) -> Hashable | None:
    """Whose budget an update spends: the private chat's, or the group member's; None for what
    costs nothing (group chatter not meant for the bot, updates without a chat)."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return None
    chat, user = update.effective_chat, update.effective_user
    private = chat.type == ChatType.PRIVATE
    if update.callback_query is None:
        message = update.effective_message
        if message is None or not (private or filters.COMMAND.check_update(update)
                                   or for_the_bot(message, update.get_bot())):
            return None
    return chat.id if private or user is None else (chat.id, user.id)


class FairProcessor(BaseUpdateProcessor):
    """PTB's concurrent update processor with a budget check in front of every update."""

    def __init__(self, budgets: Budgets, metrics: Metrics, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self.budgets, self.metrics = budgets, metrics

    async def do_process_update(self, update: object, coroutine: Awaitable) -> None:
        key = budget_key(update)
        if key is None:
            await coroutine
            return
        verdict = self.budgets.admit(key)
        if not verdict.admitted:
            coroutine.close()  # never started: the update is dropped
            await self.refuse(update, verdict)
            return
        try:
            await coroutine
        finally:
            self.budgets.release(key)

    async def refuse(self, update: Update, verdict: Verdict) -> None:
        query = update.callback_query
        self.metrics.refusal("button" if query else "message", verdict.limit, update.effective_chat.id, verdict.tell)
        try:
            if query is not None:  # every press is answered, or its button keeps spinning
                await query.answer("\n".join(label(language, "slow_down_press") for language in ("hi", "en")))
            elif verdict.tell:
                # The language of the message itself: the chat's /lang choice would cost a database read.
                # In a group, quoting the message tells the member it is meant for them.
                message = update.effective_message
                language = await asyncio.to_thread(detect_language, message.text) if message.text else "auto"
                await message.reply_text(polite("slow_down", language), parse_mode=ParseMode.HTML,
                                         do_quote=update.effective_chat.type != ChatType.PRIVATE)
        except TelegramError:  # counted and logged by the rate limiter; a refusal has nothing more to do
            pass

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
