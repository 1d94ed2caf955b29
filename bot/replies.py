"""Rendering replies: pure functions from answers to Telegram HTML, in the asker's language."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

from index.search import Answer, Passage

MAX_MESSAGE = 4096  # Telegram's limit, in characters

LABELS = {
    "hi": {
        "answer": "उत्तर", "source": "स्रोत", "paragraph": "अनुच्छेद", "more": "और अंश",
        "no_answer": "माफ़ कीजिए, इन लेखों में इस सवाल का जवाब नहीं मिला।",
        "no_more": "इससे ज़्यादा अंश नहीं हैं।",
        "not_text": "मैं सिर्फ़ लिखे हुए सवालों का जवाब दे सकता हूँ — कृपया अपना सवाल टाइप करें।",
        "empty": "कृपया लेखों के बारे में कोई सवाल पूछें।",
        "too_long": "आपका संदेश बहुत लंबा है — कृपया छोटा सवाल पूछें।",
        "error": "माफ़ कीजिए, कुछ गड़बड़ हो गई। कृपया थोड़ी देर बाद फिर पूछें।",
        "reset": "ठीक है, पिछली बातचीत भुला दी।",
        "lang": "भाषा: {value}",
    },
    "en": {
        "answer": "Answer", "source": "Source", "paragraph": "paragraph", "more": "More passages",
        "no_answer": "Sorry, the indexed articles do not answer that.",
        "no_more": "There are no more passages.",
        "not_text": "I can only answer typed questions — please type your question.",
        "empty": "Please ask a question about the articles.",
        "too_long": "Your message is too long — please ask a shorter question.",
        "error": "Sorry, something went wrong. Please try again in a moment.",
        "reset": "Done, I have forgotten our previous conversation.",
        "lang": "Language: {value}",
    },
}


def label(language: str, key: str, **values) -> str:
    return LABELS[language if language in LABELS else "en"][key].format(**values)


def polite(key: str, language: str = "auto") -> str:
    """A short reply in the chat's chosen language, or in both when we cannot tell which."""
    if language in ("hi", "en"):
        return escape(label(language, key))
    return escape(f"{label('hi', key)}\n{label('en', key)}")


def render_answer(answer: Answer, language: str) -> str:
    """The answer sentence, its passage with that sentence in bold, and the source."""
    if not answer.answered or not answer.passages:
        return escape(label(language, "no_answer"))
    top = answer.passages[0]
    return fit(f"<b>{escape(label(language, 'answer'))}:</b> {escape(answer.answer or '')}\n\n"
               + render_passage(top, language))


def render_passage(passage: Passage, language: str) -> str:
    text = passage.text
    if passage.answer_start is not None:
        body = (escape(text[:passage.answer_start]) + "<b>" + escape(text[passage.answer_start:passage.answer_end])
                + "</b>" + escape(text[passage.answer_end:]))
    else:
        body = escape(text)
    source = f"{escape(label(language, 'source'))}: {escape(passage.source)}, {escape(label(language, 'paragraph'))} {passage.paragraph + 1}"
    return f"<blockquote>{body}</blockquote>\n<i>{source}</i>"


def render_more(passages: list[Passage], language: str) -> str:
    if not passages:
        return escape(label(language, "no_more"))
    plain = [replace(p, answer_start=None, answer_end=None) for p in passages]
    return fit("\n\n".join(render_passage(p, language) for p in plain))


def fit(html: str, limit: int = MAX_MESSAGE) -> str:
    """Cut an HTML reply to Telegram's limit without breaking a tag or an entity."""
    if len(html) <= limit:
        return html
    ellipsis = "…"
    cut = html[: limit - len(ellipsis) - 40]
    # Do not end inside a tag or an entity.
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    if cut.rfind("&") > cut.rfind(";"):
        cut = cut[: cut.rfind("&")]
    open_tags = []
    for tag in re.findall(r"<(/?)(\w+)[^>]*>", cut):
        if tag[0]:
            if open_tags and open_tags[-1] == tag[1]:
                open_tags.pop()
        else:
            open_tags.append(tag[1])
    return cut + ellipsis + "".join(f"</{t}>" for t in reversed(open_tags))


def render_welcome(examples: list[str], documents: int) -> str:
    lines = ["<b>खबर / Khabar</b>",
             "नमस्ते! मुझसे इन हिंदी समाचार लेखों के बारे में हिंदी या अंग्रेज़ी में सवाल पूछें।",
             "Hi! Ask me about these Hindi news articles, in Hindi or English.", ""]
    lines += [f"• {escape(e)}" for e in examples]
    lines += ["", f"/about · /lang hi|en|auto · /reset — {documents} article(s)"]
    return "\n".join(lines)


def render_about(manifest, documents) -> str:
    """What the index holds: counts, how it was built, and the newest articles."""
    docs = "\n".join(f"• {escape(d.title)}" for d in documents)
    return fit(f"<b>Khabar</b>: {manifest.counts['documents']} article(s), {manifest.counts['chunks']} passages\n"
               f"built {escape(manifest.built_at)}, model {escape(manifest.embedder_id)}\n\n{docs}")
