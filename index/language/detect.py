"""Which language a question is in: Hindi (Devanagari), English, or Hindi typed in Latin letters.

Latin text is told apart by its words. Function words give a language away most surely (the
markers, one point each). Every other word leans by what it is: an English word (a glossary
headword), one of Hindi's common words as typed, or else whichever of those two word lists its
letters resemble more ("sunao", "kamaye", "jeetegi" are no list's word but read as Hindi).
English loanwords are everyday romanized Hindi ("bp achanak high ho jaye…", "ctet result kb
aayega"), while Hindi words in English text are mostly names, so a Hindi-looking word counts half a
marker, an English-looking one a quarter, and a name (a capitalised word) nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from .glossary import entries
from .keywords import STOPWORDS
from .translit import hindi_words, romanize, vowels_folded
from ..text import names_in, script_of, words

# Words that give romanized Hindi away: they are frequent in it and rare (or absent) in English.
# The last line is chat spelling without vowels ("kb" for kab, "h" for hai).
ROMAN_HINDI_MARKERS = frozenset("""
kya kyaa kaun kon kab kahan kahaan kaise kaisa kyon kyun kyu kitne kitna kitni kis kisne kisko kise
hai hain tha thi the hota hoti hua hui hue ka ki ke ko ne se mein me mai par aur bhi nahi nahin ya
kaha kahaa diya diye kiya kiye gaya gayi gaye mila mile baare bare liye saath sath wala wali wale
hoga hogi hoge raha rahi rahe sakta sakti sakte chahiye kal aaj abhi kuch kuchh nhi kyaa batao btao
bataiye bataye karo karna karne karte karein kaunsa konsa kaunsi konsi sabse mera meri mere bhai yaar
h kb pr kr jb tm hm kch bht mtlb
""".split())
ENGLISH_MARKERS = frozenset("""
what who whom whose when where why how which is are was were did does do the a an of in on at to for
with and or from by about tell me please
""".split())
HINDI_LOOKING, ENGLISH_LOOKING = 0.5, -0.25  # what a word that is no marker counts
# English chat words the glossary leaves out as function words or slang; Hindi writes some of them
# (हेलो, ओके), so without them "hello" would look Hindi.
ENGLISH_CHAT = frozenset("hello hey hii okay ok thanks thank thx yes yeah sorry bye pls plz".split())


def detect_language(text: str) -> str:
    """"hi" for Devanagari, "hi-latn" for romanized Hindi, "en" otherwise."""
    if script_of(text) == "deva":
        return "hi"
    names = names_in(text)
    score = 0.0
    for word in words(text):
        hindi, english = word in ROMAN_HINDI_MARKERS, word in ENGLISH_MARKERS
        if hindi or english:  # "the" (थे) and "me" (में) are both
            score += hindi - english
        elif word.isascii() and word.isalpha() and word not in names:
            score += HINDI_LOOKING if _looks_hindi(word) else ENGLISH_LOOKING
    return "hi-latn" if score > 0 else "en"


@lru_cache(maxsize=1 << 14)
def _looks_hindi(word: str) -> bool:
    english, hindi, log_odds = _lexicons()
    if word in english:  # a loanword too, maybe, but English first
        return False
    if word in hindi:
        return True
    return sum(log_odds.get(t, 0.0) for t in _triples(word)) > 0


def _triples(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset[str], frozenset[str], dict[str, float]]:
    """English words, Hindi's common words as typed (with long vowels and without: "aaj", "aj"),
    and each letter triple's log odds of coming from the Hindi list rather than the English one."""
    english = frozenset(w for w, _ in entries() if w.isascii() and w.isalpha()) \
        | {w for w in STOPWORDS if w.isascii()} | ENGLISH_CHAT
    hindi = set()
    for word in hindi_words():
        typed = romanize(word)
        if typed.isascii() and typed.isalpha():
            hindi |= {typed, vowels_folded(typed)}
    counts = [Counter(t for w in lexicon for t in _triples(w)) for lexicon in (hindi, english)]
    seen = len(set(counts[0]) | set(counts[1]))
    totals = [sum(c.values()) + seen for c in counts]  # add-one smoothing
    log_odds = {t: math.log((counts[0][t] + 1) / totals[0]) - math.log((counts[1][t] + 1) / totals[1])
                for t in set(counts[0]) | set(counts[1])}
    return english, frozenset(hindi), log_odds
