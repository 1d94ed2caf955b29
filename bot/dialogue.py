"""The dialogue engine shared by the Telegram bot and the console chat.

It turns a chat's message into an answer, remembering just enough per chat to read
follow-ups ("और पुतिन ने क्या जवाब दिया?") in the light of the previous question and to page
through more passages. Small talk ("नमस्ते", "thanks") is recognised first: it is answered in
kind and never taken for a follow-up. That memory lives in a chat store (``state.py``), not in
the process, so bot replicas share it; it is bounded: old chats are forgotten, context expires.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from index.errors import EmptyQuestion
from index.search import Answer
from index.text import words

from .conversation.library import Library
from .conversation.smalltalk import small_talk
from .conversation.state import ChatState, ChatStore, SQLiteChatStore

# Words that open a follow-up: it leans on the previous question for its subject.
FOLLOW_UP_OPENERS = frozenset("""
और तो फिर उसने उन्होंने उसका उनका उसकी उनकी उसे उन्हें वह वे इसके इसका इस उस यह
and then he she they his her their him them also
aur to phir usne unhone unhonne uska unka
""".split())
SHORT_FOLLOW_UP = 3  # words: "और पुतिन?" or "kab?" cannot stand alone
LANGUAGES = ("hi", "en", "hi-latn")  # what /lang may choose, besides "auto"


@dataclass(frozen=True)
class Turn:
    """What the engine decided; rendering is the caller's business."""

    answer: Answer | None  # None for small talk
    language: str  # language of the reply's labels: "hi", "en" or "hi-latn"
    followed_up: bool = False
    small_talk: str | None = None  # its kind ("greeting", "thanks", …) when the message was small talk
    latin: bool = False  # write the answer in Latin letters: the chat reads Hindi that way
    more: str | None = None  # the answer's stamp when it has more passages to page through ("more" carries it)


@dataclass
class Stats:
    questions: int = 0
    declined: int = 0
    small_talk: int = 0


class Dialogue:
    """``chats``: where chat state lives (default: an in-memory SQLite store of ``max_chats`` chats).
    ``clock``: wall-clock seconds — replicas compare each other's times through the store."""

    def __init__(self, library: Library, context_seconds: float = 600.0, max_chats: int = 10_000,
                 clock=time.time, chats: ChatStore | None = None) -> None:
        self.library = library
        self.context_seconds = context_seconds
        self.chats = chats if chats is not None else SQLiteChatStore(max_chats=max_chats)
        self.stats = Stats()
        self._clock = clock
        self._lock = threading.Lock()  # questions run in worker threads

    def _load(self, chat_id: int) -> ChatState:
        return self.chats.load(chat_id) or ChatState()

    def language(self, chat_id: int) -> str:
        """The chat's /lang choice, read without marking the chat active."""
        return self._load(chat_id).language

    def own_words_language(self, chat_id: int) -> str:
        """The language of the bot's own words to a chat (/latest): its /lang choice, else the one it
        last wrote in (a declined question and a "thanks" count too), else Hindi."""
        state = self._load(chat_id)
        stored_before = state.last_answer.language if state.last_answer else None  # a state kept before asked_in
        return reply_language(state.language, state.asked_in or stored_before or "hi")

    def state(self, chat_id: int) -> ChatState:
        """The chat's state, marking the chat as active (the least recently active are forgotten)."""
        return self.chats.update(chat_id, lambda state: state)

    def ask(self, chat_id: int, text: str, k: int = 3) -> Turn:
        """Answer ``text`` in chat ``chat_id`` (blocking: call it off the event loop)."""
        if not text or not any(ch.isalnum() for ch in text):
            raise EmptyQuestion()
        chat = small_talk(text)
        if chat is not None:  # before the follow-up logic: "नमस्ते" is not a short follow-up
            with self._lock:
                self.stats.small_talk += 1
            state = self.chats.update(chat_id, lambda current: _asked_in(current, chat.language))
            return Turn(None, reply_language(state.language, chat.language), small_talk=chat.kind)
        state = self._load(chat_id)
        now = self._clock()
        fresh = state.last_question and now - state.asked_at <= self.context_seconds
        context = state.last_question if fresh and is_follow_up(text) else None
        answer = self.library.searcher().search(text, k=max(k, 5), context=context)
        followed = context is not None
        with self._lock:
            self.stats.questions += 1
            self.stats.declined += not answer.answered

        def record(current: ChatState) -> ChatState:
            """Only what this turn changed: a /lang or a "more" meanwhile on another replica stays."""
            if answer.answered:
                current.last_question = f"{context} {text}" if followed else text
                current.last_answer, current.asked_at, current.shown = answer, now, 1
            return _asked_in(current, answer.language)

        state = self.chats.update(chat_id, record)
        language = reply_language(state.language, answer.language)
        more = stamp(state) if answer.answered and state.shown < len(answer.passages) else None
        return Turn(answer, language, followed, latin="hi-latn" in (language, answer.language), more=more)

    def more(self, chat_id: int, answer_stamp: str | None = None, count: int = 2):
        """The next passages of the chat's last answer, or [] when there are none; None when
        ``answer_stamp`` names an earlier answer (a "more" under an old reply must not page a newer one)."""
        def page(state: ChatState):
            if answer_stamp is not None and (state.last_answer is None or stamp(state) != answer_stamp):
                return None
            if state.last_answer is None:
                return [], "en"
            passages = state.last_answer.passages[state.shown:state.shown + count]
            state.shown += len(passages)
            return passages, reply_language(state.language, state.last_answer.language)

        return self.chats.update(chat_id, page)

    def has_more(self, chat_id: int) -> bool:
        state = self._load(chat_id)
        return state.last_answer is not None and state.shown < len(state.last_answer.passages)

    def set_language(self, chat_id: int, language: str) -> bool:
        """/lang: "hi", "en", "hi-latn" or "auto"; False (and no change) for anything else."""
        if language not in (*LANGUAGES, "auto"):
            return False

        def choose(state: ChatState) -> None:
            state.language = language

        self.chats.update(chat_id, choose)
        return True

    def reset(self, chat_id: int) -> None:
        self.chats.drop(chat_id)


def stamp(state: ChatState) -> str:
    """Eight hex digits naming the chat's last answer (from when it was asked): "more" buttons carry it."""
    return format(int(state.asked_at * 1000) % 16**8, "08x")


def is_follow_up(text: str) -> bool:
    tokens = words(text)
    return bool(tokens) and (len(tokens) <= SHORT_FOLLOW_UP or tokens[0] in FOLLOW_UP_OPENERS
                             or tokens[:2] == ["what", "about"])


def _asked_in(state: ChatState, language: str) -> ChatState:
    state.asked_in = language
    return state


def reply_language(preference: str, question_language: str) -> str:
    """The asker's own: Hindi, English, or Hindi in Latin letters — unless /lang says otherwise."""
    if preference in LANGUAGES:
        return preference
    return question_language if question_language in LANGUAGES else "hi"

