"""Metrics, log hygiene and per-chat fairness, through the real bot process and the fake Bot API."""

import time
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from bot.loopback.bench import start_bot
from bot.serving.pseudonym import pseudonym
from bot.replies import LABELS, polite
from tests.bot.test_telegram_e2e import EXACT, ask, fake_index, free_port, server, stop  # noqa: F401 (fixtures)

TOKEN = "123:FAKE"  # start_bot's


def scrape(port: int) -> dict:
    """Every sample of /metrics: (name, sorted labels) → value."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def scrape_until(port: int, ready, timeout: float = 10) -> dict:
    """The metrics once ``ready(metrics)``: a turn is counted just after its reply is sent."""
    deadline = time.monotonic() + timeout
    while not ready(metrics := scrape(port)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return metrics


def with_metrics_port(server, fake_index, monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    process = start_bot(server, fake_index, "--metrics-port", str(port), "--listen", "127.0.0.1")
    return process, port


def is_slow_down(text: str) -> bool:
    return any(polite("slow_down", language) in text for language in LABELS)


def settle(count, seconds: float = 1.5, timeout: float = 30) -> int:
    """Wait until ``count()`` has not changed for ``seconds``; return it."""
    deadline = time.monotonic() + timeout
    last, since = count(), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < seconds:
        time.sleep(0.1)
        if count() != last:
            last, since = count(), time.monotonic()
    return last


def test_metrics_count_outcomes_by_language_errors_and_retries(server, fake_index, monkeypatch):
    process, port = with_metrics_port(server, fake_index, monkeypatch)
    try:
        before = scrape(port)
        assert before[("khabar_index_generation", ())] == 1 and before[("khabar_index_documents", ())] == 1
        assert before[("khabar_index_chunks", ())] == 10
        assert ("khabar_questions_total", (("language", "hi"), ("outcome", "answered"))) not in before

        server.faults = {"sendMessage": ["502", "429"]}  # the first reply: a 5xx, then a 429, then through
        assert "जल्द मिलेंगे" in ask(server, 1, EXACT)
        assert "do not answer" in ask(server, 2, "What is the capital of France?")
        assert ask(server, 3, "नमस्ते").startswith("नमस्ते!")
        after = scrape_until(port, lambda m: m.get(("khabar_answer_seconds_count", ())) == 3)
        assert after[("khabar_questions_total", (("language", "hi"), ("outcome", "answered")))] == 1
        assert after[("khabar_questions_total", (("language", "en"), ("outcome", "declined")))] == 1
        assert after[("khabar_questions_total", (("language", "hi"), ("outcome", "small_talk")))] == 1
        assert after[("khabar_answer_seconds_count", ())] == 3
        assert after[("khabar_answer_seconds_bucket", (("le", "1.0"),))] == 2  # the first waited out the 429
        assert after[("khabar_telegram_errors_total", (("kind", "network"),))] == 1
        assert after[("khabar_telegram_errors_total", (("kind", "retry_after"),))] == 1
        assert after[("khabar_telegram_retries_total", (("kind", "network"),))] == 1
        assert after[("khabar_telegram_retries_total", (("kind", "retry_after"),))] == 1
        assert len(server.sent(1)) == 1  # retried, not duplicated

        health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
        assert b'"ok": true' in health
    finally:
        code, output = stop(process)
    assert code == 0 and "Traceback" not in output


def test_info_logs_name_no_token_no_question_no_chat_id(server, fake_index, monkeypatch):
    monkeypatch.setenv("KHABAR_HASH_SALT", "test-salt")
    chat = 987654321
    process = start_bot(server, fake_index)
    try:
        assert "जल्द मिलेंगे" in ask(server, chat, EXACT)
        assert "do not answer" in ask(server, chat, "What is the capital of France?")
    finally:
        code, output = stop(process)
    assert code == 0
    name = pseudonym(chat, b"test-salt")
    assert "question answered language=hi" in output and f"chat={name}" in output  # the events are logged
    assert "question declined language=en" in output
    assert TOKEN not in output and str(chat) not in output
    assert EXACT[:20] not in output and "capital of France" not in output


def test_one_chat_flooding_gets_one_slow_down_and_others_are_answered(server, fake_index, monkeypatch):
    process, port = with_metrics_port(server, fake_index, monkeypatch,
                                      KHABAR_CHAT_INFLIGHT="2", KHABAR_CHAT_PER_MINUTE="5")
    flooder, innocent, flood = 1, 2, 60
    try:
        for i in range(flood):
            server.push(flooder, f"सवाल {i}: {EXACT}")
        assert "जल्द मिलेंगे" in ask(server, innocent, EXACT)
        replies = settle(lambda: len(server.sent(flooder)))
        notices = [t for t in server.sent(flooder) if is_slow_down(t)]
        answered = replies - len(notices)
        assert len(notices) == 1 and "कृपया थोड़ा धीरे" in notices[0]  # once, in the flood's language
        assert 1 <= answered <= 5, answered  # the excess is dropped, never answered later
        metrics = scrape_until(port, lambda m: m.get(("khabar_answer_seconds_count", ())) == answered + 1)
        refused = sum(v for (n, _), v in metrics.items() if n == "khabar_refused_total")
        assert refused == flood - answered
        assert metrics[("khabar_questions_total", (("language", "hi"), ("outcome", "answered")))] == answered + 1

        # group members each have a budget of their own; group chatter costs nothing
        group = -100
        for i in range(20):
            server.push(group, f"just chatting {i}", chat_type="group")
        for member in (7, 8):
            for i in range(6):
                server.push(group, f"@khabar_test_bot {EXACT} {i}", chat_type="group",
                            **{"from": {"id": member, "is_bot": False, "first_name": "M"}})
        settle(lambda: len(server.sent(group)))
        sent = server.sent(group)
        assert sum(map(is_slow_down, sent)) == 2  # one per member
        assert 2 <= len(sent) - 2 <= 10
    finally:
        code, output = stop(process)
    assert code == 0 and "Traceback" not in output


def test_a_flood_of_button_presses_is_answered_politely_and_not_processed(server, fake_index, monkeypatch):
    monkeypatch.setenv("KHABAR_CHAT_PER_MINUTE", "5")
    process = start_bot(server, fake_index)
    presses = 30
    try:
        ask(server, 3, EXACT)
        reply = next(p for p in server.calls_of("sendMessage") if int(p["chat_id"]) == 3)
        assert "inline_keyboard" in reply["reply_markup"]
        for _ in range(presses):
            server.push_callback(3, "more", reply["message_id"])
        assert server.wait_for(lambda: len(server.calls_of("answerCallbackQuery")) >= presses)
        settle(lambda: len(server.calls_of("answerCallbackQuery")))
        answers = server.calls_of("answerCallbackQuery")
        refused = [a for a in answers if "Please wait a moment" in a.get("text", "")]
        processed = len(answers) - len(refused)
        assert len(answers) == presses  # every press answered, exactly once
        assert 1 <= processed <= 4  # the question spent one of the minute's five
        assert len(server.calls_of("editMessageText")) <= processed
        assert len(server.sent(3)) == 1  # presses are answered in place, not with messages
    finally:
        code, output = stop(process)
    assert code == 0 and "Traceback" not in output
