"""``python -m bot [run|chat] [--index DIR | --database URL]``."""

from __future__ import annotations

import argparse
import logging
import sys

from index.errors import KhabarError

from .settings import BotSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Khabar's Telegram bot and console chat.")
    parser.add_argument("mode", nargs="?", choices=["run", "chat", "bench"], default="run",
                        help="run: the Telegram bot (default); chat: the console chat; bench: load test on loopback")
    parser.add_argument("--index", help="index directory (default: KHABAR_INDEX_DIR or data/index)")
    parser.add_argument("--database", metavar="URL",
                        help="postgresql:// URL of the index, and of the chat state every replica shares "
                             "(default: KHABAR_DATABASE_URL; unset: --index, chat state in a file beside it)")
    parser.add_argument("--database-read", metavar="URL",
                        help="a read replica of --database: questions search the index there, chat state stays "
                             "on the primary (default: KHABAR_DATABASE_READ_URL; unset: --database)")
    parser.add_argument("--webhook-url", help="public HTTPS URL for webhook mode (default: long polling)")
    parser.add_argument("--listen", help="webhook (and metrics port) listen address (default 0.0.0.0)")
    parser.add_argument("--port", type=int, help="webhook port (default 8443)")
    parser.add_argument("--metrics-port", type=int,
                        help="polling mode: serve /metrics and /healthz on this port, on the --listen address "
                             "(default: KHABAR_METRICS_PORT; unset: not served — webhook mode serves them anyway)")
    parser.add_argument("--translate-url", help="LibreTranslate server for English translations of answers "
                                                "(default: KHABAR_TRANSLATE_URL; none: no translations)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.mode == "run" else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "faiss.loader"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        settings = BotSettings.resolve(index_dir=args.index, database=args.database,
                                       database_read=args.database_read, webhook_url=args.webhook_url,
                                       listen=args.listen, port=args.port, translate_url=args.translate_url,
                                       metrics_port=args.metrics_port)
        if args.mode == "bench":
            from .loopback.bench import run_bench

            return run_bench(settings)
        if args.mode == "run" and not settings.token:
            raise KhabarError("TELEGRAM_BOT_TOKEN is not set — get one from @BotFather, or use `python -m bot chat`")
        from .dialogue import Dialogue
        from .conversation.library import Library
        from .conversation.state import open_chat_store
        from .conversation.translate import Translator

        library = Library(settings.index.read_target)  # an unreachable database fails here, in one line
        chats = open_chat_store(settings.index.database, settings.index.index_dir, settings.max_chats)
        dialogue = Dialogue(library, settings.context_seconds, settings.max_chats, chats=chats)
        translator = Translator(settings.translate_url, settings.translate_api_key, settings.translate_budget) \
            if settings.translate_url else None
        if args.mode == "chat":
            from .console import chat

            return chat(dialogue, translator)
        from index.feedback import open_reader_log

        from .app import build_application

        application = build_application(settings, dialogue, translator, open_reader_log(settings.index))
        if settings.webhook_url:
            import asyncio

            from .serving.webhook import serve

            asyncio.run(serve(application, settings.webhook_url, settings.listen, settings.port,
                              settings.webhook_secret))
        else:
            if settings.metrics_port:
                from .serving.webhook import serve_health_beside_polling

                serve_health_beside_polling(application, settings.listen, settings.metrics_port)
            application.run_polling()
        return 0
    except KhabarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
