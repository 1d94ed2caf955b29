import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.language.latin import to_latin

SEED_SENTENCE = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए,तो किम ने विदाई देते हुए कहा, “जल्द मिलेंगे।”"


@pytest.mark.parametrize("hindi, latin", [
    # schwa: dropped at the end and in V C a C V, kept elsewhere
    ("बैठक", "baithak"), ("जल्द", "jald"), ("मिलेंगे", "milenge"), ("समझना", "samajhna"), ("कमला", "kamla"),
    ("हलचल", "halchal"), ("उनकी", "unki"), ("सराहना", "saraahna"), ("प्रदर्शन", "pradarshan"),
    ("औपचारिक", "aupchaarik"), ("इंतजार", "intajaar"), ("कृपया", "kripya"),
    # final schwa kept after य/र clusters and in -ीय
    ("सैन्य", "sainya"), ("मित्र", "mitra"), ("राष्ट्रीय", "raashtriya"), ("युद्ध", "yuddh"),
    # long vowels: doubled inside, single at the end, long when nasalised
    ("गाड़ी", "gaadi"), ("मजबूती", "majbooti"), ("कहा", "kaha"), ("विदाई", "vidaai"), ("करूँगा", "karoonga"),
    ("कहाँ", "kahaan"), ("नहीं", "nahin"), ("में", "mein"), ("मैं", "main"), ("हूँ", "hoon"),
    # nukta
    ("ज़रूरत", "zaroorat"), ("फ़ैसला", "faisla"), ("छोड़ने", "chhodne"), ("पढ़ना", "padhna"),
    # anusvara, glides, clusters, visarga
    ("संबंध", "sambandh"), ("सितंबर", "sitambar"), ("आए", "aaye"), ("लिए", "liye"), ("हुए", "hue"),
    ("आइए", "aaiye"), ("बुधवार", "budhwaar"), ("द्वारा", "dwaara"), ("अच्छा", "achha"), ("ज्ञान", "gyaan"),
    ("दुःख", "duhkh"), ("राष्ट्रपति", "raashtrapati"), ("विश्व", "vishwa"), ("सर्वोच्च", "sarvochch"),
    ("भाईचारे", "bhaaichaare"),
])
def test_words_as_people_type_them(hindi, latin):
    assert to_latin(hindi) == latin


@pytest.mark.parametrize("hindi, latin", [
    ("पीएम मोदी", "PM modi"), ("जीएसटी काउंसिल", "GST kaaunsil"), ("आईपीओ को", "IPO ko"), ("बीसीसीआई", "BCCI"),
    ("डब्ल्यूएचओ", "WHO"), ("केजीएमयू के डॉ. मिश्रा", "KGMU ke dr. mishra"), ("डा. मिश्रा", "dr. mishra"),
    # a lone letter's name is an everyday word, and a few words are made of names
    ("के जी सी पी आई", "ke ji si pi aai"), ("बीवी", "beevi"), ("सीटी", "seeti"),
])
def test_initialisms_are_written_as_people_type_them(hindi, latin):
    assert to_latin(hindi) == latin


@pytest.mark.parametrize("hindi, latin", [
    ("हेलीकॉप्टर", "helicopter"), ("मीटिंग", "meeting"), ("डॉक्टर", "doctor"), ("बीजिंग", "beijing"),
    ("जॉन", "john"), ("इलेक्शन", "election"),
    # the glossary pairs these with English words too, but they are Hindi words as well
    ("बस", "bas"), ("निकल", "nikal"), ("नाम", "naam"), ("माध्यम", "maadhyam"),
])
def test_loanwords_are_written_as_english_spells_them_and_hindi_words_are_not(hindi, latin):
    assert to_latin(hindi) == latin


def test_the_seed_sentence_reads_as_typed():
    assert to_latin(SEED_SENTENCE) == ("baithak ke baad jab putin kim ko unki gaadi tak chhodne aaye, to kim ne "
                                       "vidaai dete hue kaha, “jald milenge.”")


@pytest.mark.parametrize("hindi, latin", [
    ("इस पर पुतिन ने जवाब दिया, “मैं इंतजार करूँगा,कृपया आइए।”",
     "is par putin ne javaab diya, “main intajaar karoonga, kripya aaiye.”"),
    ("अक्टूबर 2024 से उत्तर कोरिया रूस को लगभग 13,000 सैनिक भेज चुका है।",
     "aktoobar 2024 se uttar koriya roos ko lagbhag 13,000 sainik bhej chuka hai."),
    ("सियोल,4 सितंबर २०२४॥", "siyol, 4 sitambar 2024."),
    ("किम जोंग-उन (तस्वीर क्रेडिट@crazy_world143)", "kim jong-un (tasweer kredit@crazy_world143)"),
    ("Putin met Kim.", "Putin met Kim."), ("", ""),
])
def test_punctuation_digits_and_latin_text_are_kept(hindi, latin):
    assert to_latin(hindi) == latin


@given(st.text(alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F) | st.sampled_from(" ,.“”-1")))
def test_no_devanagari_survives(text):
    assert not re.search("[\u0900-\u097f]", to_latin(text))
