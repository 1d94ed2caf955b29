"""Countries, India's states and well-known cities named in a text, in any script: "USA",
"America", "अमेरिका" and "amreeka" are one.

A question about a country the chosen passage never mentions is about something else, however
close the rest of its words come ("Who is the president of the USA?" asked of an article on
Russia's president), and so is one about a state or city its whole article never names (a chief
minister asked of an article on another state, tomorrow's rain in a city the story is not from).
Names are general knowledge, not drawn from any question set; each line is one place: its English
names and adjectives, Hindi spellings, and common romanized ones ("UP" and "MP" only in
Devanagari: in Latin letters they are English words too). "US" is the United States only in capitals,
in a text that is not all capitals ("tell us", "TELL US").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import words

_COUNTRIES = """
usa | u.s. | america | american | americans | united states | अमेरिका | यूएस | अमरीका | अमेरिकी | अमरीकी | अमेरिकन | yu es | amreeka | amrika | amerika
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

_CITIES = """
mumbai | bombay | मुंबई | मुम्बई | बंबई | बम्बई | बॉम्बे | बाम्बे | bambai
kolkata | calcutta | कोलकाता | कोलकत्ता | कलकत्ता | kolkatta | kalkatta
chennai | madras | चेन्नई | चेन्नै | मद्रास
bengaluru | bangalore | बेंगलुरु | बेंगलूरु | बेंगलुरू | बंगलौर | बैंगलोर | बंगलुरु | bangaluru | banglore | bengalore
hyderabad | हैदराबाद | haidrabad
ahmedabad | अहमदाबाद | अमदावाद | amdavad
pune | poona | पुणे | पूना
jaipur | जयपुर
lucknow | लखनऊ | lakhnau | lucknau
kanpur | कानपुर
nagpur | नागपुर
indore | इंदौर | इन्दौर | indaur
bhopal | भोपाल
patna | पटना
vadodara | baroda | वडोदरा | बड़ौदा
ludhiana | लुधियाना
agra | आगरा
nashik | nasik | नासिक | नाशिक
varanasi | banaras | benares | kashi | वाराणसी | बनारस | काशी
meerut | मेरठ
rajkot | राजकोट
srinagar | श्रीनगर
amritsar | अमृतसर
prayagraj | allahabad | प्रयागराज | इलाहाबाद | prayag | प्रयाग
ranchi | रांची
raipur | रायपुर
guwahati | gauhati | गुवाहाटी | गौहाटी
jodhpur | जोधपुर
gwalior | ग्वालियर
coimbatore | कोयंबटूर | कोयम्बटूर
madurai | मदुरै | मदुरई
visakhapatnam | vizag | विशाखापत्तनम | विशाखापट्टनम
vijayawada | विजयवाड़ा
thiruvananthapuram | trivandrum | तिरुवनंतपुरम
kochi | cochin | कोच्चि | कोचीन
dehradun | देहरादून
shimla | शिमला
bhubaneswar | भुवनेश्वर
gangtok | गंगटोक
shillong | शिलांग | शिलॉन्ग
panaji | panjim | पणजी
gandhinagar | गांधीनगर
noida | नोएडा | नोयडा
gurugram | gurgaon | गुरुग्राम | गुड़गांव
ghaziabad | गाजियाबाद
faridabad | फरीदाबाद
udaipur | उदयपुर
ajmer | अजमेर
mysuru | mysore | मैसूर | मैसूरु
mangaluru | mangalore | मंगलुरु | मंगलौर | मैंगलोर
jabalpur | जबलपुर
aurangabad | chhatrapati sambhajinagar | sambhajinagar | औरंगाबाद | छत्रपति संभाजीनगर | संभाजीनगर
jamshedpur | जमशेदपुर
dhanbad | धनबाद
bhagalpur | भागलपुर
muzaffarpur | मुजफ्फरपुर
gorakhpur | गोरखपुर
bareilly | बरेली
aligarh | अलीगढ़
haridwar | हरिद्वार
rishikesh | ऋषिकेश
ayodhya | अयोध्या
mathura | मथुरा
tirupati | तिरुपति
beijing | peking | बीजिंग | पेइचिंग
moscow | मॉस्को | मास्को
new york | न्यूयॉर्क | न्यूयार्क | न्यू यॉर्क | न्यू यार्क
london | लंदन | लन्दन
paris | पेरिस
tokyo | टोक्यो | तोक्यो
dubai | दुबई
pyongyang | प्योंगयांग | प्योंगयाँग
seoul | सियोल
kathmandu | काठमांडू | काठमांडौ
dhaka | ढाका
islamabad | इस्लामाबाद
karachi | कराची
lahore | लाहौर
kabul | काबुल
tehran | तेहरान
"""

# The state each Indian city above is in: a story datelined Patna is a story from Bihar, whether or
# not it says "बिहार".
_CITY_STATES = """
maharashtra: mumbai pune nagpur nashik aurangabad
west bengal: kolkata
tamil nadu: chennai coimbatore madurai
karnataka: bengaluru mysuru mangaluru
telangana: hyderabad
gujarat: ahmedabad vadodara rajkot gandhinagar
rajasthan: jaipur jodhpur udaipur ajmer
uttar pradesh: lucknow kanpur agra varanasi meerut prayagraj noida ghaziabad gorakhpur bareilly aligarh ayodhya mathura
madhya pradesh: indore bhopal gwalior jabalpur
bihar: patna bhagalpur muzaffarpur
punjab: ludhiana amritsar
jammu and kashmir: srinagar
jharkhand: ranchi jamshedpur dhanbad
chhattisgarh: raipur
assam: guwahati
andhra pradesh: visakhapatnam vijayawada tirupati
kerala: thiruvananthapuram kochi
uttarakhand: dehradun haridwar rishikesh
himachal pradesh: shimla
odisha: bhubaneswar
sikkim: gangtok
meghalaya: shillong
goa: panaji
haryana: gurugram faridabad
"""


@lru_cache(maxsize=3)
def _spellings(table: str) -> dict[tuple[str, ...], str]:
    names = {}
    for line in table.strip().splitlines():
        spellings = [name.strip() for name in line.split("|")]
        for name in spellings:
            names[tuple(words(name))] = spellings[0]
    return names


_US = re.compile(r"(?<![A-Za-z.])US(?![A-Za-z])")
HOME = "india"  # the country Hindi news is from, and leaves unsaid


def countries(text: str) -> set[str]:
    """The countries ``text`` names (by their first English name), longest names first:
    "South Korea" is South Korea, not Korea. A story from an Indian state or city is a story from
    India: Hindi news says "दिल्ली में सोने का भाव" and leaves "भारत" unsaid."""
    tokens = words(text)
    named = _named(tokens, _spellings(_COUNTRIES))
    if _US.search(text) and not text.isupper():
        named.add("usa")
    indian = _named(tokens, _spellings(_STATES)) or _named(tokens, _spellings(_CITIES)) & _city_state().keys()
    return named | {HOME} if indian else named


def states(text: str) -> set[str]:
    """India's states and union territories ``text`` names: "उत्तर प्रदेश" is not उत्तर कोरिया."""
    return _named(words(text), _spellings(_STATES))


def cities(text: str) -> set[str]:
    """Cities ``text`` names: India's largest and its states' capitals, and the world's best known
    (not those whose name is also a common word: Surat, Kota, Gaya, Puri)."""
    return _named(words(text), _spellings(_CITIES))


def local(text: str) -> set[str]:
    """The states and cities ``text`` names: what a story names once, in its dateline or lede. A
    city names its state too: a question on Bihar is not declined for an article that says "पटना"."""
    tokens = words(text)
    named, state_of = _named(tokens, _spellings(_CITIES)), _city_state()
    return _named(tokens, _spellings(_STATES)) | named | {state_of[city] for city in named if city in state_of}


@lru_cache(maxsize=1)
def _city_state() -> dict[str, str]:
    return {city: state.strip() for line in _CITY_STATES.strip().splitlines()
            for state, towns in [line.split(":")] for city in towns.split()}


def _named(tokens: list[str], table: dict[tuple[str, ...], str]) -> set[str]:
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
