"""The editors' commands: feedback, unanswered, feedback --export and eval --feedback; retention at build."""

import json
import time

import pytest

from index.build import build_index
from index.embedders import FakeEmbedder, HashEmbedder
from index.feedback import Entry, ReaderLog, open_store
from index.feedback.log import DAY
from index.search import Searcher
from index.store import open_index

from ..test_cli import assert_one_line_error, run
from .test_groups import generated

EXACT = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा"  # the fake answers it


@pytest.fixture
def index(seed_corpus, tmp_path):
    build_index(seed_corpus, tmp_path / "index", FakeEmbedder())
    return tmp_path / "index"


def test_an_empty_log_says_so_and_bad_input_is_one_line(index):
    assert run("feedback", "--index", index).stdout == "no feedback yet\n"
    assert run("unanswered", "--index", index).stdout == "no unanswered questions yet\n"
    assert not (index.parent / "feedback.sqlite").exists()  # reports create nothing
    assert_one_line_error(run("feedback", "--index", index, "--since", "last week"), "--since 'last week'")
    assert_one_line_error(run("unanswered", "--index", index, "--threshold", "2"), "between 0 and 1")
    assert_one_line_error(run("eval", "--index", index), "give either a SQuAD-format FILE or --feedback FILE")
    (index.parent / "cases.json").write_text('{"cases": []}')
    assert_one_line_error(run("eval", "--feedback", index.parent / "cases.json", "--index", index),
                          "is not a feedback question set")


def test_unanswered_groups_what_readers_asked_largest_first(seed_corpus, tmp_path):
    build_index(seed_corpus, tmp_path / "index", HashEmbedder())
    log = ReaderLog(open_store(tmp_path / "index"), 90)
    pairs = generated(languages=("hi",))
    asked = [q for q, topic in pairs for _ in range(3 if topic == "मानसून" else 1)]  # the monsoon asked most
    searcher = Searcher(open_index(tmp_path / "index"), HashEmbedder())
    for user, question in enumerate(asked):
        log.log(user, searcher.search(question))
    result = run("unanswered", "--index", tmp_path / "index")
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    answers = [searcher.search(q) for q in asked]
    unsure = sum(not a.answered or a.tentative for a in answers)
    assert any(a.tentative for a in answers)  # answered with a caveat: listed beside the declined ones
    assert lines[0].startswith(f"{unsure} questions declined, answered with a caveat or marked 👎, in ")
    assert lines[1].startswith("15 questions, e.g. 'मानसून") and lines[2].startswith(" 5 questions, e.g.")
    groups = [json.loads(line) for line in run("unanswered", "--index", tmp_path / "index", "--json").stdout.splitlines()]
    assert [g["questions"] for g in groups] == sorted((g["questions"] for g in groups), reverse=True)
    assert sum(g["questions"] for g in groups) == unsure
    recent = run("unanswered", "--index", tmp_path / "index", "--since", "1h").stdout.splitlines()
    assert recent[:2] == lines[:2]


def test_voted_answers_become_a_question_set_the_index_is_asked_again(index, tmp_path):
    log = ReaderLog(open_store(index), 90)
    searcher = Searcher(open_index(index), FakeEmbedder())
    liked = log.log(1, searcher.search(EXACT))
    log.vote(liked, 1, up=True)
    log.vote(liked, 2, up=True)
    log.vote(liked, 3, up=False)
    old = searcher.search("किम ने क्या कहा?")  # logged as an older index answered it: the index has changed since
    disliked = log.store.add(Entry(0, time.time(), old.question, "hi", False, "एक पुराना, गलत जवाब।", "…", "old.txt",
                                   "पुराना लेख"), log.user(4))
    log.vote(disliked, 4, up=False)
    cases = tmp_path / "newsroom" / "cases.json"
    assert run("feedback", "--index", index, "--export", cases).stdout == f"{cases}: 2 new cases, 2 in all\n"
    assert run("feedback", "--index", index, "--export", cases).stdout == f"{cases}: 0 new cases, 2 in all\n"
    data = json.loads(cases.read_text())
    assert [(c["question"], c["vote"]) for c in data["cases"]] == [(EXACT, "up"), ("किम ने क्या कहा?", "down")]
    assert "user" not in json.dumps(data)
    result = run("eval", "--feedback", cases, "--index", index)
    assert result.returncode == 0, result.stderr
    assert "👍 answers still given     1 of 1 (100%)" in result.stdout
    assert "👎 answers now different   1 of 1 (100%)" in result.stdout
    figures = json.loads(run("eval", "--feedback", cases, "--index", index, "--json").stdout)
    assert (figures["kept"], figures["liked"], figures["changed"], figures["disliked"]) == (1, 1, 1, 1)


def test_build_enforces_retention(index, seed_corpus, monkeypatch):
    store = open_store(index)
    store.add(Entry(0, time.time() - 40 * DAY, "पुराना सवाल", "hi", True), "u")
    store.add(Entry(0, time.time() - 10 * DAY, "नया सवाल", "hi", True), "u")
    store.close()
    monkeypatch.setenv("KHABAR_RETENTION_DAYS", "30")
    result = run("build", "--corpus", seed_corpus, "--index", index, "--embedder", "fake")
    assert result.stdout.splitlines()[-1] == "reader log: 1 questions older than 30 days deleted"
    assert [e.question for e in open_store(index).declined(0)] == ["नया सवाल"]
    monkeypatch.setenv("KHABAR_RETENTION_DAYS", "forever")
    assert_one_line_error(run("build", "--corpus", seed_corpus, "--index", index), "KHABAR_RETENTION_DAYS")
