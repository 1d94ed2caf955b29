"""Devanagari → Hindi in Latin letters as people type it: "baithak ke baad jab putin kim ko…".

Not a scholarly transliteration (that would be "baiṭhak ke bād…"): the goal is what a reader
who types Hindi in Latin letters reads without effort. The rules, in the order they matter:

- The inherent vowel (schwa) is dropped where Hindi drops it: at the end of a word ("jald",
  "baithak"), except after a cluster ending in य, र or व ("sainya", "mitra", "vishwa") and in the -ीय suffix
  ("raashtriya"); and inside a word in a V C a C V context, scanned right to left ("milenge",
  "samajhna", "halchal", "unki"). Compounds and prefixes defeat this rule now and then
  ("raashtrapti" for राष्ट्रपति): a few frequent ones are listed in ``WORDS``.
- Long vowels are doubled inside a word (आ → aa, ई → ee, ऊ → oo) and written single at its
  end, as people type them ("kaha", "gaadi", "vidaai", "karoonga"); a nasalised end keeps
  them long ("kahaan", "nahin", "mein").
- Nukta letters: ज़ → z, फ़ → f, क़ → k, ख़ → kh, ग़ → g, ड़ → d, ढ़ → dh ("gaadi", "chhodne").
- Anusvara → n, or m before p/ph/b/bh/m ("sambandh"); chandrabindu → n.
- व after a consonant other than र is w ("dwaara", "vishwa"), otherwise v ("poorv"); ए after a/aa/i/ee is "ye"
  ("aaye", "liye"); च्छ is "chh" ("achha"); ज्ञ is "gy" ("gyaan").
- An initialism, a word made of two or more letters' names, is written in capitals ("पीएम" → "PM",
  "जीएसटी" → "GST"), but for the few Hindi words made so (बीवी, सीटी: ``initialisms.NOT_INITIALISMS``).
- An English loanword is written as English spells it ("मीटिंग" → "meeting", "हेलीकॉप्टर" → "helicopter", not
  "heleekoptar"), when the glossary gives it for an English word that sounds the same and it carries a sign only
  English words bring into Hindi: the candra ॉ, or an -िंग or -शन ending. Other pairs are too often Hindi words
  too (बस: bus and "enough", निकल: nickel and "come out").
- Danda → ".", Devanagari digits → 0-9, a space after a comma glued to a word; everything else
  (Latin text, digits, quotes, punctuation) passes through.

Why not a library: aksharamukha does this well but is AGPL-3.0; hinlangpy 1.0.0 (MIT) keeps
schwas and long finals ("unakee", "kahaa", "aae") and leaves nukta signs in ("chhoda़ne").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import glossary
from .initialisms import letters
from .translit import english_sounds, romanize, skeleton

__all__ = ["to_latin"]

CONSONANTS = dict(zip(
    "क ख ग घ ङ च छ ज झ ञ ट ठ ड ढ ण त थ द ध न प फ ब भ म य र ल व श ष स ह ळ".split(),
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h l".split()))
NUKTA_CONSONANTS = {"क": "k", "ख": "kh", "ग": "g", "ज": "z", "ड": "d", "ढ": "dh", "फ": "f", "य": "y"}
# vowel sign (or independent vowel) → (inside a word, at its end)
VOWELS = {
    "": ("a", "a"), "ा": ("aa", "a"), "ि": ("i", "i"), "ी": ("ee", "i"), "ु": ("u", "u"), "ू": ("oo", "u"),
    "ृ": ("ri", "ri"), "े": ("e", "e"), "ै": ("ai", "ai"), "ो": ("o", "o"), "ौ": ("au", "au"),
    "ॅ": ("e", "e"), "ॉ": ("o", "o"),
}
INDEPENDENT = {"अ": "", **dict(zip("आ इ ई उ ऊ ऋ ए ऐ ओ औ ऍ ऑ".split(), "ा ि ी ु ू ृ े ै ो ौ ॅ ॉ".split()))}
# A nasalised end keeps the vowel long ("kahaan", "nahin"); final -ें is typed "-ein" ("mein").
NASAL_END = {"ा": "aan", "ी": "in", "ू": "oon", "े": "ein"}
VIRAMA, NUKTA, ANUSVARA, CANDRABINDU, VISARGA = "्", "़", "ं", "ँ", "ः"
LABIALS = ("p", "ph", "b", "bh", "m")
DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
PUNCTUATION = str.maketrans({"।": ".", "॥": ".", "॰": ".", "ऽ": ""})
# Compounds whose medial schwa the rule drops wrongly (raashtra+pati, varsh+gaanth).
WORDS = {"राष्ट्रपति": "raashtrapati", "उपराष्ट्रपति": "upraashtrapati", "वर्षगांठ": "varshgaanth",
         "डॉ": "dr", "डा": "dr"}  # the title "डॉ." (or "डा.") is typed "dr.", not "do."
_WORD = re.compile(r"[\u0900-\u0963\u0971-\u097f\u200c\u200d]+")
_GLUED_COMMA = re.compile(r"(?<!\d),(?=\w)|,(?=[^\W\d_])")  # but not "13,000"


class _Sound:
    """One consonant or vowel of a word; vowels remember whether they are the inherent one."""

    __slots__ = ("consonant", "vowel", "inherent", "nasal", "deleted", "independent")

    def __init__(self, consonant: str | None = None, vowel: str | None = None, inherent: bool = False,
                 independent: bool = False) -> None:
        self.consonant, self.vowel, self.inherent, self.independent = consonant, vowel, inherent, independent
        self.nasal = ""  # "" or the nasal sign that follows this vowel
        self.deleted = False

    @property
    def is_vowel(self) -> bool:
        return self.vowel is not None and not self.deleted


def _sounds(word: str) -> list[_Sound]:
    """Split a Devanagari word into consonants and vowels, the inherent ones made explicit."""
    sounds: list[_Sound] = []
    i = 0
    while i < len(word):
        ch = word[i]
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in CONSONANTS:
            latin = CONSONANTS[ch]
            if nxt == NUKTA:
                latin = NUKTA_CONSONANTS.get(ch, latin)
                i += 1
                nxt = word[i + 1] if i + 1 < len(word) else ""
            sounds.append(_Sound(consonant=latin))
            if nxt in VOWELS and nxt:
                sounds.append(_Sound(vowel=nxt))
                i += 1
            elif nxt == VIRAMA:
                i += 1
            else:
                sounds.append(_Sound(vowel="", inherent=True))
        elif ch in INDEPENDENT:
            sounds.append(_Sound(vowel=INDEPENDENT[ch], independent=True))
        elif ch in (ANUSVARA, CANDRABINDU):
            if sounds and sounds[-1].vowel is not None:
                sounds[-1].nasal = ch
            else:
                sounds.append(_Sound(consonant="n"))
        elif ch == VISARGA:
            sounds.append(_Sound(consonant="h"))
        i += 1
    return sounds


def _delete_schwas(sounds: list[_Sound]) -> None:
    vowels = [s for s in sounds if s.vowel is not None]
    last = sounds[-1] if sounds else None
    if last is not None and last.inherent and not last.nasal and len(vowels) > 1:
        before = sounds[-3:-1]
        cluster = len(before) == 2 and all(s.consonant for s in before)
        iya = len(sounds) >= 3 and sounds[-2].consonant == "y" and sounds[-3].vowel in ("ि", "ी")
        if iya:
            sounds[-3].vowel = "ि"  # -ीय is typed "-iya": raashtriya, bhaaratiya
        elif not (cluster and before[1].consonant in ("y", "r", "v")):
            last.deleted = True
    # Medial: a → ∅ / V C _ C V, right to left so that a deletion protects its left neighbour.
    for i in range(len(sounds) - 3, 1, -1):
        s = sounds[i]
        if not (s.inherent and not s.deleted and not s.nasal):
            continue
        # A vowel before an anusvara closes its syllable ("in-ta-jaar"): no V C _ there.
        if (sounds[i - 1].consonant and sounds[i - 2].is_vowel and sounds[i - 2].nasal != ANUSVARA
                and sounds[i + 1].consonant
                and sounds[i + 2].is_vowel):
            s.deleted = True


def _word_to_latin(word: str) -> str:
    word = word.replace("\u200c", "").replace("\u200d", "")
    if word in WORDS:
        return WORDS[word]
    if initialism := letters(word):
        return initialism  # "PM", "GST", "IPO": as people type them, not "peeyem", "jeeyesti", "aaipeeo"
    if english := _loanwords().get(word):
        return english
    sounds = _sounds(word)
    _delete_schwas(sounds)
    out: list[str] = []
    spoken = [s for s in sounds if not s.deleted]
    for i, s in enumerate(spoken):
        prev = spoken[i - 1] if i else None
        nxt = spoken[i + 1] if i + 1 < len(spoken) else None
        if s.consonant is not None:
            latin = s.consonant
            if latin == "v" and prev is not None and prev.consonant not in (None, "r"):
                latin = "w"  # dwaara, swaagat, vishwa — but sarv, poorv
            if latin == "chh" and out and out[-1] == "ch" and prev is not None and prev.consonant:
                out.pop()  # च्छ: achha, ichha
            out.append(latin)
            continue
        final = nxt is None
        if s.independent and s.vowel == "े" and prev is not None and prev.vowel in ("", "ा", "ि", "ी"):
            out.append("y")  # aaye, liye, gaye
        if final and s.nasal and s.vowel in NASAL_END:
            out.append(NASAL_END[s.vowel])
            continue
        if s.independent and s.vowel == "ी" and prev is not None and prev.vowel is not None:
            final = True  # ई after a vowel is written short: bhaaichaare, vidaai
        out.append(VOWELS[s.vowel][1 if final else 0])
        if s.nasal:
            following = nxt.consonant if nxt is not None else None
            out.append("m" if s.nasal == ANUSVARA and following in LABIALS else "n")
    return "".join(out)


_LOANWORD_SIGNS = re.compile(r"ॉ|िंग$|शन$")


@lru_cache(maxsize=1)
def _loanwords() -> dict[str, str]:
    """Hindi spelling → English, for the glossary's loanwords (module docstring); the commonest
    English word wins ("रिकॉर्ड": record, not recorded)."""
    found: dict[str, str] = {}
    for english, hindi in glossary.entries():
        for word in unicodedata.normalize("NFC", hindi).split():
            if word not in found and _LOANWORD_SIGNS.search(word) \
                    and _sounds_alike(english_sounds(english), romanize(word)):
                found[word] = english
    return found


def _sounds_alike(english: str, hindi: str) -> bool:
    """The same consonants, an English silent "h" aside ("John" is जॉन)."""
    return skeleton(english).replace("h", "") == skeleton(hindi).replace("h", "")


def to_latin(text: str) -> str:
    """Hindi text in the Latin letters people type it in; non-Devanagari text is kept as is."""
    text = unicodedata.normalize("NFC", text).replace("ज्ञ", "ग्य")  # ज्ञ is said, and typed, "gy"
    text = _WORD.sub(lambda m: _word_to_latin(m.group(0)), text)
    text = text.translate(DIGITS).translate(PUNCTUATION)
    return _GLUED_COMMA.sub(", ", text)
