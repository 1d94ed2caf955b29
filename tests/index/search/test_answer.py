"""Choosing the answer and deciding to decline: pure functions on strings and score arrays."""

import numpy as np
import pytest

from index.language.glossary import hindi_terms
from index.language.keywords import terms
from index.search.answer import (TENTATIVE, ChoiceWeights, AGE, FAMILY, answer_evidence, background_texts,
                          choose_answer, has_date, is_tentative, key_term_evidence, key_terms, numbers_in, question_type,
                          personal_fact_asked, speaks_of_future, states_fact)


@pytest.mark.parametrize("question, language, kind", [
    ("रणनीतिक साझेदारी संधि पर हस्ताक्षर कब हुए?", "hi", "when"),
    ("मुलाकात किस वर्ष हुई?", "hi", "when"),
    ("उत्तर कोरिया ने रूस को कितने सैनिक भेजे हैं?", "hi", "number"),
    ("पुतिन और किम की मुलाकात कहाँ हुई?", "hi", "where"),
    ("किम ने विदाई देते समय क्या कहा?", "hi", "other"),
    ("परेड का आयोजन किसने किया?", "hi", "who"),
    ("उत्तर कोरिया के लिए रूस का साथ क्यों अहम है?", "hi", "why"),
    ("When was the treaty signed?", "en", "when"),
    ("In what year did the war end?", "en", "when"),
    ("How many soldiers has North Korea sent?", "en", "number"),
    ("Who won the match?", "en", "who"),
    ("Where did Putin and Kim meet?", "en", "where"),
    ("What did Kim say when saying goodbye?", "en", "other"),  # the first question word counts
    ("sandhi kab hui?", "hi-latn", "when"),
    ("kitne sainik bheje?", "hi-latn", "number"),
    ("mulakat kahaan hui?", "hi-latn", "where"),
    ("kisne jeeta?", "hi-latn", "who"),
])
def test_question_type(question, language, kind):
    assert question_type(question, language) == kind


@pytest.mark.parametrize("text, expected", [
    ("उत्तर कोरिया रूस को लगभग 13,000 सैनिक भेज चुका है।", {"13000"}),
    ("किम अब तक दो बार रूस जा चुके हैं।", {"दो"}),
    ("हज़ारों लोग आए।", {"हजारों"}),  # nukta folded
    ("उनकी उम्र १९ वर्ष थी", {"१९"}),
    ("He scored twenty goals in 2.5 seasons.", {"twenty", "25"}),
    ("एक दिन वह आया।", set()),  # "एक" is the indefinite article far more often than the number
])
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("जून 2024 में संधि पर हस्ताक्षर हुए।", True),
    ("बुधवार को बैठक हुई।", True),
    ("यह 19वीं सदी की बात है।", True),
    ("The war ended in 1945.", True),
    ("It happened in March.", True),
    ("लगभग 13,000 सैनिक भेजे।", False),
    ("दोनों नेताओं ने चर्चा की।", False),
])
def test_has_date(text, expected):
    assert has_date(text) is expected


def _choose(question, sentences, dense, keyword=None, eligible=None, weights=ChoiceWeights(), language="hi"):
    keyword = np.zeros(len(sentences)) if keyword is None else np.array(keyword, float)
    return choose_answer(question, language, sentences, np.array(dense, float), keyword,
                         None if eligible is None else np.array(eligible), weights)


def test_the_best_sentence_alone_when_it_stands_out():
    sentences = ["पहला वाक्य।", "दूसरा वाक्य।", "तीसरा वाक्य।"]
    assert _choose("क्या हुआ?", sentences, [0.80, 0.90, 0.80]) == (1, 1)


def test_keyword_score_counts():
    sentences = ["पहला वाक्य।", "दूसरा वाक्य।"]
    assert _choose("क्या हुआ?", sentences, [0.85, 0.84], keyword=[0.0, 0.5]) == (1, 1)


def test_a_close_neighbouring_runner_up_joins_the_answer():
    sentences = ["बैठक हुई।", "किम ने कहा, जल्द मिलेंगे।", "मौसम साफ था।"]
    assert _choose("किम ने क्या कहा?", sentences, [0.86, 0.85, 0.70]) == (0, 1)
    # ... but not a close runner-up that is not a neighbour
    assert _choose("किम ने क्या कहा?", ["क।", "ख।", "ग।"], [0.86, 0.70, 0.85]) == (0, 0)
    # ... and never when joining is switched off
    assert _choose("किम ने क्या कहा?", sentences, [0.86, 0.85, 0.70], weights=ChoiceWeights(join_margin=-1)) == (0, 0)


def test_a_number_question_prefers_a_sentence_with_a_new_number():
    sentences = ["उत्तर कोरिया ने रूस को सैनिक भेजे हैं।", "सैनिकों की संख्या लगभग 13,000 है।"]
    assert _choose("उत्तर कोरिया ने कितने सैनिक भेजे?", sentences, [0.88, 0.83]) == (1, 1)
    # a number the question itself holds is not an answer
    sentences = ["2024 में सैनिक भेजे गए।", "सेना बड़ी है।"]
    assert _choose("2024 में कितने सैनिक भेजे गए?", sentences, [0.80, 0.86]) == (1, 1)


def test_a_when_question_prefers_a_sentence_with_a_date():
    sentences = ["संधि पर हस्ताक्षर हुए।", "हस्ताक्षर जून 2024 में हुए।"]
    assert _choose("संधि पर हस्ताक्षर कब हुए?", sentences, [0.88, 0.83]) == (1, 1)
    assert _choose("When was the treaty signed?", sentences, [0.88, 0.83], language="en") == (1, 1)


def test_a_where_question_prefers_a_sentence_that_places_something():
    sentences = ["पुतिन और किम की मुलाकात ने हलचल पैदा की।", "बैठक बीजिंग स्थित गेस्ट हाउस में हुई, जहाँ चर्चा हुई।"]
    assert _choose("पुतिन और किम की मुलाकात कहाँ हुई?", sentences, [0.86, 0.81]) == (1, 1)
    assert _choose("Where did Putin and Kim meet?", sentences, [0.86, 0.81], language="en") == (1, 1)
    # a word the question uses itself is no evidence
    sentences = ["थिएटर सैक्सन गार्डन में था।", "थिएटर स्थित था, जो पुराना था।"]
    assert _choose("थिएटर कहाँ स्थित था?", sentences, [0.86, 0.78]) == (0, 0)


@pytest.mark.parametrize("text, expected", [
    ("When will Kim visit Russia?", True), ("किम का रूस दौरा कब होगा?", True), ("वे जल्द मिलेंगे।", True),
    ("मैं इंतजार करूँगा।", True), ("संयंत्र बंद हो जाएंगे।", True),
    ("किम दो बार रूस का दौरा कर चुके हैं।", False), ("चीन उसका सबसे बड़ा सहयोगी रहा है।", False),
    ("वे आगे बढ़े।", False), ("When was the treaty signed?", False),
])
def test_speaks_of_future(text, expected):
    assert speaks_of_future(text) == expected


def test_a_sentence_opening_with_a_pronoun_brings_the_one_before():
    sentences = ["पैटन मैनिंग दो टीमों के साथ खेले।", "वह सबसे अधिक उम्र के क्वार्टरबैक हैं।"]
    assert _choose("सबसे अधिक उम्र का क्वार्टरबैक कौन है?", sentences, [0.80, 0.90]) == (0, 1)



@pytest.mark.parametrize("opened, closed", [
    ('रेबारी ने कहा, "पहले हम 50 ऊंट लाते थे।', 'रेबारी ने कहा, "पहले हम 50 ऊंट लाते थे।"'),
    ("रेबारी ने कहा, “पहले हम 50 ऊंट लाते थे।", "रेबारी ने कहा, “पहले हम 50 ऊंट लाते थे।”"),
])
def test_a_sentence_inside_a_quotation_brings_the_one_naming_its_speaker(opened, closed):
    question, cosines = "किसने कहा कि ऊंट पालना घाटे का सौदा है?", [0.70, 0.75, 0.90]
    quoted = ["मेले में 4,000 ऊंट आए।", opened, "अब ऊंट पालना घाटे का सौदा है।”"]
    assert _choose(question, quoted, cosines) == (1, 2)
    not_quoted = ["मेले में 4,000 ऊंट आए।", closed, "अब ऊंट पालना घाटे का सौदा है।"]
    assert _choose(question, not_quoted, cosines) == (2, 2)

def test_headings_are_never_the_answer_nor_joined():
    sentences = ["बीजिंग में पुतिन और किम की मुलाकात", "बैठक बुधवार को हुई।"]
    assert _choose("मुलाकात कब हुई?", sentences, [0.95, 0.94], eligible=[False, True]) == (1, 1)


def test_a_single_sentence():
    assert _choose("क्या?", ["एक ही वाक्य।"], [0.5]) == (0, 0)


def _singles(*terms):
    return [frozenset([t]) for t in terms]


def test_key_term_evidence():
    idf = {"पुतिन": 3.0, "उम्र": 1.0, "आयु": 2.0, "2019": 2.0}.get
    corpus = {"उम्र", "आयु", "2019"}.__contains__
    support, unknown = key_term_evidence(_singles("पुतिन", "उम्र"), {"उम्र", "वर्ष"}, idf, corpus)
    assert (support, unknown) == (0.25, 0.75)
    # six short articles lack everyday words: absence from a small corpus says less
    assert key_term_evidence(_singles("पुतिन", "उम्र"), {"उम्र", "वर्ष"}, idf, corpus, corpus_chunks=50) == (0.25, 0.375)
    assert key_term_evidence(_singles("पुतिन", "उम्र"), {"उम्र", "वर्ष"}, idf, corpus, corpus_chunks=5000) == (0.25, 0.75)
    # a key term with several renderings: found when any is, weighing as its commonest the corpus has
    assert key_term_evidence([frozenset(["उम्र", "आयु"])], {"आयु"}, idf, corpus) == (1.0, 0.0)
    assert key_term_evidence([frozenset(["पुतिन"]), frozenset(["उम्र", "आयु"])], set(), idf, corpus) == (0.0, 0.75)
    assert key_term_evidence([], set(), idf, corpus) == (0.0, 0.0)


def test_key_terms_of_a_hindi_question_are_its_own_terms():
    assert key_terms("hi", "पुतिन की उम्र?", ["पुतिन", "उम्र", "पुतिन"]) == _singles("पुतिन", "उम्र")


def test_key_terms_of_an_english_question_are_its_words_in_hindi_and_its_numbers():
    # "will", "it" and "in" are function words; a word is the glossary's Hindi and the corpus word
    # it sounds like, if any: "Bowl" is a name here (बाउल) and a कटोरा elsewhere
    spelt = {"putin": "पुतिन", "bowl": "बाउल"}.get
    found = key_terms("en", "Will it rain in Delhi in 2019, Putin? Super Bowl", ["rain", "पुतिन"], spelt)
    assert "बारिश" in found[0] and found[1] == {"दिल्ल"}  # stemmed as the corpus is
    assert found[2:5] == _singles("2019", "पुतिन", "सुपर") and found[5] == {"बाउल", "कटोर"}
    assert len(found) == 6
    # a word neither the glossary nor the corpus knows is no evidence either way
    assert key_terms("en", "Who is Xqzvt?", ["xqzvt"]) == []
    # an inflected word is looked up as its base word, a name is not ("Golding" is no "gold")
    assert key_terms("en", "Who hired Golding for the lamps?", []) == [hindi_terms("hired"), hindi_terms("lamp")]


def test_declining_weighs_margin_support_and_unknown_terms():
    assert answer_evidence("hi", margin=0.10, support=0.5, unknown=0.0) >= 0
    assert answer_evidence("hi", margin=0.01, support=0.5, unknown=0.0) < 0  # generic text answers as well
    # the same margin, with the question's terms in the passage or unknown to the corpus
    assert answer_evidence("hi", 0.05, 1.0, 0.0) > answer_evidence("hi", 0.05, 0.0, 0.0) > \
        answer_evidence("hi", 0.05, 0.0, 1.0)
    assert answer_evidence("en", margin=0.03, support=0.0, unknown=0.0) >= 0
    assert answer_evidence("xx", margin=0.03, support=0.0, unknown=0.0) >= 0  # an unknown language: as English
    # English: the latent terms' cosine with the passage, counted from a typical answerable one
    assert answer_evidence("en", margin=0.03, support=0.0, unknown=0.0, latent=0.05) < 0
    assert answer_evidence("en", margin=0.03, support=0.0, unknown=0.0, latent=0.2) >= 0
    assert answer_evidence("en", 0.03, 0.0, 0.0, latent=None) == answer_evidence("en", 0.03, 0.0, 0.0, latent=0.2)


def test_an_answer_that_only_just_clears_the_line_is_tentative():
    assert is_tentative(0.0) and is_tentative(TENTATIVE / 2)
    assert not is_tentative(TENTATIVE) and not is_tentative(0.05)


def test_background_texts_skip_comments_and_blank_lines():
    texts = background_texts()
    assert len(texts) > 20 and not any(t.startswith("#") or not t for t in texts)


def test_a_romanized_initialism_is_a_key_term_in_either_spelling():
    # Hindi writes GST as जीएसटी, but some text keeps it in Latin letters: either one supports it
    read = {"gst": "जीएसटी", "rss": "आरएसएस", "dar": "दर", "kya": "क्या", "hai": "है"}.get
    found = key_terms("hi-latn", "gst dar kya hai", [], read)
    assert found[0] == frozenset(terms("जीएसटी")) | {"gst"} and found[1:] == _singles("दर")
    # the Latin spelling is a term as a passage's are: "RSS" in a passage meets "rss" in a question
    rss = key_terms("hi-latn", "rss kya hai", [], read)
    support, _ = key_term_evidence(rss, set(terms("RSS की बैठक")), lambda t: 1.0, lambda t: True)
    assert support == 1.0


def test_key_terms_of_a_romanized_question_are_the_hindi_words_it_is_typed_for():
    read = {"sardi": "सर्दी", "mein": "में", "khansi": "खांसी", "ka": "का", "ilaaj": "इलाज", "kya": "क्या",
            "hai": "है", "population": None, "xqzt": None}.get
    found = key_terms("hi-latn", "sardi mein khansi ka ilaaj kya hai? population xqzt", [], read)
    # function words drop out; an English word no Hindi word sounds like keeps the glossary's
    # Hindi; a word nothing reads ("xqzt") is no evidence either way
    assert found[:3] == _singles("सर्द", "खांस", "इलाज")
    assert found[3] >= {"जनसंख्य"} and len(found) == 4


@pytest.mark.parametrize("question, kind", [
    ("How old is Vladimir Putin?", AGE), ("What is Putin's age?", AGE), ("पुतिन की उम्र कितनी है?", AGE),
    ("किम कितने साल के हैं?", AGE), ("यह परंपरा कितनी पुरानी है?", AGE), ("putin ki umar kitni hai?", AGE),
    ("kim kitne saal ke hain?", AGE), ("Who is Kim Jong-un's wife?", FAMILY), ("How many children does Putin have?", FAMILY),
    ("Is Putin married?", FAMILY), ("पुतिन की शादी किससे हुई है?", FAMILY), ("किम के कितने बच्चे हैं?", FAMILY),
    ("kim ki biwi ka naam kya hai?", FAMILY), ("putin ke kitne bachche hain?", FAMILY),
    ("पुतिन की बेटियाँ क्या करती हैं?", FAMILY),  # chandrabindu folded: बेटियाँ is बेटियां
    ("Did Tesla ever marry?", FAMILY), ("Whom did Luther marry?", FAMILY), ("टेस्ला ने शादी क्यों नहीं की?", FAMILY),
    ("tesla ne shaadi kyun nahin ki", FAMILY), ("लूथर ने कब दूसरी शादी की?", FAMILY),
    ("tesla ne kabhi shaadi nahi ki?", FAMILY)])  # a word or two between ने and शादी
def test_a_question_asking_a_personal_fact_says_which(question, kind):
    assert personal_fact_asked(question) == kind


def test_what_states_a_personal_fact_is_read_liberally_but_in_whole_words():
    assert not states_fact(AGE, "बैठक बीजिंग स्थित दियाओयुताई स्टेट गेस्ट हाउस में आयोजित हुई।")
    assert not states_fact(AGE, "The village page carried his message.")
    for stated in ("72 वर्षीय पुतिन ने कहा।", "पुतिन 72 साल के हैं।", "पुतिन का जन्म 1952 में हुआ।",
                   "वह 39 की उम्र में खेले।", "जीवाश्म 515 मिलियन वर्ष पहले पाए गए।", "He is 72 years old."):
        assert states_fact(AGE, stated), stated
    assert not states_fact(FAMILY, "रूस के राष्ट्रपति व्लादिमीर पुतिन ने कहा।")  # "पति" only inside "राष्ट्रपति"
    for stated in ("उनकी पत्नी ने कहा।", "दोनों बेटियां विदेश में पढ़ीं।", "Luther married Katharina.", "उनका विवाह 1983 में हुआ।"):
        assert states_fact(FAMILY, stated), stated


@pytest.mark.parametrize("question", [
    "पुतिन कितने साल से राष्ट्रपति हैं?", "What did Putin say about the age of the alliance?",
    "16 साल की उम्र में लाइसेंस बन सकता है?", "How many households have children under the age of 18?",
    "राष्ट्रपति पुतिन ने क्या कहा?", "बच्चों के लिए कौन सी योजना है?", "How did the marriage laws change?",
    "शादी के कार्ड कैसे छपवाएं?"])
def test_a_question_that_only_mentions_age_or_family_asks_for_neither(question):
    assert personal_fact_asked(question) is None
