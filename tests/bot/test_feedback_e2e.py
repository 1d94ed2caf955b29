"""Votes, /forget and /privacy through the real bot process and the fake Bot API, on both stores;
then the editors' report reads what the bot wrote."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.loopback.bench import start_bot
from bot.loopback.fake_telegram import FakeTelegram
from index.build import build_index
from index.feedback import open_store

from .test_dialogue import EXACT
from .test_telegram_e2e import ask, stop

ROOT = Path(__file__).resolve().parents[2]
ALICE, BOB = 555_001, 555_002  # user ids (= their private chats): they must never show in a report


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, seed_corpus, tmp_path, fake_embedder, monkeypatch):
    """Where the index, the chat state and the reader log live: a directory, or one database."""
    monkeypatch.delenv("KHABAR_HASH_SALT", raising=False)
    monkeypatch.delenv("KHABAR_DATABASE_URL", raising=False)
    target = request.getfixturevalue("database_url") if request.param == "postgres" else tmp_path / "index"
    build_index(seed_corpus, target, fake_embedder)
    if request.param == "postgres":
        monkeypatch.setenv("KHABAR_DATABASE_URL", target)
    return target


@pytest.fixture
def bot(target, tmp_path):
    server = FakeTelegram()
    process = start_bot(server, target if isinstance(target, Path) else tmp_path / "no-index-here")
    yield server
    code, output = stop(process)
    server.close()
    assert code == 0 and "Traceback" not in output, output


def keyboard(server, chat: int) -> tuple[int, list[dict]]:
    """The last reply's message id and its buttons."""
    reply = [p for p in server.calls_of("sendMessage") if int(p["chat_id"]) == chat][-1]
    markup = json.loads(reply.get("reply_markup") or '{"inline_keyboard": [[]]}')
    return reply["message_id"], markup["inline_keyboard"][0]


def press(server, user: int, data: str, message_id: int) -> str:
    """Press a button as ``user``; the text of the bot's acknowledgement."""
    before = len(server.calls_of("answerCallbackQuery"))
    server.push_callback(user, data, message_id)
    assert server.wait_for(lambda: len(server.calls_of("answerCallbackQuery")) > before), f"{data!r} not acknowledged"
    return server.calls_of("answerCallbackQuery")[before].get("text", "")


def report(target, *args) -> subprocess.CompletedProcess:
    where = ["--database", target] if isinstance(target, str) else ["--index", target]
    return subprocess.run([sys.executable, "-m", "index", *map(str, args), *map(str, where)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)


def counts(target) -> dict[str, tuple[int, int]]:
    store = open_store(target, create=False)
    try:
        return {e.question: (e.up, e.down) for e in store.voted(0)}
    finally:
        store.close()


def test_votes_are_counted_once_per_user_and_answer_and_never_edit_the_answer(bot, target):
    assert "जल्द मिलेंगे" in ask(bot, ALICE, EXACT)
    message_id, buttons = keyboard(bot, ALICE)
    assert [b["text"] for b in buttons][:2] == ["👍", "👎"] and re.fullmatch(r"more:[0-9a-f]{8}", buttons[2]["callback_data"])
    up, down = buttons[0]["callback_data"], buttons[1]["callback_data"]
    assert all(len(d.encode()) <= 64 for d in (up, down))

    assert "दर्ज हो गई" in press(bot, ALICE, up, message_id)
    assert "पहले से दर्ज" in press(bot, ALICE, up, message_id)  # the same vote again counts once
    assert counts(target) == {EXACT: (1, 0)}
    assert "बदल दी" in press(bot, ALICE, down, message_id)  # the other vote replaces it
    assert "दर्ज हो गई" in press(bot, BOB, down, message_id)  # another reader's vote is their own
    assert counts(target) == {EXACT: (0, 2)}

    for forged in ["vote:1:up:AAAAAAAAAAA", up.replace(":up:", ":down:")[:-1] + "x", "garbage", "vote:1:up",
                   up.replace("vote:", "vote:9"), "x" * 64]:
        assert "This button does not work" in press(bot, BOB, forged, message_id)
    assert counts(target) == {EXACT: (0, 2)}  # nothing counted
    assert not bot.calls_of("editMessageText")  # no press edited the answer away

    assert "do not answer" in ask(bot, BOB, "What is the capital of France?")
    assert keyboard(bot, BOB)[1] == []  # declined: nothing to vote on

    marked = report(target, "feedback")
    assert marked.returncode == 0, marked.stderr
    assert EXACT in marked.stdout and "👎 2" in marked.stdout and "बीजिंग में पुतिन और किम की मुलाकात" in marked.stdout
    assert str(ALICE) not in marked.stdout and str(BOB) not in marked.stdout
    rows = [json.loads(line) for line in report(target, "feedback", "--json").stdout.splitlines()]
    assert [(r["question"], r["down"], r["doc_id"]) for r in rows] == [(EXACT, 2, "putin-kim-beijing.txt")]
    assert "passage" in rows[0] and not {"user", "user_hash", "user_id"} & set(rows[0])


def test_a_flood_of_presses_leaves_one_vote_and_more_keeps_the_vote_buttons(bot, target):
    assert "जल्द मिलेंगे" in ask(bot, ALICE, EXACT)
    message_id, buttons = keyboard(bot, ALICE)
    before = len(bot.calls_of("answerCallbackQuery"))
    for i in range(30):  # answered concurrently by the bot's workers
        bot.push_callback(ALICE, buttons[i % 2]["callback_data"], message_id)
    assert bot.wait_for(lambda: len(bot.calls_of("answerCallbackQuery")) == before + 30)
    assert sum(counts(target)[EXACT]) == 1  # one vote (which one depends on the order of the last two presses)

    bot.push_callback(ALICE, "more", message_id, reply_markup={"inline_keyboard": [buttons]})
    assert bot.wait_for(lambda: bot.calls_of("editMessageText"))
    edited = bot.calls_of("editMessageText")[0]
    assert "blockquote" in edited["text"]
    assert [b["text"] for b in json.loads(edited["reply_markup"])["inline_keyboard"][0]] == ["👍", "👎"]


def test_forget_erases_the_users_questions_votes_and_chat_state(bot, target):
    assert "जल्द मिलेंगे" in ask(bot, ALICE, EXACT)
    message_id, buttons = keyboard(bot, ALICE)
    press(bot, ALICE, buttons[0]["callback_data"], message_id)
    assert "Bye" in ask(bot, BOB, "bye")  # small talk: chat state, nothing logged
    assert "do not answer" in ask(bot, BOB, "What is the capital of France?")

    forgotten = ask(bot, ALICE, "/forget")
    assert "मिटा दी गई" in forgotten and "has been deleted" in forgotten
    assert counts(target) == {}
    assert "no longer kept" in press(bot, BOB, buttons[1]["callback_data"], message_id)  # a vote on a forgotten answer
    assert counts(target) == {}
    assert "Nothing was stored" in ask(bot, ALICE, "/forget")  # nothing left: said so, politely
    assert "मिटा दी गई" in ask(bot, BOB, "/forget")  # Bob's declined question and chat state
    assert "nothing to delete" in ask(bot, 555_003, "/forget")
    assert "no unanswered questions yet" in report(target, "unanswered").stdout

    notice = ask(bot, ALICE, "/privacy")
    assert "निजता" in notice and "Privacy" in notice and "90 days" in notice and "90 दिन" in notice
    assert "/forget" in notice and "salted hash" in notice


def test_an_answer_goes_out_when_the_log_cannot_be_written(bot, target):
    drop(target)
    assert "जल्द मिलेंगे" in ask(bot, ALICE, EXACT)  # answered, without vote buttons
    assert [b["callback_data"][:5] for b in keyboard(bot, ALICE)[1]] == ["more:"]


def drop(target) -> None:
    """Break the reader log under the running bot: its tables disappear."""
    if isinstance(target, str):
        import psycopg

        with psycopg.connect(target, autocommit=True) as db:
            db.execute("DROP TABLE reader_votes, reader_questions")
    else:
        import sqlite3

        with sqlite3.connect(target.parent / "feedback.sqlite") as db:
            db.execute("DROP TABLE reader_votes")
            db.execute("DROP TABLE reader_questions")
