"""Initialisms, which Hindi writes by their letters' English names: GST ⇄ जीएसटी, IPO ⇄ आईपीओ."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Each letter's name in Devanagari, the commonest spelling first (the one ``spelt`` writes).
LETTER_NAMES = {letter: tuple(unicodedata.normalize("NFC", name) for name in names.split()) for letter, names in {
    "a": "ए", "b": "बी", "c": "सी", "d": "डी", "e": "ई", "f": "एफ एफ़", "g": "जी", "h": "एच", "i": "आई", "j": "जे",
    "k": "के", "l": "एल", "m": "एम", "n": "एन", "o": "ओ", "p": "पी", "q": "क्यू", "r": "आर", "s": "एस", "t": "टी",
    "u": "यू", "v": "वी", "w": "डब्ल्यू डबल्यू", "x": "एक्स", "y": "वाई", "z": "जेड ज़ेड"}.items()}
_BY_LENGTH = sorted(((name, letter) for letter, names in LETTER_NAMES.items() for name in names),
                    key=lambda pair: -len(pair[0]))

LONGEST = 60  # characters: longer is no initialism (and would recurse deep in ``_read``)

# Hindi words that happen to be made of letters' names. Read as initialisms, Hindi's 24,000 commonest
# words (``hi_words.txt``) gave 264 of two or more names: these 6 are the ones that are not initialisms.
NOT_INITIALISMS = frozenset("बीवी बीबी सीटी टीके ओए आईए".split())


def spelt(latin: str) -> str:
    """``latin`` spelt by its letters' names, as Hindi writes an initialism: "gst" → जीएसटी."""
    return "".join(LETTER_NAMES[ch][0] if ch in LETTER_NAMES else ch for ch in latin.lower())


def letters(word: str) -> str | None:
    """The initialism a Devanagari word spells with two or more letters' names ("जीएसटी" → "GST"),
    else None. A lone name is left alone: के, जी, सी, पी and आई are everyday Hindi words."""
    word = unicodedata.normalize("NFC", word.replace("\u200c", "").replace("\u200d", ""))
    if word in NOT_INITIALISMS or len(word) > LONGEST:
        return None
    found = _read(word)
    return found.upper() if found and len(found) >= 2 else None


@lru_cache(maxsize=4096)
def _read(word: str) -> str | None:
    """The letters whose names make up ``word`` exactly, or None."""
    if not word:
        return ""
    for name, letter in _BY_LENGTH:
        if word.startswith(name) and (rest := _read(word[len(name):])) is not None:
            return letter + rest
    return None
