"""Extraction on pages written the way news sites write them: the story kept, the site around it dropped."""

import pytest

from index.errors import NoArticleText
from index.ingest.encoding import decode_html
from index.ingest.extract import extract_page, fragment_text

from .conftest import SITES

# For each page: sentences of the story that must survive, and strings of the site around it that must not.
PAGES = {
    "dainik-putin-kim.html": (
        ["रूस के राष्ट्रपति व्लादिमीर पुतिन और उत्तर कोरिया के सर्वोच्च नेता किम जोंग-उन की मुलाकात",
         "बैठक बीजिंग स्थित दियाओयुताई स्टेट गेस्ट हाउस में आयोजित हुई", "“जल्द मिलेंगे।”",
         "“मैं इंतजार करूँगा, कृपया आइए।”",
         "लगभग 13,000 सैनिक और हथियार भेज चुका है", "अपनी साझेदारी का स्पष्ट संदेश देने का मंच था"],
        ["होम", "मनोरंजन", "ब्रेकिंग", "सबसे सस्ते स्मार्टफ़ोन", "घर बैठे कमाएँ", "विज्ञापन स्क्रिप्ट", "dataLayer",
         "कुकीज़", "फ़ेसबुक पर शेयर करें", "ये भी पढ़ें", "मौसम विभाग ने दिल्ली में भारी बारिश", "एशिया कप",
         "सोने के दाम", "टिप्पणियाँ", "बहुत बढ़िया लेख", "एकतरफ़ा", "अपनी टिप्पणी लिखें", "गोपनीयता नीति",
         "सर्वाधिकार सुरक्षित", "टैग:"]),
    "samachar-putin-kim.html": (
        ["सियोल, 4 सितंबर (एजेंसी)", "दियाओयुताई स्टेट गेस्ट हाउस", "“जल्द मिलेंगे।”", "लगभग 13,000 सैनिक",
         "स्पष्ट संदेश देने का मंच था"],
        ["कुकी नीति", "ई-पेपर", "लॉग इन", "मुख्य पृष्ठ", "वीडियो", "शेयर करें", "संबंधित खबरें", "नई रेल लाइन",
         "प्रदूषण", "पाठक की राय", "सबसे ज़्यादा पढ़ी गईं", "चुनाव आयोग", "प्रायोजित", "सभी अधिकार सुरक्षित"]),
    "dainik-barish.html": (
        ["कई इलाकों में जलभराव हो गया", "ऑरेंज अलर्ट जारी किया है", "वैकल्पिक रास्तों का उपयोग करने की अपील",
         "स्थिति पर लगातार नज़र रखी जा रही है"],
        ["कुकीज़", "होम", "विज्ञापन स्क्रिप्ट", "ये भी पढ़ें", "लोकल ट्रेन", "कोई सुनवाई नहीं", "सर्वाधिकार सुरक्षित"]),
    "english-1252.html": (
        ["“We lost three weeks of trade,” said Anaïs D’Souza", "repairs to her kitchen cost Rs 40,000",
         "before the next season’s rains", "“It’s the same every year,”"],
        ["Home", "Advertisement", "£1 a week", "Great piece", "© 2025"]),
}


def measure():
    kept = total_kept = dropped = total_dropped = 0
    for name, (story, boilerplate) in PAGES.items():
        text = extract_page((SITES / name).read_text(encoding="utf-8"), name).text
        kept += sum(sentence in text for sentence in story)
        total_kept += len(story)
        dropped += sum(junk not in text for junk in boilerplate)
        total_dropped += len(boilerplate)
    return kept, total_kept, dropped, total_dropped


def test_story_sentences_are_kept_and_the_site_around_them_dropped():
    kept, total_kept, dropped, total_dropped = measure()
    print(f"story sentences kept {kept}/{total_kept}, boilerplate strings dropped {dropped}/{total_dropped}")
    assert (kept, dropped) == (total_kept, total_dropped)


@pytest.mark.parametrize("name, title, published, source, author, language", [
    ("dainik-putin-kim.html", "बीजिंग में पुतिन और किम की मुलाकात, रूस आने का न्योता", "2025-09-04T10:30:00+05:30",
     "दैनिक समाचार", "राहुल शर्मा", "hi"),
    ("samachar-putin-kim.html", "पुतिन-किम मुलाकात: रूस आने का निमंत्रण", "2025-09-04T16:45:00+05:30",
     "समाचार भारती", "एजेंसी", "hi-IN"),
    # a date alone in the page's metadata: that day, midnight in India
    ("dainik-barish.html", "दिल्ली में भारी बारिश, कई इलाकों में जलभराव", "2025-09-05T00:00:00+05:30",
     "दैनिक समाचार", None, "hi"),
])
def test_metadata_comes_from_the_page(name, title, published, source, author, language):
    article = extract_page((SITES / name).read_text(encoding="utf-8"), name, "https://example.org/a")
    assert (article.title, article.published, article.source, article.author, article.language) == (
        title, published, source, author, language)
    assert article.url == "https://example.org/a"


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + (SITES / "dainik-barish.html").read_text(encoding="utf-8")
    assert "ऑरेंज अलर्ट" in extract_page(page, "xhtml").text


def test_a_saved_page_is_named_by_its_canonical_url():
    article = extract_page((SITES / "dainik-putin-kim.html").read_text(encoding="utf-8"), "saved.html")
    assert article.url == "https://dainik.example/videsh/putin-kim-beijing"


def test_a_gallery_page_has_no_article_text():
    with pytest.raises(NoArticleText, match="gallery.html: no article text"):
        extract_page((SITES / "gallery.html").read_text(encoding="utf-8"), "gallery.html")


ENGLISH = (SITES / "english-1252.html").read_text(encoding="utf-8")
HINDI = (SITES / "hindi-utf16.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("body, http_charset, expected", [
    (ENGLISH.encode("windows-1252"), "windows-1252", "Anaïs D’Souza"),
    (ENGLISH.encode("windows-1252"), None, "Anaïs D’Souza"),  # <meta charset> only
    (ENGLISH.encode("windows-1252"), "iso-8859-1", "Anaïs D’Souza"),  # the label browsers read as windows-1252
    (HINDI.encode("utf-16"), None, "गणेश विसर्जन"),  # byte-order mark
    (HINDI.encode("utf-16-le"), "utf-16", "गणेश विसर्जन"),  # no BOM, HTTP says utf-16
    (HINDI.encode("utf-8"), "no-such-charset", "गणेश विसर्जन"),  # unknown label: bytes tried as UTF-8
    (ENGLISH.replace('<meta charset="windows-1252">', "").encode("windows-1252"), None, "Anaïs D’Souza"),  # detected
])
def test_pages_in_other_encodings_decode(body, http_charset, expected):
    assert expected in decode_html(body, http_charset)


def test_feed_fragments_become_paragraphs():
    assert fragment_text("<p>पहला अनुच्छेद।</p><p>दूसरा<br>अनुच्छेद।</p>") == "पहला अनुच्छेद।\n\nदूसरा\n\nअनुच्छेद।"
    assert fragment_text("  ") == ""
