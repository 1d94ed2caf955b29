"""The dialogue engine shared by the Telegram bot and the console chat.

It turns a chat's message into an answer, remembering just enough per chat to read
follow-ups ("और पुतिन ने क्या जवाब दिया?") in the light of the previous question and to page
through more passages. Small talk ("नमस्ते", "thanks") is recognised first: it is answered in
kind and never taken for a follow-up. Memory is bounded: old chats are forgotten, context expires.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from index.errors import EmptyQuestion
from index.search import Answer
from index.text import words

from .library import Library
from .smalltalk import small_talk

# Words that open a follow-up: it leans on the previous question for its subject.
FOLLOW_UP_OPENERS = frozenset("""
और तो फिर उसने उन्होंने उसका उनका उसकी उनकी उसे उन्हें वह वे इसके इसका इस उस यह
and then he she they his her their him them also
aur to phir usne unhone unhonne uska unka
""".split())
SHORT_FOLLOW_UP = 3  # words: "और पुतिन?" or "kab?" cannot stand alone
LANGUAGES = ("hi", "en", "hi-latn")  # what /lang may choose, besides "auto"


@dataclass
class ChatState:
    last_question: str | None = None
    last_answer: Answer | None = None
    asked_at: float = 0.0
    language: str = "auto"  # "auto", "hi", "en" or "hi-latn": the language of the bot's own words
    shown: int = 1  # passages of last_answer already shown


@dataclass(frozen=True)
class Turn:
    """What the engine decided; rendering is the caller's business."""

    answer: Answer | None  # None for small talk
    language: str  # language of the reply's labels: "hi", "en" or "hi-latn"
    followed_up: bool = False
    small_talk: str | None = None  # its kind ("greeting", "thanks", …) when the message was small talk
    latin: bool = False  # write the answer in Latin letters: the chat reads Hindi that way


@dataclass
class Stats:
    questions: int = 0
    declined: int = 0
    small_talk: int = 0


class Dialogue:
    def __init__(self, library: Library, context_seconds: float = 600.0, max_chats: int = 10_000,
                 clock=time.monotonic) -> None:
        self.library = library
        self.context_seconds = context_seconds
        self.max_chats = max_chats
        self.stats = Stats()
        self._clock = clock
        self._chats: OrderedDict[int, ChatState] = OrderedDict()
        self._lock = threading.Lock()  # questions run in worker threads

    def state(self, chat_id: int) -> ChatState:
        with self._lock:
            state = self._chats.pop(chat_id, None) or ChatState()
            self._chats[chat_id] = state  # most recent last
            while len(self._chats) > self.max_chats:
                self._chats.popitem(last=False)
            return state

    def ask(self, chat_id: int, text: str, k: int = 3) -> Turn:
        """Answer ``text`` in chat ``chat_id`` (blocking: call it off the event loop)."""
        if not text or not any(ch.isalnum() for ch in text):
            raise EmptyQuestion()
        state = self.state(chat_id)
        chat = small_talk(text)
        if chat is not None:  # before the follow-up logic: "नमस्ते" is not a short follow-up
            with self._lock:
                self.stats.small_talk += 1
            return Turn(None, reply_language(state.language, chat.language), small_talk=chat.kind)
        now = self._clock()
        fresh = state.last_question and now - state.asked_at <= self.context_seconds
        context = state.last_question if fresh and is_follow_up(text) else None
        answer = self.library.searcher().search(text, k=max(k, 5), context=context)
        followed = context is not None
        with self._lock:
            self.stats.questions += 1
            self.stats.declined += not answer.answered
        if answer.answered:
            state.last_question = f"{context} {text}" if followed else text
            state.last_answer, state.asked_at, state.shown = answer, now, 1
        language = reply_language(state.language, answer.language)
        return Turn(answer, language, followed, latin="hi-latn" in (language, answer.language))

    def more(self, chat_id: int, count: int = 2):
        """The next passages of the chat's last answer, or [] when there are none."""
        state = self.state(chat_id)
        if state.last_answer is None:
            return [], "en"
        passages = state.last_answer.passages[state.shown:state.shown + count]
        state.shown += len(passages)
        return passages, reply_language(state.language, state.last_answer.language)

    def has_more(self, chat_id: int) -> bool:
        state = self.state(chat_id)
        return state.last_answer is not None and state.shown < len(state.last_answer.passages)

    def set_language(self, chat_id: int, language: str) -> bool:
        """/lang: "hi", "en", "hi-latn" or "auto"; False (and no change) for anything else."""
        if language not in (*LANGUAGES, "auto"):
            return False
        self.state(chat_id).language = language
        return True

    def reset(self, chat_id: int) -> None:
        with self._lock:
            self._chats.pop(chat_id, None)


def is_follow_up(text: str) -> bool:
    tokens = words(text)
    return bool(tokens) and (len(tokens) <= SHORT_FOLLOW_UP or tokens[0] in FOLLOW_UP_OPENERS
                             or tokens[:2] == ["what", "about"])


def reply_language(preference: str, question_language: str) -> str:
    """The asker's own: Hindi, English, or Hindi in Latin letters — unless /lang says otherwise."""
    if preference in LANGUAGES:
        return preference
    return question_language if question_language in LANGUAGES else "hi"

