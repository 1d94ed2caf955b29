"""Telegram handlers: read the update, ask the dialogue engine off the event loop, render, reply."""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from index.errors import EmptyQuestion, KhabarError
from index.language import detect_language
from index.language.keywords import STOPWORDS
from index.language.translit import romanize

from . import feedback
from .dialogue import Dialogue, reply_language
from .replies import (LANG_USAGE, label, polite, render_about, render_language, render_latest, render_more,
                      render_turn, render_welcome)
from .serving.fairness import for_the_bot

log = logging.getLogger(__name__)
MAX_QUESTION = 500  # characters: longer messages are not questions
MORE = "more"


def dialogue_of(context: ContextTypes.DEFAULT_TYPE) -> Dialogue:
    return context.application.bot_data["dialogue"]


async def send(message: Message, text: str, **kwargs) -> Message | None:
    """Reply in HTML (the rate limiter paces it, waits out 429s and retries network errors)."""
    return await message.reply_text(text, parse_mode=ParseMode.HTML, do_quote=False, **kwargs)


def is_private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == ChatType.PRIVATE


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    dialogue = dialogue_of(context)
    index = dialogue.library.searcher().index
    examples = await asyncio.to_thread(example_questions, index)  # a database read: off the event loop
    await send(update.effective_message, render_welcome(examples, index.manifest.counts["documents"]))


def example_questions(index) -> list[str]:
    """Questions built from the corpus's most frequent content words (names, mostly)."""
    top = [w for w in index.frequent_words(100) if w not in STOPWORDS and len(w) > 2][:2] or ["लेख"]
    first = top[0]
    second = top[-1]
    return [f"{first} और {second} के बारे में क्या कहा गया?", f"{second} ने क्या कहा?",
            f"What did {romanize(second).title()} say?"]


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    index = dialogue_of(context).library.searcher().index
    documents = await asyncio.to_thread(index.documents, 20)
    await send(update.effective_message, render_about(index.manifest, documents))


LATEST_COUNT = 10


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The newest headlines, linked."""
    dialogue = dialogue_of(context)
    documents = await asyncio.to_thread(dialogue.library.searcher().index.documents, LATEST_COUNT)
    try:  # a database read: off the event loop, like every chat-store call
        language = await asyncio.to_thread(dialogue.own_words_language, update.effective_chat.id)
    except KhabarError:  # the chat store is down: the headlines still go out, in Hindi
        language = "hi"
    await send(update.effective_message, render_latest(documents, language))


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    choice = (context.args or ["auto"])[0].lower()
    known = await asyncio.to_thread(dialogue_of(context).set_language, update.effective_chat.id, choice)
    await send(update.effective_message, render_language(choice) if known else LANG_USAGE)


async def reset(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await asyncio.to_thread(dialogue_of(context).reset, update.effective_chat.id)
    await send(update.effective_message, polite("reset", await chosen_language(update, context)))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer(update, context, " ".join(context.args or []))


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if not is_private(update):
        if not for_the_bot(message, context.bot):
            return  # group chatter is not for us
        await answer(update, context, (message.text or "").replace(f"@{context.bot.username}", " "))
        return
    await answer(update, context, message.text or "")


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    started = time.perf_counter()
    message = update.effective_message
    dialogue = dialogue_of(context)
    chat_id = update.effective_chat.id
    if len(text) > MAX_QUESTION:
        # Off the event loop: the detector reads every word, and builds its word lists on first use.
        asked_in = await asyncio.to_thread(detect_language, text)
        await send(message, polite("too_long", reply_language(await chosen_language(update, context), asked_in)))
        return
    try:
        turn = await asyncio.to_thread(dialogue.ask, chat_id, text)
    except EmptyQuestion:
        await send(message, polite("empty", await chosen_language(update, context)))
        return
    translator = context.application.bot_data.get("translator")
    translation = await translator.for_turn(turn) if translator else None  # bounded: 3 s at most
    buttons = feedback.vote_buttons(context, turn, await feedback.log_turn(update, context, turn))
    if turn.more:
        buttons.append(InlineKeyboardButton(label(turn.language, "more"), callback_data=f"{MORE}:{turn.more}"))
    markup = InlineKeyboardMarkup([buttons]) if buttons else None
    await send(message, render_turn(turn, translation), reply_markup=markup)
    context.application.bot_data["metrics"].turn(turn, time.perf_counter() - started, chat_id)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if is_private(update):
        await send(update.effective_message, polite("not_text", await chosen_language(update, context)))


async def more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    answer_stamp = query.data.partition(":")[2] or None  # a bare "more" (buttons sent before stamps) pages the last
    paged = await asyncio.to_thread(dialogue_of(context).more, update.effective_chat.id, answer_stamp)
    if paged is None:  # the button of an earlier answer: that reply stays as it is
        await query.answer(polite("more_stale", await chosen_language(update, context)))
        return
    await query.answer()
    passages, language = paged
    try:
        votes = [b for row in (query.message.reply_markup.inline_keyboard if query.message.reply_markup else ())
                 for b in row if not (b.callback_data or "").startswith(MORE)]  # what is shown can still be voted on
        await query.edit_message_text(render_more(passages, language), parse_mode=ParseMode.HTML,
                                      reply_markup=InlineKeyboardMarkup([votes]) if votes else None)
    except BadRequest as exc:  # "message is not modified" on a double press
        log.info("more: %s", exc)


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update, context):
        return
    changed = await asyncio.to_thread(dialogue_of(context).library.reload)
    await send(update.effective_message, "reloaded" if changed else "index unchanged")


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not is_admin(update, context):
        return
    s = dialogue_of(context).stats
    await send(update.effective_message, f"questions {s.questions}, declined {s.declined}, small talk {s.small_talk}")


async def chosen_language(update: Update, context) -> str:
    """The chat's /lang choice ("auto" unless set, or while the chat store cannot be reached)."""
    if not update.effective_chat:
        return "auto"
    try:  # a database read: off the event loop, like every chat-store call
        return await asyncio.to_thread(dialogue_of(context).language, update.effective_chat.id)
    except KhabarError:  # the apology for a database that is down must not need the database
        return "auto"


def is_admin(update: Update, context) -> bool:
    return update.effective_user is not None and update.effective_user.id in context.application.bot_data["admins"]


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message and is_private(update):
        try:
            await update.effective_message.reply_text(polite("error", await chosen_language(update, context)),
                                                      parse_mode=ParseMode.HTML)
        except Exception:  # the apology itself may fail when Telegram is down; it is logged above
            log.warning("could not apologise", exc_info=True)
