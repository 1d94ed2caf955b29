import re

import pytest

from bot.replies import MAX_MESSAGE, fit, render_answer, render_more
from index.search import Answer, Passage


def passage(text="पहला वाक्य। <b>दूसरा</b> & वाक्य।", start=12, end=len("पहला वाक्य। <b>दूसरा</b> & वाक्य।")):
    return Passage(text=text, score=1.0, source="शीर्षक <i>", doc_id="a.txt", paragraph=2, start=0,
                   end=len(text), answer_start=start, answer_end=end)


def test_answer_is_escaped_highlighted_and_sourced_in_the_askers_language():
    p = passage()
    html = render_answer(Answer("q", "hi", True, p.text[12:], 0.9, [p]), "hi")
    assert "&lt;b&gt;दूसरा&lt;/b&gt; &amp; वाक्य।" in html  # user-visible text is always escaped
    assert "<b>&lt;b&gt;दूसरा" in html  # the answer sentence is the bold part of the passage
    assert "स्रोत: शीर्षक &lt;i&gt; (अनुच्छेद 3)" in html
    assert "Source" in render_answer(Answer("q", "en", True, "x", 0.9, [p]), "en")


def test_declined_answer_says_so_without_a_passage():
    html = render_answer(Answer("q", "en", False, None, 0.5, [passage()]), "en")
    assert "do not answer" in html and "blockquote" not in html


@pytest.mark.parametrize("language, caveat", [("hi", "पक्का नहीं"), ("en", "not sure"), ("hi-latn", "Pakka nahin")])
def test_a_tentative_answer_is_introduced_with_a_caveat_and_still_given(language, caveat):
    p = passage()
    sure = render_answer(Answer("q", language, True, p.text[12:], 0.9, [p]), language)
    tentative = render_answer(Answer("q", language, True, p.text[12:], 0.9, [p], tentative=True), language)
    assert caveat not in sure
    assert tentative.startswith("<i>") and caveat in tentative.split("\n")[0]
    assert tentative.endswith(sure)  # the answer, its passage and its source, as a sure answer has them


def test_fit_never_exceeds_the_limit_nor_breaks_tags_or_entities():
    long = passage(text="क & ख " * 2000, start=0, end=10)
    html = render_more([long, long], "hi")
    assert len(html) <= MAX_MESSAGE
    assert html.count("<blockquote>") == html.count("</blockquote>")
    assert not re.search(r"&[a-z]*$", html.split("…")[0])
    assert fit("short") == "short"


def test_polite_replies_use_both_languages_until_the_chat_chose_one():
    from bot.replies import polite

    both = polite("not_text")
    assert "टाइप" in both and "type" in both
    assert "type" not in polite("not_text", "hi") and "टाइप" not in polite("not_text", "en")


SEED = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा, “जल्द मिलेंगे।”"


def seed_answer(language="hi-latn"):
    p = Passage(text="पहला वाक्य। " + SEED, score=1.0, source="बीजिंग में मुलाकात", doc_id="a.txt", paragraph=1,
                start=0, end=12 + len(SEED), answer_start=12, answer_end=12 + len(SEED))
    return Answer("q", language, True, SEED, 0.9, [p])


def test_latin_answer_comes_above_the_devanagari_passage():
    html = render_answer(seed_answer(), "hi-latn", latin=True)
    latin = "baithak ke baad jab putin kim ko unki gaadi tak chhodne aaye, to kim ne vidaai dete hue kaha"
    assert html.startswith(f"<b>Uttar:</b> {latin}")
    assert html.index(latin) < html.index("<blockquote>") < html.index("<b>" + SEED[:10])
    assert "Srot: beijing mein mulaakaat (anuchchhed 2)" in html


def test_machine_translation_is_marked_and_the_hindi_kept():
    from bot.conversation.translate import Translation

    html = render_answer(seed_answer("en"), "en", translation=Translation("“See you soon.” <b>", "Meeting in Beijing"))
    assert f"<b>Answer:</b> {SEED[:20]}" in html
    assert "<b>Machine translation:</b> “See you soon.” &lt;b&gt;" in html
    assert "<i>Machine translation: Meeting in Beijing</i>" in html and "Source: बीजिंग में मुलाकात" in html
    assert "Machine translation" not in render_answer(seed_answer("en"), "en")


@pytest.mark.parametrize("language, words", [("hi", "नमस्ते"), ("en", "Hello"), ("hi-latn", "Namaste")])
def test_small_talk_replies_say_what_the_bot_does_in_the_askers_language(language, words):
    from bot.dialogue import Turn
    from bot.replies import render_turn

    html = render_turn(Turn(None, language, small_talk="greeting"))
    assert html.startswith(words) and "blockquote" not in html
    assert all(render_turn(Turn(None, language, small_talk=kind)) for kind in ("who", "thanks", "bye", "ack"))


def cited(published="2025-09-04T00:00:00+05:30", url="https://news.example/a?x=1&y=2"):
    text = "किम ने कहा, “जल्द मिलेंगे।”"
    return Passage(text=text, score=1.0, source="बीजिंग में पुतिन और किम", doc_id="a.txt", paragraph=0, start=0,
                   end=len(text), answer_start=0, answer_end=len(text), url=url, published=published, outlet="UITV")


def test_answers_cite_headline_link_outlet_and_date():
    p = cited()
    html = render_answer(Answer("q", "hi", True, p.text, 0.9, [p]), "hi")
    assert '<a href="https://news.example/a?x=1&amp;y=2">बीजिंग में पुतिन और किम</a> — UITV, 4 सितंबर 2025' in html
    english = render_answer(Answer("q", "en", True, p.text, 0.9, [p]), "en")
    assert "— UITV, 4 September 2025" in english
    unlinked = render_answer(Answer("q", "en", True, p.text, 0.9, [cited(url="javascript:alert(1)")]), "en")
    assert "<a " not in unlinked and "javascript" not in unlinked


def test_an_article_older_than_a_day_is_dated_in_the_answer():
    from datetime import datetime, timezone

    p = cited()
    later = datetime(2025, 9, 10, tzinfo=timezone.utc)
    same_day = datetime(2025, 9, 4, 12, tzinfo=timezone.utc)
    html = render_answer(Answer("q", "hi", True, p.text, 0.9, [p]), "hi", now=later)
    assert "<i>4 सितंबर 2025 की खबर के अनुसार:</i> किम ने कहा" in html
    assert "According to a report of 4 September 2025:" in render_answer(
        Answer("q", "en", True, p.text, 0.9, [p]), "en", now=later)
    assert "के अनुसार" not in render_answer(Answer("q", "hi", True, p.text, 0.9, [p]), "hi", now=same_day)
    assert "के अनुसार" not in render_answer(Answer("q", "hi", True, p.text, 0.9, [cited(published=None)]), "hi",
                                          now=later)


def test_latest_lists_headlines_newest_first_as_given():
    from bot.replies import render_latest
    from index.store import DocumentInfo

    documents = [DocumentInfo("b.txt", "नई खबर", "2025-09-05T09:00:00+05:30", "https://n.example/b", "UITV", 3, 9),
                 DocumentInfo("a.txt", "पुरानी <खबर>", None, None, None, 2, 5)]
    html = render_latest(documents, "hi")
    assert html.index("नई खबर") < html.index("पुरानी &lt;खबर&gt;")
    assert '<a href="https://n.example/b">नई खबर</a> — UITV, 5 सितंबर 2025' in html
    assert "no articles" in render_latest([], "en")
