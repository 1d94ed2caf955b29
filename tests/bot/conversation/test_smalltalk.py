import pytest

from bot.conversation.smalltalk import SmallTalk, small_talk


@pytest.mark.parametrize("text, kind, language", [
    ("नमस्ते", "greeting", "hi"), ("नमस्ते जी!", "greeting", "hi"), ("धन्यवाद", "thanks", "hi"),
    ("बहुत शुक्रिया 🙏", "thanks", "hi"), ("आप कौन हैं?", "who", "hi"), ("अलविदा", "bye", "hi"),
    ("hello", "greeting", "en"), ("hi", "greeting", "en"), ("Hi there!", "greeting", "en"),
    ("thanks", "thanks", "en"), ("Thank you so much!", "thanks", "en"), ("who are you?", "who", "en"),
    ("bye", "bye", "en"), ("ok", "ack", "en"), ("hi, who are you?", "who", "en"),
    ("shukriya", "thanks", "hi-latn"), ("dhanyavaad", "thanks", "hi-latn"), ("namaste", "greeting", "hi-latn"),
    ("tum kaun ho?", "who", "hi-latn"), ("namaste ji, aap kaun ho", "who", "hi-latn"),
    ("@khabar_test_bot hello", None, None),  # the handler strips the mention; a stray one is not small talk
])
def test_small_talk_is_recognised_with_the_askers_language(text, kind, language):
    assert small_talk(text) == (SmallTalk(kind, language) if kind else None)


@pytest.mark.parametrize("question", [
    "Hi, what did Putin say?", "hi how many soldiers did North Korea send?", "thanks, and what did Kim answer?",
    "Thanks to whom did Putin express gratitude?", "नमस्ते, किम ने क्या कहा?", "धन्यवाद किसने दिया?",
    "who are you meeting, Putin?", "kim ne kya kaha", "help Russia", "bye-election results", "",
])
def test_questions_that_start_or_end_with_small_talk_stay_questions(question):
    assert small_talk(question) is None
