"""Building and running the Telegram application."""

from __future__ import annotations

from telegram import LinkPreviewOptions
from telegram.ext import (AIORateLimiter, Application, CallbackQueryHandler, CommandHandler, Defaults,
                          MessageHandler, filters)

from index.feedback import ReaderLog

from . import feedback, handlers
from .dialogue import Dialogue
from .settings import BotSettings
from .translate import Translator


def build_application(settings: BotSettings, dialogue: Dialogue, translator: Translator | None = None,
                      readers: ReaderLog | None = None) -> Application:
    async def close_translator(_: Application) -> None:
        if translator is not None:
            await translator.aclose()

    application = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.replace("/bot", "/file/bot"))
        .rate_limiter(AIORateLimiter(max_retries=3))  # waits out 429 retry_after, then retries
        .concurrent_updates(True)  # one slow question must not hold up other chats
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
    application.bot_data["readers"] = readers  # the reader log (votes, /forget): index/feedback
    application.bot_data["retention_days"] = settings.index.retention_days
    for name, callback in [("start", handlers.start), ("help", handlers.start), ("about", handlers.about),
                           ("lang", handlers.lang), ("latest", handlers.latest), ("reset", handlers.reset), ("ask", handlers.ask_command),
                           ("reload", handlers.reload), ("stats", handlers.stats)]:
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(handlers.more, pattern=f"^{handlers.MORE}$"))
    for name, callback in [("forget", feedback.forget), ("privacy", feedback.privacy)]:
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(feedback.vote))  # every other press: votes, forged data too
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    application.add_handler(MessageHandler(~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
                                           handlers.not_text))
    application.add_error_handler(handlers.on_error)
    return application
