"""Countries named in a text, in any script: "USA", "America", "अमेरिका" and "amreeka" are one.

A question about a country the chosen passage never mentions is about something else, however
close the rest of its words come ("Who is the president of the USA?" asked of an article on
Russia's president). Names are general knowledge, not drawn from any question set; each line
is one country: its English names and adjectives, Hindi spellings, and common romanized ones.
"""

from __future__ import annotations

from functools import lru_cache

from ..text import words

_COUNTRIES = """
usa | u.s. | america | american | americans | united states | अमेरिका | अमरीका | अमेरिकी | अमरीकी | अमेरिकन | yu es | amreeka | amrika | amerika
russia | russian | russians | रूस | रूसी | roos | rus | rusi
china | chinese | चीन | चीनी | cheen
india | indian | indians | bharat | भारत | भारतीय | हिंदुस्तान | hindustan | bhartiya
pakistan | pakistani | पाकिस्तान | पाकिस्तानी
japan | japanese | जापान | जापानी
north korea | north korean | उत्तर कोरिया | उत्तर कोरियाई | uttar korea
south korea | south korean | दक्षिण कोरिया | दक्षिण कोरियाई | dakshin korea
uk | britain | british | united kingdom | england | ब्रिटेन | ब्रिटिश | इंग्लैंड | इंग्लैण्ड | angrez | angrezi | अंग्रेज | अंग्रेजी
france | french | फ्रांस | फ्रांसीसी | फ्रेंच | faans | fraans
germany | german | germans | जर्मनी | जर्मन
italy | italian | इटली | इतालवी
spain | spanish | स्पेन | स्पेनिश
ukraine | ukrainian | यूक्रेन | यूक्रेनी | युक्रेन
israel | israeli | इजराइल | इस्राइल | इज़राइल | इजरायल | इजरायली
iran | iranian | ईरान | ईरानी
iraq | iraqi | इराक | इराकी
afghanistan | afghan | अफगानिस्तान | अफ़ग़ानिस्तान | अफगान
bangladesh | bangladeshi | बांग्लादेश | बांग्लादेशी
nepal | nepali | nepalese | नेपाल | नेपाली
sri lanka | sri lankan | श्रीलंका | श्रीलंकाई | shrilanka
canada | canadian | कनाडा | कनाडाई
australia | australian | ऑस्ट्रेलिया | आस्ट्रेलिया | ऑस्ट्रेलियाई
brazil | brazilian | ब्राजील | ब्राज़ील
mexico | mexican | मेक्सिको | मैक्सिको
egypt | egyptian | मिस्र | मिस्री
saudi arabia | saudi | सऊदी अरब | सऊदी
turkey | turkish | तुर्की
"""


@lru_cache(maxsize=1)
def _spellings() -> dict[tuple[str, ...], int]:
    table = {}
    for country, line in enumerate(l for l in _COUNTRIES.strip().splitlines() if l.strip()):
        for name in line.split("|"):
            table[tuple(words(name))] = country
    return table


def countries(text: str) -> set[int]:
    """The countries ``text`` names (as row numbers of the table), longest names first:
    "South Korea" is South Korea, not Korea."""
    table = _spellings()
    tokens = words(text)
    found, i = set(), 0
    while i < len(tokens):
        for n in (3, 2, 1):
            if tuple(tokens[i:i + n]) in table:
                found.add(table[tuple(tokens[i:i + n])])
                i += n
                break
        else:
            i += 1
    return found
