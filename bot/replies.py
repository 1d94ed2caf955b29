"""Rendering replies: pure functions from answers to Telegram HTML, in the asker's language."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from html import escape
from typing import TYPE_CHECKING

from index.language.latin import to_latin
from index.search import Answer, Passage

if TYPE_CHECKING:
    from .dialogue import Turn
    from .conversation.translate import Translation

MAX_MESSAGE = 4096  # Telegram's limit, in characters

LABELS = {
    "hi": {
        "answer": "उत्तर", "source": "स्रोत", "paragraph": "अनुच्छेद", "more": "और अंश",
        "no_answer": "माफ़ कीजिए, इन लेखों में इस सवाल का जवाब नहीं मिला।",
        "tentative": "पक्का नहीं कि इन लेखों में इस सवाल का जवाब है — सबसे करीबी अंश यह है:",
        "no_more": "इससे ज़्यादा अंश नहीं हैं।",
        "not_text": "मैं सिर्फ़ लिखे हुए सवालों का जवाब दे सकता हूँ — कृपया अपना सवाल टाइप करें।",
        "empty": "कृपया लेखों के बारे में कोई सवाल पूछें।",
        "too_long": "आपका संदेश बहुत लंबा है — कृपया छोटा सवाल पूछें।",
        "error": "माफ़ कीजिए, कुछ गड़बड़ हो गई। कृपया थोड़ी देर बाद फिर पूछें।",
        "reset": "ठीक है, पिछली बातचीत भुला दी।",
        "lang": "भाषा: {value}",
        "machine_translation": "मशीनी अनुवाद",
        "greeting": "नमस्ते! मैं खबर हूँ। इन हिंदी समाचार लेखों के बारे में हिंदी, अंग्रेज़ी या रोमन हिंदी में "
                    "कुछ भी पूछिए — मैं लेखों में जवाब ढूँढकर बताऊँगा।",
        "thanks": "आपका स्वागत है! लेखों के बारे में और कुछ पूछना हो तो पूछिए।",
        "who": "मैं खबर हूँ, एक बॉट जो इन हिंदी समाचार लेखों में आपके सवालों के जवाब ढूँढता है और जवाब वाला अंश "
               "स्रोत के साथ दिखाता है। हिंदी, अंग्रेज़ी या रोमन हिंदी में पूछिए।",
        "bye": "फिर मिलेंगे! जब चाहें, लेखों के बारे में पूछिए।",
        "ack": "ठीक है! लेखों के बारे में और कुछ पूछना हो तो पूछिए।",
        "slow_down": "कृपया थोड़ा धीरे: आप एक साथ बहुत सारे सवाल भेज रहे हैं, इसलिए कुछ छोड़ दिए गए। "
                     "एक मिनट बाद फिर पूछिए।",
        "slow_down_press": "कृपया थोड़ा रुककर दबाइए।",
        "more_stale": "यह बटन पिछले जवाब का है — और अंश सिर्फ़ ताज़ा जवाब के मिलते हैं।",
        "report_of": "{date} की खबर के अनुसार", "latest": "ताज़ा खबरें", "no_articles": "अभी कोई लेख नहीं है।",
    },
    "hi-latn": {
        "answer": "Uttar", "source": "Srot", "paragraph": "anuchchhed", "more": "Aur ansh",
        "no_answer": "Maaf kijiye, in lekhon mein is savaal ka javaab nahin mila.",
        "tentative": "Pakka nahin ki in lekhon mein is savaal ka javaab hai — sabse kareebi ansh yeh hai:",
        "no_more": "Isse zyaada ansh nahin hain.",
        "not_text": "Main sirf likhe hue savaalon ka javaab de sakta hoon — kripya apna savaal type kijiye.",
        "empty": "Kripya lekhon ke baare mein koi savaal poochhiye.",
        "too_long": "Aapka sandesh bahut lamba hai — kripya chhota savaal poochhiye.",
        "error": "Maaf kijiye, kuchh gadbad ho gayi. Kripya thodi der baad phir poochhiye.",
        "reset": "Theek hai, pichhli baatcheet bhula di.",
        "lang": "Bhaasha: {value}",
        "machine_translation": "Machine anuvaad",
        "greeting": "Namaste! Main Khabar hoon. In Hindi samaachaar lekhon ke baare mein Hindi, English ya Roman "
                    "Hindi mein kuchh bhi poochhiye — main lekhon mein javaab dhoondhkar bataaoonga.",
        "thanks": "Aapka swaagat hai! Lekhon ke baare mein aur kuchh poochhna ho to poochhiye.",
        "who": "Main Khabar hoon, ek bot jo in Hindi samaachaar lekhon mein aapke savaalon ke javaab dhoondhta hai "
               "aur javaab vaala ansh srot ke saath dikhaata hai. Hindi, English ya Roman Hindi mein poochhiye.",
        "bye": "Phir milenge! Jab chaahein, lekhon ke baare mein poochhiye.",
        "ack": "Theek hai! Lekhon ke baare mein aur kuchh poochhna ho to poochhiye.",
        "slow_down": "Kripya thoda dheere: aap ek saath bahut saare savaal bhej rahe hain, isliye kuchh chhod "
                     "diye gaye. Ek minute baad phir poochhiye.",
        "slow_down_press": "Kripya thoda rukkar dabaaiye.",
        "more_stale": "Yeh button pichhle javaab ka hai — aur ansh sirf taaze javaab ke milte hain.",
        "report_of": "{date} ki khabar ke anusaar", "latest": "Taaza khabrein", "no_articles": "Abhi koi lekh nahin hai.",
    },
    "en": {
        "answer": "Answer", "source": "Source", "paragraph": "paragraph", "more": "More passages",
        "no_answer": "Sorry, the indexed articles do not answer that.",
        "tentative": "I am not sure the indexed articles answer that — this is the closest passage:",
        "no_more": "There are no more passages.",
        "not_text": "I can only answer typed questions — please type your question.",
        "empty": "Please ask a question about the articles.",
        "too_long": "Your message is too long — please ask a shorter question.",
        "error": "Sorry, something went wrong. Please try again in a moment.",
        "reset": "Done, I have forgotten our previous conversation.",
        "lang": "Language: {value}",
        "machine_translation": "Machine translation",
        "greeting": "Hello! I'm Khabar. Ask me anything about these Hindi news articles — in Hindi, English or "
                    "Hindi in Latin letters — and I'll find the answer in them.",
        "thanks": "You're welcome! Ask me anything else about the articles.",
        "who": "I'm Khabar, a bot that finds the answers to your questions in these Hindi news articles and shows "
               "the passage it comes from, with its source. Ask in Hindi, English or Hindi in Latin letters.",
        "bye": "Bye! Come back any time with a question about the articles.",
        "ack": "All right! Ask me anything else about the articles.",
        "slow_down": "Please slow down: you are sending many questions at once, so some were skipped. "
                     "Ask again in a minute.",
        "slow_down_press": "Please wait a moment before pressing again.",
        "more_stale": "This button belongs to an earlier answer — more passages come only for the latest one.",
        "report_of": "According to a report of {date}", "latest": "Latest articles",
        "no_articles": "There are no articles yet.",
    },
}


def label(language: str, key: str, **values) -> str:
    return LABELS[language if language in LABELS else "en"][key].format(**values)


def polite(key: str, language: str = "auto") -> str:
    """A short reply in the chat's chosen language, or in both when we cannot tell which."""
    if language in LABELS:
        return escape(label(language, key))
    return escape(f"{label('hi', key)}\n{label('en', key)}")


LANG_USAGE = "/lang hi | en | hi-latn | auto"


def render_language(choice: str) -> str:
    """The reply to /lang: in the chosen language (in Hindi for "auto")."""
    return escape(label(choice if choice in LABELS else "hi", "lang", value=choice))


def render_turn(turn: Turn, translation: Translation | None = None) -> str:
    """What the dialogue engine decided, as a reply: small talk or an answer."""
    if turn.small_talk:
        return escape(label(turn.language, turn.small_talk))
    return render_answer(turn.answer, turn.language, latin=turn.latin, translation=translation)


HINDI_MONTHS = "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर दिसंबर".split()
ENGLISH_MONTHS = "January February March April May June July August September October November December".split()


def news_date(published: str | None, language: str) -> str:
    """"4 सितंबर 2025" / "4 September 2025" (the article's own calendar day), or "" when undated."""
    moment = _moment(published)
    if moment is None:
        return ""
    months = HINDI_MONTHS if language == "hi" else ENGLISH_MONTHS
    return f"{moment.day} {months[moment.month - 1]} {moment.year}"


def _moment(published: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(published) if published else None
    except ValueError:
        return None


def report_of(passage: Passage, language: str, now: datetime | None = None) -> str:
    """"4 सितंबर 2025 की खबर के अनुसार" when the article is more than a day old, else ""."""
    moment = _moment(passage.published)
    if moment is None or moment.tzinfo is None:
        return ""
    if (now or datetime.now(timezone.utc)) - moment <= timedelta(days=1):
        return ""
    return label(language, "report_of", date=news_date(passage.published, language))


def citation(title: str, url: str | None, outlet: str | None, published: str | None, language: str,
             latin: bool = False) -> str:
    """Headline (linked when there is a link), outlet and date: what a reader needs to trust a passage."""
    html = escape(to_latin(title) if latin else title)
    if url and url.startswith(("https://", "http://")):
        html = f'<a href="{escape(url, quote=True)}">{html}</a>'
    details = [escape(d) for d in (outlet, news_date(published, language)) if d]
    return html + (f" — {', '.join(details)}" if details else "")


def render_latest(documents, language: str) -> str:
    """The newest headlines, linked, with outlet and date."""
    if not documents:
        return escape(label(language, "no_articles"))
    lines = [f"<b>{escape(label(language, 'latest'))}</b>"]
    for d in documents:
        lines.append("• " + citation(d.title, d.url, d.outlet, d.published, language))
    return fit("\n".join(lines))


def render_answer(answer: Answer, language: str, latin: bool = False,
                  translation: Translation | None = None, now: datetime | None = None) -> str:
    """The answer sentence, its passage with that sentence in bold, and the source; a tentative
    answer (``Answer.tentative``) is introduced as possibly not answering the question.

    ``latin`` writes the answer sentence and the source title in Latin letters (the passage stays
    Devanagari); ``translation`` adds a machine translation under the Hindi sentence and title.
    """
    if not answer.answered or not answer.passages:
        return escape(label(language, "no_answer"))
    top = answer.passages[0]
    sentence = answer.answer or ""
    said = report_of(top, language, now)
    said = f"<i>{escape(said)}:</i> " if said else ""
    lines = [f"<b>{escape(label(language, 'answer'))}:</b> {said}{escape(to_latin(sentence) if latin else sentence)}"]
    if answer.tentative:  # the evidence only just clears the line: a reader should weigh it
        lines.insert(0, f"<i>{escape(label(language, 'tentative'))}</i>")
    if translation and translation.answer:
        lines.append(f"<b>{escape(label(language, 'machine_translation'))}:</b> {escape(translation.answer)}")
    html = "\n".join(lines) + "\n\n" + render_passage(top, language, latin)
    if translation and translation.source:
        html += f"\n<i>{escape(label(language, 'machine_translation'))}: {escape(translation.source)}</i>"
    return fit(html)


def render_passage(passage: Passage, language: str, latin: bool = False) -> str:
    text = passage.text
    if passage.answer_start is not None:
        body = (escape(text[:passage.answer_start]) + "<b>" + escape(text[passage.answer_start:passage.answer_end])
                + "</b>" + escape(text[passage.answer_end:]))
    else:
        body = escape(text)
    cited = citation(passage.source, passage.url, passage.outlet, passage.published, language, latin)
    where = f"{cited} ({escape(label(language, 'paragraph'))} {passage.paragraph + 1})"
    source = f"{escape(label(language, 'source'))}: {where}"
    return f"<blockquote>{body}</blockquote>\n<i>{source}</i>"


def render_more(passages: list[Passage], language: str) -> str:
    if not passages:
        return escape(label(language, "no_more"))
    plain = [replace(p, answer_start=None, answer_end=None) for p in passages]
    return fit("\n\n".join(render_passage(p, language, latin=language == "hi-latn") for p in plain))


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
             "Hi! Ask me about these Hindi news articles, in Hindi, English or Hindi in Latin letters.", ""]
    lines += [f"• {escape(e)}" for e in examples]
    lines += ["", f"/about · /lang hi|en|hi-latn|auto · /reset · /privacy — {documents} article(s)"]
    return "\n".join(lines)


def render_about(manifest, documents) -> str:
    """What the index holds: counts, how it was built, and the newest articles."""
    docs = "\n".join(f"• {escape(d.title)}" for d in documents)
    return fit(f"<b>Khabar</b>: {manifest.counts['documents']} article(s), {manifest.counts['chunks']} passages\n"
               f"built {escape(manifest.built_at)}, model {escape(manifest.embedder_id)}\n\n{docs}")


# The reader log's replies: vote acknowledgements (plain text: Telegram shows them as a toast), /forget.
READER_LABELS = {
    "hi": {
        "vote_recorded": "धन्यवाद! आपकी राय दर्ज हो गई।",
        "vote_changed": "आपकी राय बदल दी गई।",
        "vote_same": "आपकी यह राय पहले से दर्ज है।",
        "vote_gone": "यह जवाब अब रखा नहीं गया है, इसलिए राय दर्ज नहीं हुई।",
        "vote_invalid": "यह बटन काम नहीं करता।",
        "vote_failed": "माफ़ कीजिए, अभी राय दर्ज नहीं हो सकी।",
        "forgotten": "आपके बारे में रखी हर चीज़ मिटा दी गई: आपके सवाल, आपकी राय और बातचीत की स्थिति।",
        "nothing_stored": "आपके बारे में कुछ भी रखा नहीं गया था — मिटाने को कुछ नहीं है।",
    },
    "hi-latn": {
        "vote_recorded": "Dhanyavaad! Aapki raay darj ho gayi.",
        "vote_changed": "Aapki raay badal di gayi.",
        "vote_same": "Aapki yeh raay pehle se darj hai.",
        "vote_gone": "Yeh javaab ab rakha nahin gaya hai, isliye raay darj nahin hui.",
        "vote_invalid": "Yeh button kaam nahin karta.",
        "vote_failed": "Maaf kijiye, abhi raay darj nahin ho saki.",
        "forgotten": "Aapke baare mein rakhi har cheez mita di gayi: aapke savaal, aapki raay aur baatcheet ki sthiti.",
        "nothing_stored": "Aapke baare mein kuchh bhi rakha nahin gaya tha — mitaane ko kuchh nahin hai.",
    },
    "en": {
        "vote_recorded": "Thanks! Your vote is recorded.",
        "vote_changed": "Your vote has been changed.",
        "vote_same": "You had already voted this way.",
        "vote_gone": "This answer is no longer kept, so the vote was not recorded.",
        "vote_invalid": "This button does not work.",
        "vote_failed": "Sorry, the vote could not be recorded just now.",
        "forgotten": "Everything kept about you has been deleted: your questions, your votes and our conversation state.",
        "nothing_stored": "Nothing was stored about you — there is nothing to delete.",
    },
}


def reader_text(key: str, language: str = "auto") -> str:
    """Plain text in the given language, or in Hindi and English when it is not known."""
    if language in READER_LABELS:
        return READER_LABELS[language][key]
    return f"{READER_LABELS['hi'][key]}\n{READER_LABELS['en'][key]}"


def render_privacy(retention_days: int, chat_days: int) -> str:
    """/privacy: what is kept, for how long, and how to erase it — in Hindi and in English."""
    return "\n".join([
        "<b>निजता</b>",
        "हम रखते हैं: आपका सवाल, बॉट ने जो जवाब दिखाया, जवाबों पर आपकी 👍/👎 राय, और आपकी यूज़र आईडी का "
        "नमक-मिला हैश (salted hash) — आपका नाम, यूज़रनेम या आईडी नहीं। आगे के सवाल समझने के लिए बातचीत की "
        "स्थिति (पिछला सवाल, दिखाया गया जवाब, /lang की पसंद) भी रखी जाती है।",
        f"कब तक: सवाल और राय {retention_days} दिन, फिर अपने-आप मिट जाते हैं; बातचीत की स्थिति {chat_days} दिन "
        "की चुप्पी के बाद।",
        "सब कुछ अभी मिटाने के लिए: /forget",
        "",
        "<b>Privacy</b>",
        "We keep: your question, the answer the bot showed, your 👍/👎 votes on answers, and a salted hash of your "
        "user id — never your name, username or id. To read follow-ups, the conversation state (the last "
        "question, the answer shown, your /lang choice) is kept too.",
        f"For how long: questions and votes {retention_days} days, then they are deleted automatically; the "
        f"conversation state after {chat_days} days of silence.",
        "To delete everything now: /forget",
    ])
