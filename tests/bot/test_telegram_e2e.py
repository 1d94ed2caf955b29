"""The real bot process against the fake Bot API server: real HTTP and long polling."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import build_index
from tests.bot.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bot(seed_corpus, tmp_path, fake_embedder):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    server = FakeTelegram()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KHABAR_INDEX_DIR": str(tmp_path / "index"),
           "TELEGRAM_BOT_TOKEN": "123:TEST", "TELEGRAM_API_BASE_URL": server.base_url}
    process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    yield server, process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)
    server.close()


def test_conversations_and_clean_sigterm(bot):
    server, process = bot
    server.push(1, "/start")
    assert server.wait_for(lambda: server.sent(1)), "no reply to /start"
    assert "Khabar" in server.sent(1)[0]
    server.push(2, "उत्तर कोरिया ने रूस को कितने सैनिक भेजे?")
    assert server.wait_for(lambda: server.sent(2))
    server.push(3, None, sticker={"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1,
                                  "is_animated": False, "is_video": False, "type": "regular"})
    assert server.wait_for(lambda: server.sent(3)) and "टाइप" in server.sent(3)[0]
    server.push(4, "<b>पुतिन</b> & किम?")
    assert server.wait_for(lambda: server.sent(4))
    server.push(5, "क" * 4000)
    assert server.wait_for(lambda: server.sent(5)) and "लंबा" in server.sent(5)[0]
    server.push(-100, "just chatting here", chat_type="group")
    server.push(-100, "/ask@khabar_test_bot उत्तर कोरिया ने कितने सैनिक भेजे?", chat_type="group")
    assert server.wait_for(lambda: server.sent(-100))
    assert len(server.sent(-100)) == 1  # the chatter was ignored, the /ask answered
    assert all(len(text) <= 4096 for _, p in server.calls for text in [p.get("text", "")])
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0
    assert "Traceback" not in process.stdout.read()
