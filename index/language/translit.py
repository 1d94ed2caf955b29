"""Romanized Hindi → Devanagari, so "putin ne kim ko kya kaha" can meet the Devanagari text.

Hindi typed in Latin letters has no standard spelling ("kahan", "kahaan", "kaha"), so a
letter-by-letter scheme alone gets many words wrong. Four steps, most reliable first:
1. common function words from a table;
2. initialisms, spelt by their letters' names as Hindi writes them ("gst" → जीएसटी);
3. words of the corpus itself whose consonant skeleton matches (names: "putin" → पुतिन),
   the vowels breaking ties, if one sounds close enough (``ROMAN_SIMILARITY``);
4. otherwise a loose letter-by-letter transliteration.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .initialisms import letters, spelt
from .keywords import STOPWORDS
from ..text import words

NAME_SIMILARITY = 0.75  # below this, English words snap to unrelated Hindi ones ("what" → व्हाइट)
# Romanized Hindi has no standard spelling, so its words match loosely; but a word that sounds like
# no corpus word ("narrow" → नॉर्वे, "committee" → कीमत) is better spelt letter by letter than
# snapped onto an unrelated one. Measured on both halves of tests/data/xquad.hi-latn.dev.json.
ROMAN_SIMILARITY = 0.7
# How much closer one of Hindi's common words must sound than the nearest corpus word to be taken for a
# romanized word as evidence (``Transliterator.known_word``); measured on the declining bench's three
# corpora and all its off-topic sets (README, "Declining"). At 0.2, a bigger corpus kept lending an
# off-topic question its support: "biryani" read as al-Biruni (बिरूनी, 0.77 against बिरयानी's 0.93),
# "baithe" as बाइट (0.80 against बैठे's 1.0), "naukri" as नकार.
COMMON_CLOSER = 0.15

COMMON = {
    "kya": "क्या", "kyaa": "क्या", "kaun": "कौन", "kon": "कौन", "kab": "कब", "kahan": "कहाँ", "kahaan": "कहाँ",
    "kaise": "कैसे", "kyon": "क्यों", "kyun": "क्यों", "kyu": "क्यों", "kitne": "कितने", "kitna": "कितना",
    "kitni": "कितनी", "kis": "किस", "kisne": "किसने", "kisko": "किसको", "kise": "किसे", "hai": "है",
    # Question words read as the function word they carry: "कौन सा" (which) and "किसका" (whose) would
    # otherwise snap onto corpus words ("kaunsa" → कांस्य, bronze) or count as content words.
    "kaunsa": "कौन", "konsa": "कौन", "kaunsi": "कौन", "konsi": "कौन", "kaunse": "कौन", "konse": "कौन",
    "kiska": "किस", "kiski": "किस", "kiske": "किस",
    "hain": "हैं", "tha": "था", "thi": "थी", "the": "थे", "hua": "हुआ", "hui": "हुई", "hue": "हुए", "ka": "का",
    "ki": "की", "ke": "के", "ko": "को", "ne": "ने", "se": "से", "mein": "में", "me": "में", "mai": "में",
    "par": "पर", "aur": "और", "bhi": "भी", "nahi": "नहीं", "nahin": "नहीं", "ya": "या", "kaha": "कहा",
    "kahaa": "कहा", "diya": "दिया", "kiya": "किया", "gaya": "गया", "baare": "बारे", "bare": "बारे",
    "liye": "लिए", "saath": "साथ", "sath": "साथ", "desh": "देश", "deshon": "देशों", "baat": "बात",
    "bich": "बीच", "beech": "बीच", "jawab": "जवाब", "javab": "जवाब", "baithak": "बैठक",
    # Chat spellings that drop the vowels, which would otherwise read as initialisms ("pr" is पर, not PR).
    "kb": "कब", "pr": "पर", "sb": "सब", "jb": "जब", "hm": "हम", "tm": "तुम", "kr": "कर", "mt": "मत",
    "bs": "बस", "kch": "कुछ", "bht": "बहुत", "hn": "हाँ", "mtlb": "मतलब", "dr": "डॉ", "vs": "बनाम",
}

_ROMAN_VOWEL = re.compile(r"[aeiouy]")


def initialism(latin: str) -> str | None:
    """The Hindi spelling of a typed word that can only be an initialism: Hindi in Latin letters
    always has a vowel, so "tb", "gst" or "bp" is spelt by its letters' names. Snapped onto the
    nearest corpus word instead, "tb" became तब (then)."""
    latin = latin.lower()
    if 2 <= len(latin) <= 5 and _letters_only(latin) and not _ROMAN_VOWEL.search(latin):
        return spelt(latin)
    return None


def _letters_only(latin: str) -> bool:
    """A typed word of Latin letters that the function-word table does not read."""
    return latin.isascii() and latin.isalpha() and latin not in COMMON


def _close_enough(found: tuple[float, int, str] | None) -> tuple[float, int, str] | None:
    return found if found and found[0] >= ROMAN_SIMILARITY else None


# Devanagari → loose Latin, for the skeleton and the vowel tie-break.
_CONSONANTS = dict(zip(
    "क ख ग घ ङ च छ ज झ ञ ट ठ ड ढ ण त थ द ध न प फ ब भ म य र ल व श ष स ह".split(),
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h".split()))
# The candra vowels (ऑ ॉ, ऍ ॅ) spell English loanwords and names: "नॉर्मन" is "normn", not "nrmn".
_VOWELS = dict(zip("अ आ इ ई उ ऊ ऋ ए ऐ ओ औ ऑ ऍ".split(), "a aa i ee u oo ri e ai o au o e".split()))
_MATRAS = dict(zip("ा ि ी ु ू ृ े ै ो ौ ॉ ॅ".split(), "aa i ee u oo ri e ai o au o e".split()))
_VIRAMA, _NUKTA, _NASALS = "्", "़", "ंँ"


def romanize(word: str) -> str:
    """A loose Latin spelling of a Devanagari word (schwa kept only between consonants)."""
    out = []
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if nxt == _NUKTA:
            nxt = word[i + 2] if i + 2 < len(word) else ""
        if ch in _CONSONANTS:
            out.append(_CONSONANTS[ch])
            if nxt and nxt not in _MATRAS and nxt != _VIRAMA and nxt not in _NASALS and nxt in _CONSONANTS \
                    and i + 2 < len(word):
                out.append("a")
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in _MATRAS:
            out.append(_MATRAS[ch])
        elif ch in _NASALS:
            out.append("n")
        elif ch.isascii():
            out.append(ch)
    return "".join(out)


_DIGRAPHS = re.compile(r"(kh|gh|chh|ch|jh|th|dh|ph|bh|sh)")


def skeleton(latin: str) -> str:
    """Consonants only, aspiration and doubling dropped: the part of a name both spellings share."""
    s = _DIGRAPHS.sub(lambda m: {"chh": "c", "ch": "c", "sh": "s", "ph": "f"}.get(m.group(1), m.group(1)[0]), latin)
    s = s.replace("w", "v").replace("q", "k").replace("z", "j").replace("x", "ks")
    s = re.sub(r"[aeiouy]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def vowels_folded(latin: str) -> str:
    """Long vowels and their English spellings folded: "luther" and "loothar" sound alike."""
    for long, short in (("aa", "a"), ("ee", "i"), ("oo", "u"), ("ou", "u"), ("w", "v"), ("y", "i")):
        latin = latin.replace(long, short)
    return latin


class Transliterator:
    """Romanized Hindi → Devanagari, preferring the spellings a corpus actually uses.

    The corpus's words come either as a list (``vocabulary``) or, for an archive too big to
    hold, as ``lookup(skeleton) -> [(word, latin, count)]`` answered by the index store.
    """

    def __init__(self, vocabulary: Iterable[str] = (),
                 lookup: Callable[[str], list[tuple[str, str, int]]] | None = None) -> None:
        counts = Counter(w for w in vocabulary if any("\u0900" <= ch <= "\u097f" for ch in w))
        by_skeleton: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for word, n in counts.items():
            latin = romanize(word)
            key = skeleton(latin)
            if len(key) >= 2:
                by_skeleton[key].append((word, latin, n))
        self._candidates = lru_cache(maxsize=4096)(lookup) if lookup else (lambda key: by_skeleton.get(key, []))
        # A question's words are looked up twice: to read the question, then to weigh its key terms.
        self._closest = lru_cache(maxsize=4096)(self._closest_uncached)

    def word(self, latin: str) -> str:
        latin = latin.lower()
        if not _letters_only(latin):  # a function word, or not a word of Latin letters
            return COMMON.get(latin, latin)
        return self.initialism(latin) or self.corpus_word(latin, ROMAN_SIMILARITY) or letters_to_devanagari(latin)

    def initialism(self, latin: str) -> str | None:
        """``latin`` spelt by its letters' names when it is an initialism: one without a vowel
        (``initialism``), or one of three to five letters that the corpus spells so ("afc" → एएफसी,
        "ipl" → आईपीएल), in any of its spellings. Two letters with a vowel are Hindi words too ("ab",
        "is", "us"). The vocabulary is keyed by two consonants or more, so "ipo" (आईपीओ) is not found."""
        if found := initialism(latin):
            return found
        latin = latin.lower()
        if 3 <= len(latin) <= 5 and _letters_only(latin):
            return next((word for word, _, _ in self._candidates(skeleton(romanize(spelt(latin))))
                         if letters(word) == latin.upper()), None)
        return None

    def corpus_word(self, latin: str, min_similarity: float = 0.0) -> str | None:
        """The corpus word that sounds most like ``latin``, if any shares its consonants.

        English words come up in Hindi typed in Latin letters too ("melfi ka count kon tha"):
        the word is looked up as typed and respelled as English sounds (``english_sounds``)."""
        best = self._closest(latin.lower())
        return best[2] if best and best[0] >= min_similarity else None

    def _closest_uncached(self, latin: str) -> tuple[float, int, str] | None:
        """(similarity, count, word) of the corpus word that sounds most like ``latin``."""
        scored = []
        for spelling in dict.fromkeys((latin, english_sounds(latin))):
            sound = vowels_folded(spelling)
            scored += [(difflib.SequenceMatcher(None, sound, vowels_folded(c[1])).ratio(), c[2], c[0])
                       for c in self._candidates(skeleton(spelling))]
        return max(scored, default=None)

    def known_word(self, latin: str) -> str | None:
        """The Hindi word ``latin`` is typed for, when one sounds close enough: the corpus's own,
        else one of Hindi's common words (``HINDI_WORDS``) — not a letter-by-letter guess. A common
        word that sounds clearly closer (by ``COMMON_CLOSER``) wins over the corpus's: an archive has
        some word near "sasta" (सात, seven), but "sasta" is सस्ता (cheap)."""
        latin = latin.lower()
        if not _letters_only(latin):
            return COMMON.get(latin)
        if found := self.initialism(latin):
            return found
        own, common = _close_enough(self._closest(latin)), _close_enough(_common_hindi()._closest(latin))
        best = common if own and common and common[0] > own[0] + COMMON_CLOSER else own or common
        return best[2] if best else None

    def __call__(self, text: str) -> str:
        return " ".join(self.word(w) for w in words(text))

    def names(self, text: str) -> str:
        """Corpus words for the Latin words of an English question: names and loanwords
        ("Panthers" → पैंथर्स) that the keyword signal can then match across scripts."""
        return " ".join(w for w in map(self.name_word, words(text)) if w)

    def name_word(self, english: str) -> str | None:
        """The corpus word an English word is a name or loanword for, if one sounds like it."""
        if english.isascii() and english.isalpha() and english not in STOPWORDS \
                and len(skeleton(english_sounds(english))) >= 3:
            return self.corpus_word(english, NAME_SIMILARITY)
        return None


HINDI_WORDS = Path(__file__).with_name("hi_words.txt")


@lru_cache(maxsize=1)
def _common_hindi() -> "Transliterator":
    """Hindi's most frequent words, as a vocabulary to read romanized words the corpus lacks."""
    return Transliterator(vocabulary=hindi_words())


def hindi_words() -> list[str]:
    """Hindi's most frequent words (``HINDI_WORDS``, one a line, ``#`` comments skipped)."""
    lines = HINDI_WORDS.read_text(encoding="utf-8").splitlines()
    return [w for w in lines if w and not w.startswith("#")]


def english_sounds(word: str) -> str:
    """English spelling respelled the way Hindi writes the sound: "Marconi" → "markoni",
    "Carnot" → "karnot", "Pacific" → "pasifik", "-tion" → "-shan". Hindi's "c" is च only."""
    word = word.replace("ck", "k").replace("tion", "shan").replace("qu", "kv")
    return re.sub(r"c(?!h)", lambda m: "s" if word[m.end():m.end() + 1] in ("e", "i", "y") else "k", word)


_ROMAN_CONSONANTS = sorted({v: k for k, v in _CONSONANTS.items() if k not in "ङञणष"}.items(),
                           key=lambda kv: -len(kv[0])) + [("f", "फ़"), ("z", "ज़"), ("q", "क"), ("w", "व"),
                                                           ("x", "क्स"), ("c", "क")]
_ROMAN_VOWELS = [("aa", "आ", "ा"), ("ai", "ऐ", "ै"), ("au", "औ", "ौ"), ("ee", "ई", "ी"), ("oo", "ऊ", "ू"),
                 ("a", "अ", ""), ("i", "इ", "ि"), ("u", "उ", "ु"), ("e", "ए", "े"), ("o", "ओ", "ो")]


def letters_to_devanagari(latin: str) -> str:
    """Letter-by-letter fallback: consonant clusters get viramas, vowels become matras."""
    out, i, after_consonant = [], 0, False
    while i < len(latin):
        for roman, deva in _ROMAN_CONSONANTS:
            if latin.startswith(roman, i):
                if after_consonant:
                    out.append(_VIRAMA)
                out.append(deva)
                i += len(roman)
                after_consonant = True
                break
        else:
            for roman, independent, matra in _ROMAN_VOWELS:
                if latin.startswith(roman, i):
                    out.append(matra if after_consonant else independent)
                    i += len(roman)
                    break
            else:
                out.append(latin[i])
                i += 1
            after_consonant = False
    if latin.endswith("n") and len(out) >= 2 and out[-2] in "ाीूेैोौ":
        out[-1] = "ं"  # "mein", "hain": a final n after a long vowel is nasalisation
    return "".join(out)


def to_devanagari(text: str) -> str:
    """Corpus-blind transliteration: the function-word table, Hindi's common words, letters.

    Whether a corpus answers a question must not be judged on a reading made to meet that
    corpus: the more words an archive has, the more of an off-topic question's words snap onto
    some of them ("virat" → व्रत, "biryani" → बिरूनी) and the closer the question looks."""
    return _common_hindi()(text)
