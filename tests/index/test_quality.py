"""Retrieval quality with the real bundled model; thresholds fail the suite when quality drops."""

import json
from pathlib import Path

import pytest

from index.build import build_index
from index.measure.bench_declining import held_out_files
from index.measure.evaluate import evaluate, read_squad, write_corpus
from index.search import Searcher
from index.store import open_index
from tests.conftest import data_file

pytestmark = pytest.mark.slow
QUESTIONS = json.loads((Path(__file__).parent / "seed_questions.json").read_text(encoding="utf-8"))
OFF_TOPIC = json.loads((Path(__file__).parent / "off_topic_questions.json").read_text(encoding="utf-8"))["questions"]
HELD_OUT = [q for path in held_out_files(Path(__file__).parent)
            for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]


@pytest.fixture(scope="module")
def seed_searcher(seed_index, real_embedder):
    return Searcher(open_index(seed_index), real_embedder)


@pytest.mark.parametrize("language, needed", [("hi", 17), ("en", 16), ("hi-latn", 3)])
def test_seed_article_top_passage(seed_searcher, language, needed):
    questions = [q for q in QUESTIONS["on_topic"] if q["lang"] == language]
    answers = seed_searcher.search_many([q["question"] for q in questions])
    hits = sum(q["expect"] in a.passages[0].text for q, a in zip(questions, answers))
    assert all(a.language == language for a in answers)
    assert hits >= needed, f"{language}: {hits}/{len(questions)}"


@pytest.mark.parametrize("language, needed", [("hi", 17), ("en", 16), ("hi-latn", 4)])
def test_seed_article_answer_sentence(seed_searcher, language, needed):
    questions = [q for q in QUESTIONS["on_topic"] if q["lang"] == language]
    answers = seed_searcher.search_many([q["question"] for q in questions])
    hits = sum(q["expect"] in a.passages[0].answer_sentence for q, a in zip(questions, answers))
    assert hits >= needed, f"{language}: {hits}/{len(questions)}"


def test_seed_article_declines_off_topic_but_not_on_topic(seed_searcher):
    off = seed_searcher.search_many([q["question"] for q in QUESTIONS["off_topic"] + OFF_TOPIC])
    on = seed_searcher.search_many([q["question"] for q in QUESTIONS["on_topic"]])
    assert sum(not a.answered for a in off) >= 43, f"{sum(not a.answered for a in off)}/{len(off)} declined"  # 46/50
    assert sum(not a.answered for a in on) <= 1
    assert all(a.answer in a.passages[0].text for a in on if a.answered)


def test_seed_article_declines_a_question_about_another_country_or_state(seed_searcher):
    # The article names Russia's president ("रूस के राष्ट्रपति"), not America's, and North Korea's
    # "सर्वोच्च नेता", no Indian state's chief minister.
    asked = ["Who is the president of the USA?", "अमेरिका के राष्ट्रपति कौन हैं?", "america ka rashtrapati kaun hai?",
             "Who is the current Chief Minister of Maharashtra?", "महाराष्ट्र के मुख्यमंत्री कौन हैं?",
             "रूस के राष्ट्रपति कौन हैं?"]
    answers = seed_searcher.search_many(asked)
    assert [a.answered for a in answers] == [False, False, False, False, False, True]


def test_seed_article_declines_asking_an_age_or_family_it_never_states(seed_searcher):
    # Every sentence names Putin or Kim, and the article gives neither's age nor family: asked for
    # them, the evidence alone answered with the lede, in every language.
    asked = ["How old is Kim Jong-un?", "किम जोंग उन की उम्र कितनी है?", "kim jong un ki umar kitni hai?",
             "पुतिन की उम्र कितनी है?", "How old is Vladimir Putin?", "putin ki umar kitni hai?",
             "पुतिन के कितने बच्चे हैं?", "How many children does Putin have?", "putin ke kitne bachche hain?",
             "किम जोंग उन की पत्नी कौन है?", "Who is Kim Jong-un's wife?", "Is Putin married?"]
    assert not any(a.answered for a in seed_searcher.search_many(asked))


@pytest.fixture(scope="module")
def xquad_workdir(tmp_path_factory):
    """The XQuAD dev index is built once for the three question sets."""
    return tmp_path_factory.mktemp("xquad")


# Measured: hi 0.978 / 0.832 / 3.0 % declined, en 0.943 / 0.782 / 2.7 %, romanized (96) 0.938 / 0.854 / 4.2 %.
@pytest.mark.parametrize("questions, count, top1, sentence, declined", [
    (None, 632, 0.95, 0.81, 0.05), ("en", 632, 0.935, 0.76, 0.06), ("hi-latn", 96, 0.90, 0.80, 0.08)])
def test_xquad_dev(real_embedder, xquad_workdir, questions, count, top1, sentence, declined):
    hindi = data_file("xquad.hi.dev.json")
    other = data_file(f"xquad.{questions}.dev.json") if questions else None
    report = evaluate(hindi, real_embedder, other, workdir=xquad_workdir)
    assert report.questions == count
    assert report.top1 >= top1 and report.answer_sentence >= sentence, report.lines()
    assert report.declined <= declined, report.lines()


# Questions nothing was tuned on, about the same paragraphs (tests/data/README.md): written by a session that
# read only half the Hindi paragraphs, two questions each, in Hindi and English. They keep closer to the text than
# XQuAD's, so they are easier. Measured: hi 1.000 / 0.925 / 0 % declined, en 0.975 / 0.892 / 0 %.
@pytest.mark.parametrize("language, top1, sentence", [("hi", 0.97, 0.88), ("en", 0.94, 0.85)])
def test_fresh_questions_on_the_xquad_dev_paragraphs(real_embedder, xquad_workdir, language, top1, sentence):
    other = data_file("xquad.fresh.en.json") if language == "en" else None
    report = evaluate(data_file("xquad.fresh.hi.json"), real_embedder, other, workdir=xquad_workdir)
    assert report.questions == 120
    assert report.top1 >= top1 and report.answer_sentence >= sentence and report.declined <= 0.03, report.lines()


# Off-topic questions brush the topics of XQuAD's 24 articles ("Who invented the telephone?" beside
# Tesla). A Hindi one is declined on its words the passage or the corpus lacks; an English one on the
# Hindi the glossary gives its words; a romanized one on the Hindi words it is typed for (README,
# "Declining"). Measured on the dev corpus, the first set and the held-out one: hi 35 of 36, en 34 of 36
# (29 without the glossary), romanized 29 of 32 (23 without its words' evidence, 26 judged on the reading
# that searches, made to meet the corpus, instead of one blind to it: test_searcher checks that wiring;
# 27 before initialisms and clearly closer common words). With held-out 2 to 5: hi 116 of 118, en 122 of
# 127, romanized 111 of 115; with held-out 6: hi 145 of 148, en 158 of 166, romanized 146 of 150 (145 before
# the language detector read words by their letters: five of its romanized questions were taken for English);
# with held-out 7: hi 180 of 184, en 186 of 198, romanized 174 of 181; with held-out 8 and the closer
# common word at 0.15: hi 219 of 227, en 226 of 240, romanized 217 of 225; with held-out 9 (no change
# since): hi 260 of 271, en 258 of 280, romanized 253 of 262; with held-out 10: hi 308 of 319, en 300 of
# 325, romanized 300 of 309. Of those answered, 4, 9 and 7 are answered with a caveat (``answer.TENTATIVE``).
# With held-out 11 (after the age check): hi 347 of 363, en 340 of 370, romanized 347 of 358; caveat 6, 9 and 9.
# With the family check and held-out 12: hi 387 of 410, en 384 of 417, romanized 394 of 406; caveat 8, 9 and 9.
# With held-out 13 (after the marriage forms): hi 429 of 454, en 419 of 460, romanized 432 of 447; caveat 8, 13 and 9.
# With a word or two between ने and शादी: hi 430 of 454 (a held-out 12 question), the rest unchanged.
# With held-out 14: hi 469 of 496, en 455 of 499, romanized 463 of 479; caveat 9, 14 and 10.
@pytest.mark.parametrize("language, needed, with_caveat", [("hi", 468, 477), ("en", 454, 468), ("hi-latn", 462, 472)])
def test_xquad_dev_corpus_declines_off_topic_questions(real_embedder, xquad_workdir, language, needed, with_caveat):
    if not (xquad_workdir / "corpus").is_dir():
        write_corpus(read_squad(data_file("xquad.hi.dev.json"))[0], xquad_workdir / "corpus")
    build_index(xquad_workdir / "corpus", xquad_workdir / "index", real_embedder)
    searcher = Searcher(open_index(xquad_workdir / "index"), real_embedder)
    asked = [q["question"] for q in OFF_TOPIC + HELD_OUT if q["lang"] == language]
    answers = searcher.search_many(asked)
    declined, tentative = sum(not a.answered for a in answers), sum(a.tentative for a in answers)
    assert declined >= needed, f"{language}: {declined}/{len(asked)} declined"
    assert declined + tentative >= with_caveat, f"{language}: {declined} declined, {tentative} with a caveat"


@pytest.fixture(scope="module")
def news_workdir(tmp_path_factory):
    """A directory per news set: its index is built once for its two question files."""
    root = tmp_path_factory.mktemp("news")
    return lambda articles: root / articles


# News pages put the headline and the lede first, and that chunk matched nearly any question on the
# story; each chunk is now embedded after its article's title, and a question that repeats the
# headline is answered from the paragraph its other words point to (README, "News articles"). The
# second set (six articles, written later and apart) is a corpus small enough that everyday words a
# reader uses are missing from it: such absence must not decline the question. These floors hold
# today's figures so a change cannot make them worse unseen.
# Measured: news hi top-3 0.931, answer sentence 0.819, declined 0; en 0.903 / 0.708 / 0.
#           news2 hi 0.944 / 0.889 / 0.056; en 0.944 / 0.917 / 0.083.
@pytest.mark.parametrize("articles, questions, asked, top3, sentence, declined",
                         [("news", None, 72, 0.90, 0.78, 0.03), ("news", "en", 72, 0.87, 0.65, 0.03),
                          ("news2", None, 36, 0.91, 0.86, 0.09), ("news2", "en", 36, 0.91, 0.88, 0.12)])
def test_news_articles(real_embedder, news_workdir, articles, questions, asked, top3, sentence, declined):
    other = data_file(f"{articles}.{questions}.json") if questions else None
    report = evaluate(data_file(f"{articles}.hi.json"), real_embedder, other, workdir=news_workdir(articles))
    assert report.questions == asked
    assert report.top3 >= top3 and report.answer_sentence >= sentence, report.lines()
    assert report.declined <= declined, report.lines()
