import unicodedata

import pytest

from index.text import dateline_length, names_in, normalise, paragraph_spans, script_of, sentence_spans, words


def sentences(text: str) -> list[str]:
    text = normalise(text)
    return [text[s.start:s.end] for s in sentence_spans(text)]


@pytest.mark.parametrize("raw, expected", [
    ("नई मजबूती,रणनीतिक साझेदारी", "नई मजबूती, रणनीतिक साझेदारी"),  # the seed article's glued commas
    ("सियोल,4 सितंबर", "सियोल, 4 सितंबर"),
    ("हुई।बुधवार को", "हुई। बुधवार को"),
    ("लगभग 13,000 सैनिक", "लगभग 13,000 सैनिक"),  # digit groups stay whole
    ("2.5 करोड़", "2.5 करोड़"),
    ("दो  \t शब्द", "दो शब्द"),
    ("शू\u200bन्य\u200c चौड़ा\ufeff", "शून्य चौड़ा"),
    ("  पहला\r\n\r\nदूसरा  ", "पहला\n\nदूसरा"),
])
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_nukta_forms_become_one_spelling():
    precomposed, decomposed = "\u095b\u0930\u0942\u0930\u0924", "\u091c\u093c\u0930\u0942\u0930\u0924"  # ज़रूरत
    assert normalise(precomposed) == normalise(decomposed)
    assert unicodedata.is_normalized("NFC", normalise(precomposed))


def test_sentences_split_on_danda_question_and_bang_keeping_closing_quotes():
    text = 'किम ने कहा, “जल्द मिलेंगे।” इस पर पुतिन ने जवाब दिया, “मैं इंतजार करूँगा।” क्या सच? हाँ! ठीक॥ अंत'
    assert sentences(text) == ['किम ने कहा, “जल्द मिलेंगे।”', 'इस पर पुतिन ने जवाब दिया, “मैं इंतजार करूँगा।”',
                               "क्या सच?", "हाँ!", "ठीक॥", "अंत"]


def test_sentences_do_not_split_inside_numbers_or_abbreviations():
    assert sentences("कीमत 2.5 लाख है। कुल 13,000 सैनिक थे. U.S. और www.example.com देखें.") == [
        "कीमत 2.5 लाख है।", "कुल 13,000 सैनिक थे.", "U.S. और www.example.com देखें."]



def test_initials_spelt_in_devanagari_end_no_sentence_but_a_verb_does():
    assert sentences("मिशन निदेशक डॉ. के. आर. श्रीनिवासन ने कहा। डब्ल्यू. जी. ग्रेस खेले. वह घर आई. फिर लौटी.") == [
        "मिशन निदेशक डॉ. के. आर. श्रीनिवासन ने कहा।", "डब्ल्यू. जी. ग्रेस खेले.", "वह घर आई.", "फिर लौटी."]

@pytest.mark.parametrize("paragraph, rest", [
    ("सियोल, 4 सितंबर (युआईटीवी)- रूस के राष्ट्रपति आए।", "रूस के राष्ट्रपति आए।"),
    ("नई दिल्ली, 4 सितंबर (भाषा) सरकार ने कहा।", "सरकार ने कहा।"),
    ("पुष्कर (अजमेर), 5 नवंबर। मेले में भीड़ उमड़ी।", "मेले में भीड़ उमड़ी।"),
    ("NEW DELHI, Sept 4 (Reuters) - The government said.", "The government said."),
    ("Paris, 12 May 2023: The talks ended.", "The talks ended."),
    ("रूस के राष्ट्रपति, 4 सितंबर को आए।", None),  # a date in the sentence, not a dateline
    ("बर्लिन, जून 2024 में समझौता हुआ।", None),
    ("In 1990, 4 May was a holiday.", None),
])
def test_a_dateline_opening_a_paragraph_belongs_to_no_sentence(paragraph, rest):
    paragraph = normalise(paragraph)
    assert paragraph[dateline_length(paragraph):] == (rest or paragraph)
    assert sentences(paragraph)[0] == (rest or paragraph)


def test_sentence_offsets_point_into_the_text():
    text = normalise("पहला वाक्य। दूसरा वाक्य।\n\nतीसरा वाक्य?")
    for paragraph in paragraph_spans(text):
        for span in sentence_spans(text[paragraph.start:paragraph.end], paragraph.start):
            assert text[span.start:span.end].strip() == text[span.start:span.end]
            assert paragraph.start <= span.start < span.end <= paragraph.end
    assert [text[p.start:p.end] for p in paragraph_spans(text)] == ["पहला वाक्य। दूसरा वाक्य।", "तीसरा वाक्य?"]


def test_words_keep_vowel_signs_and_fold_spelling_variants():
    assert words("भारत की राजधानी") == ["भारत", "की", "राजधानी"]  # generic \w+ would give ['रत', 'जध']
    assert words("ज़रूरत जरूरत") == ["जरूरत", "जरूरत"]
    assert words("कहाँ कहां") == ["कहां", "कहां"]


@pytest.mark.parametrize("text, script", [("पुतिन कौन है", "deva"), ("who is putin", "latin"), ("123 ?", "other")])
def test_script_of(text, script):
    assert script_of(text) == script


@pytest.mark.parametrize("text, names", [
    ("Fielding H. Garrison believes that geology began where?", {"fielding", "h", "garrison"}),
    ("Who built the Golconda Fort?", {"golconda", "fort"}),  # the first word, alone, is no name
    ("Sachin Tendulkar age", {"sachin", "tendulkar"}),
    ("how old is putin", set()),
])
def test_names_are_capitalised_words_and_a_first_one_only_before_another(text, names):
    assert names_in(text) == names
