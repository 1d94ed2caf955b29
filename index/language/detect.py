"""Which language a question is in: Hindi (Devanagari), English, or Hindi typed in Latin letters."""

from __future__ import annotations

from ..text import script_of, words

# Words that give romanized Hindi away: they are frequent in it and rare (or absent) in English.
ROMAN_HINDI_MARKERS = frozenset("""
kya kyaa kaun kon kab kahan kahaan kaise kaisa kyon kyun kyu kitne kitna kitni kis kisne kisko kise
hai hain tha thi the hota hoti hua hui hue ka ki ke ko ne se mein me mai par aur bhi nahi nahin ya
kaha kahaa diya diye kiya kiye gaya gayi gaye mila mile baare bare liye saath sath wala wali wale
hoga hogi hoge raha rahi rahe sakta sakti sakte chahiye kal aaj abhi kuch kuchh nhi kyaa batao btao
bataiye bataye karo karna karne karte karein kaunsa konsa kaunsi konsi sabse mera meri mere bhai yaar
""".split())
ENGLISH_MARKERS = frozenset("""
what who whom whose when where why how which is are was were did does do the a an of in on at to for
with and or from by about tell me please
""".split())


def detect_language(text: str) -> str:
    """"hi" for Devanagari, "hi-latn" for romanized Hindi, "en" otherwise."""
    if script_of(text) == "deva":
        return "hi"
    tokens = words(text)
    hindi = sum(t in ROMAN_HINDI_MARKERS for t in tokens)
    english = sum(t in ENGLISH_MARKERS for t in tokens)
    return "hi-latn" if hindi > english else "en"
