import json
from pathlib import Path

import pytest

from index.language import detect_language

TESTS = Path(__file__).parents[2]


@pytest.mark.parametrize("text, language", [
    ("पुतिन ने क्या कहा?", "hi"), ("What did Putin say?", "en"), ("putin ne kya kaha?", "hi-latn"),
    ("kim kitni baar russia gaye hain", "hi-latn"), ("Where is Beijing?", "en"),
    # "me" is English too: the tense or the time tips it ("hogi", "kal")
    ("kal kolkata me barish hogi?", "hi-latn"), ("Tell me what Kim said", "en"),
    # no marker at all: the words' letters tell ("sunao", "shayari" are Hindi's; "price", "today" English)
    ("dosti pe ek mast shayari sunao", "hi-latn"), ("brent crude price today", "en"),
    # English loanwords in Hindi, Hindi names in English
    ("ctet result kb aayega", "hi-latn"), ("Sachin Tendulkar age", "en"), ("Is Diwali a holiday in Kerala?", "en"),
    # chat words Hindi writes too (हेलो, ओके) are English's
    ("hello", "en"), ("ok", "en"), ("hello putin ne kya kaha", "hi-latn"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def _labelled() -> list[tuple[str, str]]:
    found = [(q["lang"], q["question"]) for path in sorted((TESTS / "index").glob("*off_topic_questions*.json"))
             for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]
    found += [(q["lang"], q["question"]) for q in json.loads(
        (TESTS / "index/language/detect_questions.json").read_text(encoding="utf-8"))["questions"]]
    for name, language in (("xquad.en.dev.json", "en"), ("xquad.hi-latn.dev.json", "hi-latn")):
        data = json.loads((TESTS / "data" / name).read_text(encoding="utf-8"))["data"]
        found += [(language, q["question"]) for a in data for p in a["paragraphs"] for q in p["qas"]]
    return found


def test_labelled_latin_questions_are_read_in_their_language():
    labelled = [(language, q) for language, q in _labelled() if language != "hi"]
    assert len(labelled) > 1000
    wrong = [(language, q) for language, q in labelled if detect_language(q) != language]
    # Two, of the held-out sets measured once after the detector, each with more English words than Hindi
    # ones: "phone me earthquake alert kese on krte h android me" (held-out 7), "ghar pe steam facial kese
    # kare step by step" (held-out 8).
    assert len(wrong) <= 2, wrong
