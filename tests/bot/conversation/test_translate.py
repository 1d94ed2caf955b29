import asyncio
import logging
import time

import pytest

from bot.dialogue import Turn
from bot.conversation.translate import LRUCache, Translation, Translator
from index.search import Answer, Passage

from ..conftest import english

SENTENCE = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा, “जल्द मिलेंगे।”"
TITLE = "बीजिंग में पुतिन और किम की मुलाकात"


def turn(language="en", answered=True) -> Turn:
    passage = Passage(text=SENTENCE, score=1.0, source=TITLE, doc_id="a.txt", paragraph=0, start=0,
                      end=len(SENTENCE), answer_start=0, answer_end=len(SENTENCE))
    return Turn(Answer("q", "en", answered, SENTENCE if answered else None, 0.9, [passage]), language)


def translate(translator: Translator, texts: list[str], sync: bool) -> list[str | None]:
    return translator.translate_sync(texts) if sync else asyncio.run(translator.translate(texts))


@pytest.mark.parametrize("sync", [False, True], ids=["async", "sync"])
def test_translates_with_libretranslates_api_and_caches(translator_server, sync):
    translator = Translator(translator_server.url + "/", api_key="secret")
    assert translate(translator, [SENTENCE, TITLE, SENTENCE], sync) == [english(SENTENCE), english(TITLE),
                                                                         english(SENTENCE)]
    assert len(translator_server.requests) == 2  # the repeated sentence is asked for once
    # The async client asks for both at once, so either may arrive first.
    assert {"q": SENTENCE, "source": "hi", "target": "en", "format": "text",
            "api_key": "secret"} in translator_server.requests
    assert translate(translator, [TITLE], sync) == [english(TITLE)]
    assert len(translator_server.requests) == 2  # from the cache


def test_no_api_key_is_sent_when_none_is_set(translator_server):
    Translator(translator_server.url).translate_sync(["नमस्ते"])
    assert "api_key" not in translator_server.requests[0]


@pytest.mark.parametrize("sync", [False, True], ids=["async", "sync"])
@pytest.mark.parametrize("mode", ["slow", "error", "garbage", "down"])
def test_a_failing_server_costs_at_most_the_budget_and_then_rests(translator_server, dead_url, mode, sync, caplog):
    translator_server.mode, translator_server.delay = mode, 2.0
    clock = [0.0]
    translator = Translator(dead_url if mode == "down" else translator_server.url, budget=0.5, cooldown=30,
                            clock=lambda: clock[0] + time.monotonic())
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.conversation.translate"):
        assert translate(translator, [SENTENCE, TITLE], sync) == [None, None]
    assert time.monotonic() - started < 1.5  # budget 0.5 s, whatever the server does
    assert "answering without translation" in caplog.text
    asked = len(translator_server.requests)
    assert translate(translator, [SENTENCE], sync) == [None]  # resting: the server is not asked again
    assert len(translator_server.requests) == asked
    translator_server.mode = "ok"
    clock[0] += 31
    if mode != "down":
        assert translate(translator, [SENTENCE], sync) == [english(SENTENCE)]  # and back after the rest


def test_only_answered_english_replies_are_translated(translator_server):
    translator = Translator(translator_server.url)
    assert asyncio.run(translator.for_turn(turn())) == Translation(english(SENTENCE), english(TITLE))
    assert translator.for_turn_sync(turn()) == Translation(english(SENTENCE), english(TITLE))
    for other in (turn(language="hi"), turn(language="hi-latn"), turn(answered=False),
                  Turn(None, "en", small_talk="greeting")):
        assert translator.for_turn_sync(other) is None
    assert len(translator_server.requests) == 2


def test_cache_forgets_the_least_recently_used():
    cache = LRUCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # "b" is now the least recently used
    cache.put("c", "C")
    assert len(cache) == 2 and cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"


def test_settings_take_the_server_from_the_environment_and_check_it():
    from bot.settings import BotSettings
    from index.errors import KhabarError

    assert BotSettings.resolve(env={}).translate_url is None
    settings = BotSettings.resolve(env={"KHABAR_TRANSLATE_URL": "http://lt:5000", "KHABAR_TRANSLATE_API_KEY": "k"})
    assert (settings.translate_url, settings.translate_api_key) == ("http://lt:5000", "k")
    assert settings.translate_budget == 3.0
    with pytest.raises(KhabarError, match="KHABAR_TRANSLATE_URL must be an http"):
        BotSettings.resolve(env={"KHABAR_TRANSLATE_URL": "lt:5000"})
