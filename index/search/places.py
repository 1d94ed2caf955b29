"""Countries and India's states named in a text, in any script: "USA", "America", "अमेरिका" and
"amreeka" are one.

A question about a country the chosen passage never mentions is about something else, however
close the rest of its words come ("Who is the president of the USA?" asked of an article on
Russia's president), and so is one about a state its whole article never names (a chief minister
asked of an article on another state). Names are general knowledge, not drawn from any question
set; each line is one place: its English names and adjectives, Hindi spellings, and common
romanized ones ("UP" and "MP" only in Devanagari: in Latin letters they are English words too).
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

_STATES = """
andhra pradesh | आंध्र प्रदेश | andhra | आंध्र
arunachal pradesh | arunachal | अरुणाचल प्रदेश | अरुणाचल
assam | असम | asam
bihar | बिहार
chhattisgarh | छत्तीसगढ़ | chattisgarh
goa | गोवा
gujarat | गुजरात
haryana | हरियाणा
himachal pradesh | himachal | हिमाचल प्रदेश | हिमाचल
jharkhand | झारखंड | झारखण्ड
karnataka | कर्नाटक
kerala | केरल | keral
madhya pradesh | मध्य प्रदेश | मध्यप्रदेश | एमपी
maharashtra | महाराष्ट्र
manipur | मणिपुर
meghalaya | मेघालय
mizoram | मिजोरम
nagaland | नागालैंड
odisha | orissa | ओडिशा | ओडिसा | उड़ीसा
punjab | पंजाब
rajasthan | राजस्थान
sikkim | सिक्किम
tamil nadu | तमिलनाडु | तमिल नाडु
telangana | तेलंगाना
tripura | त्रिपुरा
uttar pradesh | उत्तर प्रदेश | उत्तरप्रदेश | यूपी
uttarakhand | उत्तराखंड | उत्तराखण्ड
west bengal | bengal | पश्चिम बंगाल | बंगाल | bangal
delhi | new delhi | दिल्ली | नई दिल्ली | dilli
jammu and kashmir | jammu | kashmir | जम्मू | कश्मीर
ladakh | लद्दाख
puducherry | pondicherry | पुडुचेरी
chandigarh | चंडीगढ़
"""


@lru_cache(maxsize=2)
def _spellings(table: str) -> dict[tuple[str, ...], int]:
    names = {}
    for place, line in enumerate(l for l in table.strip().splitlines() if l.strip()):
        for name in line.split("|"):
            names[tuple(words(name))] = place
    return names


def countries(text: str) -> set[int]:
    """The countries ``text`` names (as row numbers of the table), longest names first:
    "South Korea" is South Korea, not Korea."""
    return _named(text, _spellings(_COUNTRIES))


def states(text: str) -> set[int]:
    """India's states and union territories ``text`` names: "उत्तर प्रदेश" is not उत्तर कोरिया."""
    return _named(text, _spellings(_STATES))


def _named(text: str, table: dict[tuple[str, ...], int]) -> set[int]:
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
