import re

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
    assert "स्रोत: शीर्षक &lt;i&gt;, अनुच्छेद 3" in html
    assert "Source" in render_answer(Answer("q", "en", True, "x", 0.9, [p]), "en")


def test_declined_answer_says_so_without_a_passage():
    html = render_answer(Answer("q", "en", False, None, 0.5, [passage()]), "en")
    assert "do not answer" in html and "blockquote" not in html


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
