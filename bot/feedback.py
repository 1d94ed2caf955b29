"""The bot's side of the reader log (index/feedback): logging questions, 👍/👎 presses, /forget, /privacy.

Every database call runs off the event loop. Logging never costs an answer: when the log cannot be
written, the answer goes out without vote buttons and the failure is logged.
"""

from __future__ import annotations

import asyncio
import logging
import re
from html import escape

from telegram import InlineKeyboardButton, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from index.feedback import ReaderLog

from .conversation.state import MAX_IDLE
from .dialogue import Turn
from .replies import reader_text, render_privacy

log = logging.getLogger(__name__)
# "vote:<answer id>:up|down:<tag>": at most 41 bytes of Telegram's 64; the tag (ReaderLog.tag) tells
# our own buttons from forged ones, so nobody can vote on answers they were never shown.
VOTE = re.compile(r"vote:(\d{1,18}):(up|down):([A-Za-z0-9_-]{11})")


def readers_of(context: ContextTypes.DEFAULT_TYPE) -> ReaderLog | None:
    return context.application.bot_data.get("readers")


async def log_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, turn: Turn) -> int | None:
    """Log a question and what the bot answered (declined ones too); its id, or None if not logged."""
    readers = readers_of(context)
    if readers is None or turn.answer is None or update.effective_user is None:
        return None
    try:
        return await asyncio.to_thread(readers.log, update.effective_user.id, turn.answer)
    except Exception as exc:  # whatever the store raises (server down, disk full), the answer still goes out
        log.error("could not log a question (%s: %s); answering without vote buttons", type(exc).__name__, exc)
        return None


def vote_buttons(context: ContextTypes.DEFAULT_TYPE, turn: Turn, entry_id: int | None) -> list[InlineKeyboardButton]:
    """👍 / 👎 under an answer that was logged; none under a declined question."""
    readers = readers_of(context)
    if readers is None or entry_id is None or not (turn.answer and turn.answer.answered):
        return []
    tag = readers.tag(entry_id)
    return [InlineKeyboardButton("👍", callback_data=f"vote:{entry_id}:up:{tag}"),
            InlineKeyboardButton("👎", callback_data=f"vote:{entry_id}:down:{tag}")]


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any press that is not "more": a vote, or forged/stale data that gets a polite toast and counts nothing."""
    query = update.callback_query
    readers = readers_of(context)
    match = VOTE.fullmatch(query.data or "")
    if readers is None or match is None or not readers.signed(int(match[1]), match[3]):
        log.info("press with unknown callback data ignored")
        await query.answer(reader_text("vote_invalid"))
        return
    try:
        outcome, language = await asyncio.to_thread(readers.vote, int(match[1]), query.from_user.id, match[2] == "up")
    except Exception as exc:  # as for logging: the reader gets a polite toast, the operator one line
        log.error("could not record a vote (%s: %s)", type(exc).__name__, exc)
        await query.answer(reader_text("vote_failed"))
        return
    await query.answer(reader_text(f"vote_{outcome}", language or "auto"))  # the answer itself is never edited


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete everything kept about the asking user: logged questions, votes, their private chat's state."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    chats, readers = context.application.bot_data["dialogue"].chats, readers_of(context)

    def erase() -> tuple[bool, str]:
        here = chats.load(chat.id)  # read, not touched: only for the reply's language
        had_state = user.id in chats  # a user's private chat has the user's id
        chats.drop(user.id)
        rows = readers.forget(user.id) if readers else 0
        log.info("/forget: %d reader-log rows deleted, chat state %s", rows, "deleted" if had_state else "none")
        return bool(had_state or rows), here.language if here else "auto"

    erased, language = await asyncio.to_thread(erase)
    await reply(update, escape(reader_text("forgotten" if erased else "nothing_stored", language)))


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply(update, render_privacy(context.application.bot_data["retention_days"], int(MAX_IDLE // 86400)))


async def reply(update: Update, html: str) -> None:
    await update.effective_message.reply_text(html, parse_mode=ParseMode.HTML, do_quote=False)
