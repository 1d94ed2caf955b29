"""Text normalisation and sentence splitting for Hindi (and English) news text.

All offsets produced here refer to the *normalised* text, which is what the index stores
and shows, so an answer can be highlighted in place without re-mapping.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and invisible characters that break matching but carry no meaning in news text
# (ZWJ/ZWNJ only steer glyph shaping; soft hyphen and BOM are editing debris).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline
# A comma, danda or ?/! glued to the next word ("मजबूती,रणनीतिक"), but not a digit group ("13,000").
_GLUED = re.compile(r"(?<!\d)([,।॥?!])(?=[^\s,।॥?!.\"'”’)\]])|(?<=\d)([,।])(?=[^\s\d,।])")

NUKTA = "\u093c"


def normalise(text: str) -> str:
    """NFC, no invisible characters, one space between words, a space after , and ।.

    NFC also settles the nukta: the precomposed letters क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ are composition
    exclusions, so they always end up as base letter + nukta, whichever way they were typed.
    Newlines survive (paragraph structure); other whitespace runs collapse to one space.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = _GLUED.sub(lambda m: (m.group(1) or m.group(2)) + " ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


@dataclass(frozen=True)
class Span:
    start: int
    end: int


# A sentence ends at । ॥ ? ! or a full stop that is not inside a number ("2.5") — plus any
# closing quotes or brackets that belong to it (“जल्द मिलेंगे।” keeps its ”).
# Bump when sentence_spans splits differently (2: datelines belong to no sentence): the next build
# then re-splits every article, reusing the vectors of text it has embedded before.
SPLITTING_VERSION = 3  # 3: initials in Devanagari ("डॉ. के.") end no sentence; "पुष्कर (अजमेर), 5 नवंबर।" is a dateline
_SENTENCE_END = re.compile(r"(?:[।॥?!]+|(?<!\d)\.(?!\d)|(?<=\d)\.(?!\d))[\"'”’)\]]*")


# A news dateline opening a paragraph: "सियोल, 4 सितंबर (युआईटीवी)-", "NEW DELHI, Sept 4 (Reuters) -":
# where and when the story was filed, and by whom — metadata, not what the story says. A place of
# one to three words (its district may follow in brackets: "पुष्कर (अजमेर)"), a comma, a day and
# month (a year may follow), then the agency in brackets and/or a dash, colon or danda.
_PLACE_WORD = r"[\u0900-\u0963\u0970-\u097fA-Za-z.]+"
_MONTH = (r"(?:जनवरी|फरवरी|मार्च|अप्रैल|अप्रेल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
          r"|jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september"
          r"|oct|october|nov|november|dec|december)\.?")
_DAY = r"[0-9\u0966-\u096f]{1,4}"
_DATELINE = re.compile(
    rf"^{_PLACE_WORD}(?:\s{_PLACE_WORD}){{0,2}}(?:\s?\([^()\n]{{1,30}}\))?\s?,\s?(?:{_DAY}\s{_MONTH}|{_MONTH}\s{_DAY})"
    rf"(?:,?\s{_DAY})?\s?"
    r"(?:\([^()\n]{1,40}\)\s?[-–—:।]?|[-–—:।])\s*", re.IGNORECASE)


def dateline_length(paragraph: str) -> int:
    """Characters of the news dateline opening ``paragraph`` (0 when it has none)."""
    match = _DATELINE.match(paragraph)
    return match.end() if match and match.end() < len(paragraph) else 0


def sentence_spans(paragraph: str, offset: int = 0) -> list[Span]:
    """Split one normalised paragraph into sentence spans (offsets shifted by ``offset``).

    A dateline opening the paragraph belongs to no sentence: a sentence scored with it would
    answer "where?" with the place the story was filed from.
    """
    spans: list[Span] = []
    start = dateline_length(paragraph)
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        # A full stop followed directly by a letter is an abbreviation or a URL, not an end.
        if paragraph[match.start()] == "." and _is_not_a_stop(paragraph, match.start(), end):
            continue
        _append(spans, paragraph, start, end, offset)
        start = end
    _append(spans, paragraph, start, len(paragraph), offset)
    return spans


# Initials in Hindi text are English letters' names spelt in Devanagari ("के. आर. श्रीनिवासन",
# "जॉन सी. मेसेंजर"). Left out: आई and पी, which also end sentences as verbs ("वह घर आई.").
_DEVANAGARI_LETTERS = "ए बी सी डी ई एफ जी एच जे के एल एम एन ओ क्यू आर एस टी यू वी डब्ल्यू एक्स वाई जेड ज़ेड"
_INITIAL = re.compile(r"(?:^|[\s.(])(?:[A-Za-z]|डॉ|प्रो|श्री|Dr|Mr|Mrs|Ms|St|vs|"
                      + "|".join(_DEVANAGARI_LETTERS.split()) + ")$")


def _is_not_a_stop(paragraph: str, dot: int, end: int) -> bool:
    """A full stop glued to the next letter (URL, "U.S.") or after an initial/title ("डॉ.")."""
    if end < len(paragraph) and not paragraph[end].isspace():
        return True
    return bool(_INITIAL.search(paragraph[max(0, dot - 8):dot]))  # डब्ल्यू is 7 characters


def _append(spans: list[Span], paragraph: str, start: int, end: int, offset: int) -> None:
    piece = paragraph[start:end]
    stripped = piece.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append(Span(offset + start + lead, offset + start + lead + len(stripped)))


def paragraph_spans(text: str) -> list[Span]:
    """Paragraphs of a normalised document: blocks separated by blank lines."""
    spans = []
    for match in re.finditer(r"[^\n](?:.|\n(?!\n))*", text):
        spans.append(Span(match.start(), match.end()))
    return spans


# Hindi words: Devanagari letters with their vowel signs (matras are not \w in Python's re,
# which is why generic tokenizers shred Hindi), or Latin words and numbers.
_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097f]+|[^\W_]+")
_FOLD = str.maketrans({NUKTA: None, "\u0901": "\u0902"})  # nukta off, chandrabindu → anusvara


def folded(text: str) -> str:
    """Lower-cased, with spelling variants folded (nukta, chandrabindu): "माँ" is "मां"."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Lower-cased words with spelling variants folded (nukta, chandrabindu)."""
    return _WORD.findall(folded(text))


def names_in(text: str) -> set[str]:
    """The words written as names, lower-cased: a capitalised word after the first, and the first
    when the next is capitalised too ("Sachin Tendulkar age"), for a question's first word is
    capitalised whatever it is."""
    tokens = text.split()
    return {token.strip(".,;:!?\"'()").lower() for i, token in enumerate(tokens)
            if token[:1].isupper() and (i > 0 or (len(tokens) > 1 and tokens[1][:1].isupper()))}


def script_of(text: str) -> str:
    """'deva' when Devanagari letters dominate, 'latin' when Latin ones do, else 'other'."""
    deva = sum(1 for ch in text if "\u0900" <= ch <= "\u097f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if deva == 0 and latin == 0:
        return "other"
    return "deva" if deva >= latin else "latin"
