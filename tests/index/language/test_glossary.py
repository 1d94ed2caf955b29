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
