"""English words as Hindi news writes them: the key-term evidence an English question lacked.

A Hindi question is declined on evidence from its words: those the passage lacks, and those the
whole corpus never uses ("चॉकलेट", "केक"). An English question met Hindi text only through the
model and the names the transliterator spells, so nothing told it that no article speaks of
chocolate. ``en_hi.tsv`` gives the words of English questions their Hindi: about 8,600 of the
most frequent English words (after ``wordfreq``), each with the words a Hindi news article uses
for it — the everyday one, the formal one, the loanword ("phone": फोन टेलीफोन).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .keywords import STOPWORDS, terms

GLOSSARY = Path(__file__).with_name("en_hi.tsv")


def entries() -> Iterator[tuple[str, str]]:
    """(English word, its Hindi words as written, space-separated), commonest English first."""
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        english, _, hindi = line.partition("\t")
        if not line.startswith("#") and hindi:
            yield english.strip().lower(), hindi


@lru_cache(maxsize=1)
def _glossary() -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for english, hindi in entries():
        # Stemmed as the corpus is, so an entry meets the text's own terms.
        stemmed = frozenset(terms(hindi))
        if stemmed:
            found[english] = stemmed
    return found


def hindi_terms(english_word: str, inflected: bool = True) -> frozenset[str]:
    """The Hindi terms any of which stands for ``english_word`` in a Hindi text (empty when the
    glossary does not know it, or it is a function word). ``inflected``: a form the glossary lacks
    may be looked up as the word it is inflected from (not for names: "Golding" is not "gold")."""
    word = english_word.lower()
    if word in STOPWORDS:
        return frozenset()
    glossary = _glossary()
    for form in (word, *(_lemmas(word) if inflected else ())):
        if form in glossary:
            return glossary[form]
    return frozenset()


def _lemmas(word: str) -> list[str]:
    """What an inflected form the glossary lacks may come from, likeliest first: its headwords are
    frequent word forms, and many words come in only some of them ("lamp", not "lamps"; "cheap",
    not "cheapest"). Not "-er": as often a doer as a comparative ("trainer" is not "train")."""
    for suffix in ("ies", "ied", "ily"):
        if word.endswith(suffix):
            return [word[: -len(suffix)] + "y", word[:-1]]  # "histories" → history, "ties" → tie
    if word.endswith("iest"):
        return [word[:-4] + "y"]
    for suffix in ("ing", "est", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            stem = word[: -len(suffix)]
            if suffix in ("ly", "s"):
                return [stem]
            if suffix == "es":
                return [stem + "e", stem]  # "wines" → wine, not win; "boxes" → box
            undoubled = [stem[:-1]] if len(stem) > 3 and stem[-1] == stem[-2] else []  # "trapped" → trap
            return [stem + "e", stem, *undoubled]  # "hoped" → hope, not hop; "walked" → walk
    return []
