"""Greetings, thanks and other small talk, recognised before a message is taken for a question.

Conservative on purpose: a message is small talk only when *every* word of it belongs to a
phrase below or is a filler ("ji", "bot", "so much"), so "hi, what did Putin say?" and
"thanks, and what did Kim answer?" are still questions. A message that is small talk never
reaches the search and never becomes a follow-up's context.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.text import script_of, words

# kind → language → phrases, "|"-separated. Kinds are listed by precedence: "hi, who are you?"
# is answered as "who", "ok thanks" as "thanks".
PHRASES = {
    "who": {
        "en": "who are you | what are you | who is this | what can you do | what do you do | help",
        "hi": "आप कौन हैं | आप कौन हो | तुम कौन हो | तू कौन है | कौन हो तुम | कौन हैं आप | आप क्या करते हैं"
              " | तुम क्या करते हो | आप क्या कर सकते हैं | तुम क्या कर सकते हो",
        "hi-latn": "aap kaun hain | aap kaun ho | tum kaun ho | tu kaun hai | kaun ho tum | aap kon ho | tum kon ho"
                   " | kon ho tum | aap kya karte ho | tum kya karte ho | aap kya kar sakte ho | tum kya kar sakte ho",
    },
    "thanks": {
        "en": "thanks | thank you | thank u | thanks a lot | many thanks | thx | ty",
        "hi": "धन्यवाद | शुक्रिया | थैंक्स | थैंक यू | थैंक्यू",
        "hi-latn": "shukriya | shukria | dhanyavaad | dhanyavad | dhanyawaad | dhanyawad",
    },
    "bye": {
        "en": "bye | bye bye | goodbye | good bye | see you | see you later | good night",
        "hi": "अलविदा | फिर मिलेंगे | बाय | शुभ रात्रि",
        "hi-latn": "alvida | alvidaa | phir milenge | fir milenge | shubh ratri",
    },
    "greeting": {
        "en": "hello | hi | hii | hey | helo | hallo | good morning | good afternoon | good evening",
        "hi": "नमस्ते | नमस्कार | प्रणाम | राम राम | हेलो | हैलो | हाय | सुप्रभात | शुभ प्रभात",
        "hi-latn": "namaste | namastey | namaskar | namaskaar | pranam | pranaam | ram ram | suprabhat",
    },
    "ack": {
        "en": "ok | okay | got it | great | cool | nice | i see",
        "hi": "ठीक है | अच्छा | ओके | समझ गया | समझ गई",
        "hi-latn": "theek hai | thik hai | achha | acha | accha | samajh gaya | samajh gayi",
    },
}
# Words that may stand around the phrases without making a question of them.
FILLERS = frozenset(words("""
ji jee bot khabar there again so much very a lot dear friend sir madam bhai dost yaar bahut aapka aapko
आपका आपको बहुत जी भाई दोस्त
"""))
LONGEST = max(len(words(p)) for kinds in PHRASES.values() for ps in kinds.values() for p in ps.split("|"))
_TABLE = {tuple(words(p)): (kind, language)
          for kind, kinds in PHRASES.items() for language, ps in kinds.items() for p in ps.split("|")}
_PRECEDENCE = list(PHRASES)


@dataclass(frozen=True)
class SmallTalk:
    kind: str  # a key of PHRASES
    language: str  # "hi", "en" or "hi-latn": the asker's


def small_talk(text: str) -> SmallTalk | None:
    """The kind of small talk ``text`` is, or None when it is (or may be) a question."""
    tokens = words(text)
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(LONGEST, len(tokens) - i), 0, -1):
            match = _TABLE.get(tuple(tokens[i:i + n]))
            if match:
                found.append(match)
                i += n
                break
        else:
            if tokens[i] not in FILLERS:
                return None
            i += 1
    if not found:
        return None
    kind = min((k for k, _ in found), key=_PRECEDENCE.index)
    if script_of(text) == "deva":
        language = "hi"
    else:
        language = "hi-latn" if any(lang == "hi-latn" for _, lang in found) else "en"
    return SmallTalk(kind, language)
