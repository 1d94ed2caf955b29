import re

from index.language.glossary import GLOSSARY, hindi_terms
from index.language.keywords import terms


def test_every_entry_is_an_english_word_and_devanagari_words():
    entries = [line.split("\t") for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(entries) > 8000
    assert all(len(entry) == 2 and re.fullmatch(r"[a-z]+", entry[0]) for entry in entries)
    assert all(re.fullmatch(r"[\u0900-\u097f]+(?: [\u0900-\u097f]+)*", hindi) for _, hindi in entries)


def test_an_english_word_gets_the_hindi_news_writes_stemmed_as_the_corpus_is():
    assert hindi_terms("Telephone") == set(terms("टेलीफोन फोन"))
    assert "चुनाव" in hindi_terms("elections")


def test_function_words_and_unknown_words_have_none():
    assert hindi_terms("the") == hindi_terms("which") == frozenset()
    assert hindi_terms("qwxz") == frozenset()


def test_an_inflected_form_the_glossary_lacks_is_looked_up_as_its_base_word():
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    headwords = {line.split("\t")[0] for line in lines if not line.startswith("#")}
    assert not {"lamps", "histories", "foxes", "cheapest", "phoning", "blogged", "thinker"} & headwords
    assert hindi_terms("lamps") == hindi_terms("lamp") != frozenset()
    assert hindi_terms("histories") == hindi_terms("history") != frozenset()
    assert hindi_terms("foxes") == hindi_terms("fox") != frozenset()
    assert hindi_terms("cheapest") == hindi_terms("cheap") != frozenset()
    assert hindi_terms("phoning") == hindi_terms("phone") != frozenset()  # "phon", then "phone"
    assert hindi_terms("blogged") == hindi_terms("blog") != frozenset()  # "blogg", then "blog"
    assert "समाचार" in hindi_terms("news") and "नया" not in hindi_terms("news")  # a headword keeps its own Hindi
    assert hindi_terms("thinker") == frozenset() != hindi_terms("think")  # "-er" is as often a doer as a comparative
    assert hindi_terms("wines") == hindi_terms("wine") != hindi_terms("win")  # the likeliest base word first
    assert hindi_terms("venus") == frozenset()  # "-s" never hides an "e": not "venue"
    assert hindi_terms("Golding", inflected=False) == frozenset() != hindi_terms("Golding")  # a name is no inflection
