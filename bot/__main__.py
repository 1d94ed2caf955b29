"""``python -m bot [run|chat] [--index DIR]``."""

from __future__ import annotations

import argparse
import logging
import sys

from index.errors import KhabarError

from .settings import BotSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Khabar's Telegram bot and console chat.")
    parser.add_argument("mode", nargs="?", choices=["run", "chat"], default="run",
                        help="run: the Telegram bot (default); chat: the console chat")
    parser.add_argument("--index", help="index directory (default: KHABAR_INDEX_DIR or data/index)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.mode == "run" else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = BotSettings.resolve(index_dir=args.index)
        if args.mode == "run" and not settings.token:
            raise KhabarError("TELEGRAM_BOT_TOKEN is not set — get one from @BotFather, or use `python -m bot chat`")
        from .dialogue import Dialogue
        from .library import Library

        dialogue = Dialogue(Library(settings.index.index_dir), settings.context_seconds, settings.max_chats)
        if args.mode == "chat":
            from .console import chat

            return chat(dialogue)
        from .app import build_application

        build_application(settings, dialogue).run_polling(drop_pending_updates=False)
        return 0
    except KhabarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
