"""The two-replica rehearsal, without Docker: what deploy/compose.postgres.yaml runs behind its proxy.

Two real bot processes in webhook mode on loopback, with one secret, share a real PostgreSQL;
replica A reads the index from a streaming read replica (``--database-read``), B from the
primary; chat state is on the primary for both. The test plays the load balancer: a question
goes to A, its follow-up to B, and "more" under B's answer is pressed on A.
"""

import json
import urllib.request

from bot.conversation.library import Library
from bot.dialogue import Dialogue
from bot.loopback.bench import start_bot
from bot.loopback.fake_telegram import FakeTelegram, deliver
from bot.replies import render_more
from index.build import build_index

from .test_dialogue import EXACT
from .test_telegram_e2e import free_ports, stop

PUBLIC_URL = "https://bot.example.org/telegram"  # what both register; the proxy sends it to either
SECRET = "one-secret-for-every-replica"


def post(port: int, update: dict, secret: str = SECRET) -> int:
    """POST an update to one replica's webhook, as the proxy would."""
    return deliver(f"http://127.0.0.1:{port}/telegram", update, secret)


def reply_to(server: FakeTelegram, port: int, update: dict) -> dict:
    """Send one update to the replica on ``port``; the bot's next sendMessage in that chat."""
    chat = update["message"]["chat"]["id"]
    before = len(server.sent(chat))
    assert post(port, update) == 200
    assert server.wait_for(lambda: len(server.sent(chat)) > before), "no reply"
    return [p for p in server.calls_of("sendMessage") if int(p["chat_id"]) == chat][before]


def expected_more(database_url: str, embedder):
    """What "more" shows after the follow-up, from one bot that had the whole conversation itself."""
    alone = Dialogue(Library(database_url, embedder))
    alone.ask(1, EXACT)
    alone.ask(1, "और पुतिन ने क्या जवाब दिया?")
    return alone.more(1)


def test_two_webhook_replicas_answer_one_conversation_as_one_bot(seed_corpus, database_url, replica_of,
                                                                 fake_embedder, monkeypatch):
    build_index(seed_corpus, database_url, fake_embedder)
    read_url = replica_of(database_url)
    monkeypatch.setenv("KHABAR_WEBHOOK_SECRET", SECRET)
    server = FakeTelegram()
    ports = free_ports(2)
    replicas = []
    try:
        for port, extra in zip(ports, (["--database-read", read_url], [])):
            registered = len(server.calls_of("setWebhook"))
            replicas.append(start_bot(
                server, seed_corpus.parent / "no-index-here", "--database", database_url, *extra,
                "--webhook-url", PUBLIC_URL, "--listen", "127.0.0.1", "--port", str(port),
                ready=lambda n=registered: len(server.calls_of("setWebhook")) > n))
        assert {(c["url"], c["secret_token"]) for c in server.calls_of("setWebhook")} == {(PUBLIC_URL, SECRET)}
        a, b = ports
        for port in ports:
            health = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read())
            assert health == {"ok": True, "index": {"generation": 1, "documents": 1}}

        assert post(a, server.message_update(7, EXACT), secret="wrong") == 403
        first = reply_to(server, a, server.message_update(7, EXACT))
        assert "जल्द मिलेंगे" in first["text"]
        follow = reply_to(server, b, server.message_update(7, "और पुतिन ने क्या जवाब दिया?"))
        assert "मैं इंतजार करूँगा" in follow["text"]  # B continued the question A answered
        assert "inline_keyboard" in json.dumps(follow["reply_markup"])

        more = json.loads(follow["reply_markup"])["inline_keyboard"][0][-1]["callback_data"]
        assert post(a, server.callback_update(7, more, follow["message_id"])) == 200  # "more" pressed on A
        assert server.wait_for(lambda: server.calls_of("editMessageText"))
        edited = server.calls_of("editMessageText")[0]
        assert int(edited["message_id"]) == follow["message_id"] and "blockquote" in edited["text"]
        assert edited["text"] == render_more(*expected_more(database_url, fake_embedder))  # B's answer, paged on
    finally:
        outputs = [stop(process) for process in replicas]
        server.close()
    for code, output in outputs:
        assert code == 0 and "Traceback" not in output, output
