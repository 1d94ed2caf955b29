"""Building and running the Telegram application."""

from __future__ import annotations

import secrets

from telegram import LinkPreviewOptions
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, Defaults, MessageHandler, filters

from index.feedback import ReaderLog

from . import feedback, handlers
from .conversation.translate import Translator
from .dialogue import Dialogue
from .serving.fairness import Budgets, FairProcessor
from .serving.metrics import Metrics
from .serving.ratelimit import CountingRateLimiter
from .settings import BotSettings


def build_application(settings: BotSettings, dialogue: Dialogue, translator: Translator | None = None,
                      readers: ReaderLog | None = None) -> Application:
    async def close_translator(_: Application) -> None:
        if translator is not None:
            await translator.aclose()

    # The salt is read at each event: whoever makes it persistent may replace it in bot_data.
    metrics = Metrics(dialogue.library, salt=lambda: application.bot_data["salt"])
    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.replace("/bot", "/file/bot"))
        .rate_limiter(CountingRateLimiter(metrics, max_retries=3))  # waits out 429s, retries 5xx; counts errors
        # Concurrent, so one slow question does not hold up other chats; each chat within its budget.
        .concurrent_updates(FairProcessor(Budgets(settings.chat_in_flight, settings.chat_per_minute), metrics))
        .read_timeout(10).write_timeout(10).connect_timeout(5)
        .get_updates_read_timeout(42)
        .post_shutdown(close_translator)
        # Answers cite their articles with links: one preview card per reply would bury the answer.
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .build()
    )
    application.bot_data["dialogue"] = dialogue
    application.bot_data["admins"] = settings.admin_ids
    application.bot_data["translator"] = translator
    application.bot_data["metrics"] = metrics
    application.bot_data["readers"] = readers  # the reader log (votes, /forget): index/feedback
    application.bot_data["retention_days"] = settings.index.retention_days
    # Chat pseudonyms in logs are keyed like the reader log's user hashes (KHABAR_HASH_SALT, or the key kept
    # in the log), so they are stable across restarts and replicas; a different message keeps them unlinkable.
    application.bot_data["salt"] = readers.key if readers is not None else \
        (settings.index.hash_salt or "").encode() or secrets.token_bytes(32)
    for name, callback in [("start", handlers.start), ("help", handlers.start), ("about", handlers.about),
                           ("lang", handlers.lang), ("latest", handlers.latest), ("reset", handlers.reset), ("ask", handlers.ask_command),
                           ("reload", handlers.reload), ("stats", handlers.stats)]:
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(handlers.more, pattern=f"^{handlers.MORE}(:[0-9a-f]{{8}})?$"))
    for name, callback in [("forget", feedback.forget), ("privacy", feedback.privacy)]:
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(feedback.vote))  # every other press: votes, forged data too
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    application.add_handler(MessageHandler(~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                                           handlers.not_text))
    application.add_error_handler(handlers.on_error)
    application.add_error_handler(metrics.on_polling_error)
    return application
