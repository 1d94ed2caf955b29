"""``python -m bot chat``: the dialogue engine in a terminal."""

from __future__ import annotations

import html
import re
import sys

from index.errors import DatabaseUnavailable, EmptyQuestion

from .conversation.translate import Translator
from .dialogue import Dialogue
from .replies import LANG_USAGE, polite, render_language, render_latest, render_turn

CONSOLE_CHAT = 0


def to_plain(html_text: str) -> str:
    """Telegram HTML → terminal text: bold as **…**, quotes indented, links followed by their URL."""
    text = re.sub(r"</?b>", "**", html_text)
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"\2 (\1)", text, flags=re.S)
    text = re.sub(r"<blockquote>(.*?)</blockquote>", lambda m: "  " + m.group(1).replace("\n", "\n  "), text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def chat(dialogue: Dialogue, translator: Translator | None = None, stdin=sys.stdin, stdout=sys.stdout) -> int:
    interactive = stdin.isatty()
    if interactive:
        print("Khabar — ask about the articles; /lang hi|en|hi-latn|auto, /reset (Ctrl-D to quit).", file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return 0
        question = line.strip()
        if not question:
            continue
        print(to_plain(reply_to(dialogue, translator, question)), file=stdout, flush=True)
        if not interactive:
            print(file=stdout)


def reply_to(dialogue: Dialogue, translator: Translator | None, line: str) -> str:
    """The reply (Telegram HTML) to one line: /lang and /reset as in Telegram, anything else is asked."""
    command, _, argument = line.partition(" ")
    if command == "/lang":
        choice = argument.strip().lower() or "auto"
        return render_language(choice) if dialogue.set_language(CONSOLE_CHAT, choice) else LANG_USAGE
    if command == "/latest":
        return render_latest(dialogue.library.searcher().index.documents(10), dialogue.own_words_language(CONSOLE_CHAT))
    if command == "/reset":
        language = dialogue.state(CONSOLE_CHAT).language
        dialogue.reset(CONSOLE_CHAT)
        return polite("reset", language)
    try:
        turn = dialogue.ask(CONSOLE_CHAT, line)
    except EmptyQuestion:
        return polite("empty", dialogue.state(CONSOLE_CHAT).language)
    except DatabaseUnavailable:  # a database restarting costs this question, not the chat
        return polite("error", "auto")
    return render_turn(turn, translator.for_turn_sync(turn) if translator else None)
