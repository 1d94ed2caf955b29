"""The reader log on both stores: votes once per user and answer, /forget, retention, one salt for all."""

import time

import pytest

from index.feedback import Entry, ReaderLog, open_store, purge_expired
from index.feedback.log import DAY, PURGE_EVERY
from index.search import Answer, Passage

NOW = 1_790_000_000.0  # a fixed "now": rows get explicit times, nobody sleeps


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    """Where the index is: the log goes beside the directory, or into the database."""
    return request.getfixturevalue("database_url") if request.param == "postgres" else tmp_path / "index"


@pytest.fixture
def stores(target):
    opened = []

    def store():
        opened.append(open_store(target))
        return opened[-1]

    yield store
    for s in opened:
        s.close()


def answer(question: str, answered: bool = True, tentative: bool = False) -> Answer:
    passage = Passage("पहला वाक्य। दूसरा वाक्य।", 0.9, "शीर्षक", "a.txt", 0, 0, 20, 0, 11, url="https://example.org/a")
    return Answer(question, "hi", answered, "पहला वाक्य।" if answered else None, 0.9, [passage], tentative=tentative)


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


def test_nothing_is_created_for_a_reader_and_nothing_to_report(target):
    assert open_store(target, create=False) is None


def test_a_vote_counts_once_per_user_and_answer_and_a_second_press_changes_it(stores):
    log = ReaderLog(stores(), 90, clock=Clock())
    kept = log.log(7, answer("मानसून कब आएगा?"))
    assert log.vote(kept, 7, up=True) == ("recorded", "hi")
    assert log.vote(kept, 7, up=True) == ("same", "hi")
    assert log.vote(kept, 8, up=False) == ("recorded", "hi")
    [entry] = log.store.voted(0)
    assert (entry.up, entry.down, entry.question, entry.answer, entry.doc_id, entry.title, entry.url) == \
        (1, 1, "मानसून कब आएगा?", "पहला वाक्य।", "a.txt", "शीर्षक", "https://example.org/a")
    assert log.vote(kept, 7, up=False) == ("changed", "hi")
    assert [(e.up, e.down) for e in log.store.voted(0)] == [(0, 2)]
    declined = log.log(7, answer("क्रिकेट?", answered=False))
    assert log.vote(declined, 7, up=True) == ("gone", None)  # a declined question has nothing to vote on
    assert log.vote(kept + 1000, 7, up=True) == ("gone", None)
    assert [e.question for e in log.store.declined(0)] == ["क्रिकेट?"]


def test_forget_deletes_the_users_questions_and_votes_and_nobody_elses(stores):
    log = ReaderLog(stores(), 90, clock=Clock())
    mine, theirs = log.log(7, answer("मेरा सवाल")), log.log(8, answer("उनका सवाल"))
    log.vote(theirs, 7, up=True)
    log.vote(mine, 8, up=False)
    log.vote(theirs, 8, up=False)
    assert log.forget(7) == 2  # my question (with 8's vote on it) and my vote on theirs
    assert [(e.question, e.up, e.down) for e in log.store.voted(0)] == [("उनका सवाल", 0, 1)]
    assert log.vote(mine, 8, up=True) == ("gone", None)
    assert log.forget(7) == 0
    log.log(9, answer("नया सवाल"))
    assert log.vote(mine, 9, up=True) == ("gone", None)  # ids are never given again


def test_retention_deletes_old_questions_at_start_and_hourly_as_the_bot_logs(stores):
    store, clock = stores(), Clock()
    old = store.add(Entry(0, NOW - 91 * DAY, "पुराना", "hi", False, "a"), "u")
    store.vote(old, "u", -1, NOW - 91 * DAY)
    store.add(Entry(0, NOW - 90 * DAY + 600, "दस मिनट में 90 दिन पुराना", "hi", True), "u")
    log = ReaderLog(store, 90, clock=clock)  # retention at start
    assert [e.question for e in store.declined(0)] == ["दस मिनट में 90 दिन पुराना"] and store.voted(0) == []
    clock.now += PURGE_EVERY / 2  # past 90 days now, but the last purge was half an hour ago…
    log.log(1, answer("नया"))
    assert len(store.declined(0)) == 1
    clock.now += PURGE_EVERY / 2  # …and an hour after it, logging purges again
    log.log(1, answer("नया"))
    assert store.declined(0) == []
    assert purge_expired(store, 1, now=clock.now + 2 * DAY) == 2


def test_an_answer_given_with_a_caveat_is_reported_as_such_and_can_be_voted_on(stores):
    log = ReaderLog(stores(), 90, clock=Clock())
    sure, unsure = log.log(7, answer("किम ने क्या कहा?")), log.log(7, answer("गोलकुंडा किला?", tentative=True))
    log.log(7, answer("क्रिकेट?", answered=False))
    assert [(e.id, e.question, e.tentative, e.declined) for e in log.store.tentative(0)] == \
        [(unsure, "गोलकुंडा किला?", True, False)]
    assert [e.question for e in log.store.declined(0)] == ["क्रिकेट?"]
    assert log.vote(unsure, 8, up=False) == ("recorded", "hi") and log.vote(sure, 8, up=True)[0] == "recorded"
    assert sorted((e.question, e.tentative) for e in log.store.voted(0)) == \
        [("किम ने क्या कहा?", False), ("गोलकुंडा किला?", True)]


def test_a_log_written_before_caveats_gains_the_column_and_keeps_its_rows(target, tmp_path):
    old = ("CREATE TABLE reader_questions (id {key}, asked_at {time} NOT NULL, user_hash text NOT NULL, "
           "question text NOT NULL, language text NOT NULL, declined {flag} NOT NULL, answer text, passage text, "
           "doc_id text, title text, url text)")
    row = ("INSERT INTO reader_questions (asked_at, user_hash, question, language, declined) "
           "VALUES ({now}, 'u', 'पुराना सवाल', 'hi', {yes})")
    if isinstance(target, str):  # a PostgreSQL URL
        import psycopg
        with psycopg.connect(target, autocommit=True) as db:
            db.execute(old.format(key="bigserial PRIMARY KEY", time="timestamptz", flag="boolean"))
            db.execute(row.format(now="now()", yes="true"))
    else:
        import sqlite3
        with sqlite3.connect(tmp_path / "feedback.sqlite") as db:
            db.execute(old.format(key="INTEGER PRIMARY KEY AUTOINCREMENT", time="REAL", flag="INTEGER"))
            db.execute(row.format(now=NOW, yes=1))
        db.close()
    store = open_store(target)
    try:
        assert [(e.question, e.declined, e.tentative) for e in store.declined(0)] == [("पुराना सवाल", True, False)]
        ReaderLog(store, 90).log(7, answer("नया सवाल", tentative=True))
        assert [e.question for e in store.tentative(0)] == ["नया सवाल"]
    finally:
        store.close()


def test_since_filters_by_when_the_question_was_asked(stores):
    store = stores()
    for days in (10, 3, 1):
        store.add(Entry(0, NOW - days * DAY, f"{days} दिन पहले", "hi", True), "u")
    assert [e.question for e in store.declined(NOW - 5 * DAY)] == ["1 दिन पहले", "3 दिन पहले"]


def test_every_replica_hashes_with_the_same_salt_and_never_stores_the_id(stores, target):
    first, second = ReaderLog(stores(), 90), ReaderLog(stores(), 90)  # two processes, one store
    assert first.user(555_001) == second.user(555_001) != first.user(555_002)
    assert len(first.user(555_001)) == 64 and "555001" not in first.user(555_001)
    kept = first.log(555_001, answer("सवाल"))
    assert second.signed(kept, first.tag(kept)) and not second.signed(kept + 1, first.tag(kept))
    assert second.forget(555_001) == 1  # the other replica finds the user's rows
    configured = ReaderLog(stores(), 90, salt="from-the-secret-store")
    assert configured.user(555_001) != first.user(555_001)
    assert configured.user(555_001) == ReaderLog(stores(), 90, salt="from-the-secret-store").user(555_001)


def test_writes_are_transactions(stores):
    store = stores()
    kept = store.add(Entry(0, time.time(), "सवाल", "hi", False, "a"), "u")
    with pytest.raises(Exception):
        store.vote(kept, "u", 5, time.time())  # not a vote: refused by the table, nothing half-written
    assert store.vote(kept, "u", 1, time.time())[0] == "recorded"
