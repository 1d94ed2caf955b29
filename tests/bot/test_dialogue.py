import threading

import pytest

from bot.conversation.library import Library
from bot.dialogue import Dialogue, is_follow_up, reply_language
from index.build import build_index


@pytest.mark.parametrize("text, expected", [
    ("और पुतिन ने क्या जवाब दिया?", True), ("kab?", True), ("and Putin?", True),
    ("उत्तर कोरिया ने रूस को कितने सैनिक भेजे?", False), ("How many soldiers did North Korea send?", False),
])
def test_is_follow_up(text, expected):
    assert is_follow_up(text) is expected


def test_reply_language_follows_the_asker_unless_set():
    assert reply_language("auto", "hi-latn") == "hi-latn" and reply_language("auto", "en") == "en"
    assert reply_language("auto", "hi") == "hi" and reply_language("hi-latn", "en") == "hi-latn"
    assert reply_language("en", "hi") == "en"


@pytest.fixture
def dialogue(seed_corpus, tmp_path, fake_embedder):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    clock = [0.0]
    d = Dialogue(Library(tmp_path / "index", fake_embedder), context_seconds=60, max_chats=3, clock=lambda: clock[0])
    d.clock = clock
    return d


@pytest.mark.slow
def test_follow_up_finds_putins_reply_until_context_expires(seed_index, real_embedder):
    clock = [0.0]
    dialogue = Dialogue(Library(seed_index, real_embedder), context_seconds=60, clock=lambda: clock[0])
    first = dialogue.ask(1, "किम ने विदाई देते हुए क्या कहा?")
    assert "जल्द मिलेंगे" in first.answer.answer
    follow = dialogue.ask(1, "और पुतिन ने क्या जवाब दिया?")
    assert follow.followed_up and "मैं इंतजार करूँगा" in follow.answer.answer
    assert follow.answer.question == "और पुतिन ने क्या जवाब दिया?"
    assert not dialogue.ask(2, "और पुतिन ने क्या जवाब दिया?").followed_up  # another chat has no context
    clock[0] = 1000
    assert not dialogue.ask(1, "और पुतिन ने क्या जवाब दिया?").followed_up


def test_chat_state_is_bounded(dialogue):
    for chat in range(10):
        dialogue.state(chat)
    assert len(dialogue.chats) == 3 and 9 in dialogue.chats and 0 not in dialogue.chats


def test_rebuilt_index_is_picked_up_without_restart(dialogue, seed_corpus, tmp_path, fake_embedder):
    before = dialogue.library.searcher().index.manifest.generation
    (seed_corpus / "new.txt").write_text("दिल्ली में बारिश हुई।", encoding="utf-8")
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    dialogue.library.searcher()  # notices the new generation and opens it in the background
    dialogue.library.wait_for_reload()
    index = dialogue.library.searcher().index
    assert index.manifest.generation == before + 1 and index.manifest.counts["documents"] == 2


def test_questions_are_answered_by_the_old_index_while_the_new_one_opens(dialogue, seed_corpus, tmp_path,
                                                                         fake_embedder, monkeypatch):
    import bot.conversation.library

    gate, real_open = threading.Event(), bot.conversation.library.open_index

    def slow_open(path):
        assert gate.wait(10)
        return real_open(path)

    monkeypatch.setattr(bot.conversation.library, "open_index", slow_open)
    old = dialogue.library.searcher()
    (seed_corpus / "new.txt").write_text("दिल्ली में बारिश हुई।", encoding="utf-8")
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    turn = dialogue.ask(1, "उत्तर कोरिया ने रूस को कितने सैनिक भेजे?")  # the reload is still waiting at the gate
    assert turn.answer.passages and dialogue.library.searcher() is old
    gate.set()
    dialogue.library.wait_for_reload()
    assert dialogue.library.searcher() is not old
    assert dialogue.library.searcher().index.manifest.counts["documents"] == 2


EXACT = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा"  # answered by the fake


def test_small_talk_after_a_question_is_answered_in_kind_and_never_becomes_context(dialogue):
    first = dialogue.ask(1, EXACT)
    assert first.answer.answered and first.small_talk is None
    for text, kind, language in [("नमस्ते", "greeting", "hi"), ("thanks", "thanks", "en"),
                                 ("shukriya", "thanks", "hi-latn"), ("आप कौन हैं?", "who", "hi")]:
        turn = dialogue.ask(1, text)
        assert (turn.answer, turn.small_talk, turn.language, turn.followed_up) == (None, kind, language, False)
    assert dialogue.state(1).last_question == EXACT  # the question is still the context
    assert dialogue.ask(1, "और पुतिन?").followed_up
    assert dialogue.stats.small_talk == 4 and dialogue.stats.questions == 2


def test_small_talk_follows_the_chats_chosen_language(dialogue):
    dialogue.set_language(1, "hi-latn")
    assert dialogue.ask(1, "hello").language == "hi-latn"


def test_romanized_hindi_or_lang_hi_latn_asks_for_latin_letters(dialogue):
    assert not dialogue.ask(1, EXACT).latin
    dialogue.set_language(1, "hi-latn")
    turn = dialogue.ask(1, EXACT)
    assert turn.latin and turn.language == "hi-latn"


def test_romanized_hindi_without_question_words_is_answered_in_latin_letters(dialogue):
    # No word of it is a marker ("kya", "hai"): its words' letters tell it is Hindi, so even the decline
    # speaks the asker's romanized Hindi, not English.
    turn = dialogue.ask(1, "dosti pe ek mast shayari sunao")
    assert turn.language == "hi-latn"


def test_more_pages_only_the_answer_its_button_was_sent_with(dialogue):
    first = dialogue.ask(1, EXACT)
    assert first.more  # the seed index has further passages
    dialogue.clock[0] += 30  # the same question again, later: a new answer with its own stamp
    second = dialogue.ask(1, EXACT)
    assert second.more and second.more != first.more
    assert dialogue.more(1, first.more) is None  # the earlier reply's button: stale, nothing paged
    passages, _ = dialogue.more(1, second.more)
    assert passages and all(p.text != second.answer.passages[0].text for p in passages)


def test_the_bots_own_words_follow_the_last_message_even_a_declined_one(dialogue):
    # /latest speaks the language the chat last wrote in: an English question the corpus cannot
    # answer, or an English "thanks", after a Hindi answer
    assert dialogue.own_words_language(1) == "hi"  # nothing asked yet
    assert dialogue.ask(1, "पुतिन ने किम से क्या कहा?").answer.answered
    declined = dialogue.ask(1, "How do I bake a chocolate cake?")
    assert not declined.answer.answered and dialogue.own_words_language(1) == "en"
    dialogue.ask(2, "पुतिन ने किम से क्या कहा?")
    assert dialogue.ask(2, "thanks").small_talk and dialogue.own_words_language(2) == "en"
    assert dialogue.set_language(2, "hi-latn") and dialogue.own_words_language(2) == "hi-latn"
