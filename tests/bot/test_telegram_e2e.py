"""The real bot process against the fake Bot API server: real HTTP, long polling and webhooks."""

import json
import signal
import socket
import time
import urllib.request

import pytest

from bot.loopback.bench import flood, start_bot
from bot.loopback.fake_telegram import FakeTelegram, deliver
from index.build import build_index

STICKER = {"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1, "is_animated": False,
           "is_video": False, "type": "regular"}


@pytest.fixture
def server():
    fake = FakeTelegram()
    yield fake
    fake.close()


@pytest.fixture
def fake_index(seed_corpus, tmp_path, fake_embedder):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    return tmp_path / "index"


def ask(server, chat: int, text: str) -> str:
    """Send a message and return the bot's next reply in that chat."""
    before = len(server.sent(chat))
    server.push(chat, text)
    assert server.wait_for(lambda: len(server.sent(chat)) > before), f"no reply to {text!r}"
    return server.sent(chat)[before]


def stop(process):
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=15)
    output = process.stdout.read()
    return code, output


@pytest.mark.slow
def test_conversations(server, seed_index):
    process = start_bot(server, seed_index)
    try:
        assert "Khabar" in ask(server, 1, "/start")
        assert "/lang" in ask(server, 1, "/help")

        hindi = ask(server, 2, "उत्तर कोरिया ने रूस को कितने सैनिक भेजे?")
        assert "13,000" in hindi and "उत्तर" in hindi and "स्रोत" in hindi  # Hindi labels for a Hindi question
        english = ask(server, 3, "How many times has Kim visited Russia?")
        assert "2019" in english and "Answer" in english and "Source" in english

        reply = next(p for p in server.calls_of("sendMessage") if int(p["chat_id"]) == 3)
        more = json.loads(reply["reply_markup"])["inline_keyboard"][0][-1]["callback_data"]
        assert more.startswith("more:")
        assert "Answer" in ask(server, 3, "How many soldiers has North Korea sent to Russia?")  # a newer answer
        server.push_callback(3, more, reply["message_id"])  # "more" under the earlier one: stale, nothing edited
        assert server.wait_for(lambda: server.calls_of("answerCallbackQuery"))
        assert "earlier answer" in server.calls_of("answerCallbackQuery")[0]["text"]
        assert not server.calls_of("editMessageText")
        latest = [p for p in server.calls_of("sendMessage") if int(p["chat_id"]) == 3][-1]
        server.push_callback(3, json.loads(latest["reply_markup"])["inline_keyboard"][0][-1]["callback_data"],
                             latest["message_id"])
        assert server.wait_for(lambda: server.calls_of("editMessageText"))
        edited = server.calls_of("editMessageText")[0]
        assert int(edited["message_id"]) == latest["message_id"] and "blockquote" in edited["text"]

        assert "जल्द मिलेंगे" in ask(server, 4, "किम ने विदाई देते हुए क्या कहा?")
        assert "मैं इंतजार करूँगा" in ask(server, 4, "और पुतिन ने क्या जवाब दिया?")
        assert ask(server, 4, "नमस्ते").startswith("नमस्ते!")  # small talk, not a follow-up
        assert ("<b>Uttar:</b> <i>4 September 2025 ki khabar ke anusaar:</i> baithak ke baad jab putin kim ko unki "
                "gaadi tak chhodne aaye, to kim ne vidaai dete hue kaha, “jald milenge.”"
                ) in ask(server, 10, "kim ne vidaai dete hue kya kaha?")
        assert "do not answer" in ask(server, 5, "What is the capital of France?")

        server.push(6, None, sticker=STICKER)
        assert server.wait_for(lambda: server.sent(6)) and "टाइप" in server.sent(6)[0]
        server.push(7, "   ")
        server.push(8, "क" * 4000)
        server.push(9, "<script>alert(1)</script> पुतिन & किम?")
        assert server.wait_for(lambda: server.sent(7) and server.sent(8) and server.sent(9))
        assert "लंबा" in server.sent(8)[0]
        assert "<script>" not in server.sent(9)[0]
        assert "13,000" in ask(server, 9, "उत्तर कोरिया ने कितने सैनिक भेजे?")  # still answering after junk

        server.push(-100, "just chatting about Putin here", chat_type="group")
        server.push(-100, None, chat_type="group", sticker=STICKER)
        server.push(-100, "/ask@khabar_test_bot उत्तर कोरिया ने कितने सैनिक भेजे?", chat_type="group")
        assert server.wait_for(lambda: server.sent(-100))
        time.sleep(1)
        assert len(server.sent(-100)) == 1 and "13,000" in server.sent(-100)[0]
        assert all(len(p.get("text", "")) <= 4096 for _, p in server.calls)
    finally:
        code, output = stop(process)
    assert code == 0 and "Traceback" not in output


def test_api_faults_lose_no_answer(server, fake_index):
    process = start_bot(server, fake_index)
    try:
        server.faults = {"sendMessage": ["429", "502", "stall"], "getUpdates": ["500"]}
        for chat in range(1, 6):
            server.push(chat, f"सवाल {chat}: पुतिन ने क्या कहा?")
        assert server.wait_for(lambda: all(server.sent(c) for c in range(1, 6)), timeout=60)
        time.sleep(1)
        assert all(1 <= len(server.sent(c)) <= 3 for c in range(1, 6))
        assert not server.faults["sendMessage"] and not server.faults["getUpdates"]
        assert process.poll() is None
        server.push(9, "फिर से एक सवाल?")
        assert server.wait_for(lambda: server.sent(9))
    finally:
        code, output = stop(process)
    assert code == 0, output


def test_many_chats_at_once_are_answered_exactly_once(server, fake_index):
    process = start_bot(server, fake_index)
    try:
        result = flood(server, process.pid, [f"सवाल {i}: किम ने क्या कहा?" for i in range(200)], chats=100, timeout=60)
    finally:
        stop(process)
    assert result.answered == 200 and result.duplicates == 0 and result.seconds < 60


def free_ports(count: int) -> list[int]:
    """``count`` distinct loopback ports nothing listens on. The sockets are held until all are
    chosen: closed one by one, the kernel may hand the same port out twice."""
    held = [socket.socket() for _ in range(count)]
    try:
        for s in held:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in held]
    finally:
        for s in held:
            s.close()


def free_port() -> int:
    return free_ports(1)[0]


def test_webhook_checks_the_secret_and_serves_health(server, fake_index):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    process = start_bot(server, fake_index, "--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port),
                        ready=lambda: server.calls_of("setWebhook"))
    try:
        secret = server.calls_of("setWebhook")[0]["secret_token"]
        update = server.message_update(77, "पुतिन ने क्या कहा?")

        def post(token):
            return deliver(url, update, token)

        assert post("wrong") == 403
        assert not server.sent(77)
        assert post(secret) == 200
        assert server.wait_for(lambda: server.sent(77))
        health = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read())
        assert health["ok"] is True and health["index"] == {"generation": 1, "documents": 1}
        counted = 'khabar_questions_total{language="hi",outcome="declined"} 1.0'
        for _ in range(50):  # a turn is counted just after its reply is sent
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
            if counted in metrics:
                break
            time.sleep(0.1)
        assert counted in metrics, metrics
    finally:
        code, output = stop(process)
    assert code == 0, output


def test_webhook_on_a_taken_port_stops_with_one_line_before_telling_telegram(server, fake_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError) as failed:  # the bot exited instead of starting
            start_bot(server, fake_index, "--webhook-url", "https://bot.example.org/hook", "--listen", "127.0.0.1",
                      "--port", str(port), ready=lambda: server.calls_of("setWebhook"))
    output = str(failed.value)
    assert f"error: cannot serve the webhook on 127.0.0.1:{port}" in output and "Traceback" not in output
    assert not server.calls_of("setWebhook")  # Telegram was never told to post to a server that is not there


# The fake embedder answers a question that is a sentence of the article.
EXACT = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा"


def test_small_talk_latin_letters_and_translations(server, fake_index, translator_server, monkeypatch):
    monkeypatch.setenv("KHABAR_TRANSLATE_API_KEY", "secret")
    process = start_bot(server, fake_index, "--translate-url", translator_server.url)
    try:
        assert "जल्द मिलेंगे" in ask(server, 1, EXACT)
        greeting = ask(server, 1, "नमस्ते")  # short, after a question: once read as a follow-up
        assert greeting.startswith("नमस्ते!") and "सियोल" not in greeting and "blockquote" not in greeting
        assert "welcome" in ask(server, 1, "thank you!")
        assert ask(server, 1, "tum kaun ho?").startswith("Main Khabar hoon")
        assert "Machine translation" not in ask(server, 1, EXACT)  # Hindi answers are not translated

        assert ask(server, 2, "/lang hi-latn") == "Bhaasha: hi-latn"
        latin = ask(server, 2, EXACT)
        assert latin.startswith("<b>Uttar:</b> <i>4 September 2025 ki khabar ke anusaar:</i> baithak ke baad jab putin")
        assert "<blockquote>" in latin and "Srot:" in latin

        assert ask(server, 3, "/lang en") == "Language: en"
        english = ask(server, 3, EXACT)
        assert f"<b>Answer:</b> <i>According to a report of 4 September 2025:</i> {EXACT[:20]}" in english
        assert f"<b>Machine translation:</b> EN: {EXACT[:20]}" in english
        assert "<i>Machine translation: EN: " in english  # the article's title
        assert [r["api_key"] for r in translator_server.requests] == ["secret", "secret"]

        latest = ask(server, 4, "/latest")
        assert "ताज़ा खबरें" in latest and "बीजिंग में पुतिन और किम की मुलाकात" in latest and "UITV, 4 सितंबर 2025" in latest
        sends = server.calls_of("sendMessage")
        assert all(json.loads(p["link_preview_options"]) == {"is_disabled": True} for p in sends), sends[-1]
    finally:
        code, output = stop(process)
    assert code == 0 and "Traceback" not in output


@pytest.mark.parametrize("mode", ["slow", "error", "down"])
def test_a_slow_or_absent_translator_never_holds_up_an_answer(server, fake_index, translator_server, dead_url, mode):
    translator_server.mode = mode  # "slow" answers after 5 s
    process = start_bot(server, fake_index, "--translate-url", dead_url if mode == "down" else translator_server.url)
    try:
        ask(server, 1, "/lang en")
        seconds = []
        for question in (EXACT, "उत्तर कोरिया रूस को लगभग 13,000 सैनिक और हथियार भेज चुका है"):
            started = time.monotonic()
            reply = ask(server, 1, question)
            seconds.append(time.monotonic() - started)
            assert "<b>Answer:</b>" in reply and "Machine translation" not in reply
        print(f"translator {mode}: replies after {seconds[0]:.2f} s, then {seconds[1]:.2f} s")
        assert seconds[0] < 4 and seconds[1] < 1  # after a failure the server is left alone for a while
    finally:
        code, output = stop(process)
    assert code == 0 and "answering without translation" in output and "Traceback" not in output
