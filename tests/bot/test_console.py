import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_piped_questions_are_answered_one_each(seed_index):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KHABAR_INDEX_DIR": str(seed_index)}
    questions = "उत्तर कोरिया ने रूस को कितने सैनिक भेजे?\nWhat is the capital of France?\n"
    result = subprocess.run([sys.executable, "-m", "bot", "chat"], input=questions, cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    blocks = [b for b in result.stdout.split("\n\n\n") if b.strip()]
    assert "13,000" in blocks[0]
    assert "do not answer" in result.stdout or "नहीं मिला" in result.stdout


def test_bot_without_token_or_index_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(PYTHONPATH=str(ROOT), KHABAR_INDEX_DIR=str(tmp_path / "none"))
    no_token = subprocess.run([sys.executable, "-m", "bot"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert no_token.returncode == 1 and "TELEGRAM_BOT_TOKEN" in no_token.stderr and "Traceback" not in no_token.stderr
    no_index = subprocess.run([sys.executable, "-m", "bot", "chat"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert no_index.returncode == 1 and "no index at" in no_index.stderr and "Traceback" not in no_index.stderr


def test_console_chat_speaks_like_the_bot(seed_corpus, tmp_path, fake_embedder, translator_server):
    import io

    from bot.console import chat
    from bot.dialogue import Dialogue
    from bot.conversation.library import Library
    from bot.conversation.translate import Translator
    from index.build import build_index

    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    exact = "बैठक के बाद जब पुतिन किम को उनकी गाड़ी तक छोड़ने आए, तो किम ने विदाई देते हुए कहा"
    dialogue, translator = Dialogue(Library(tmp_path / "index", fake_embedder)), Translator(translator_server.url)

    def say(line: str) -> str:
        out = io.StringIO()
        chat(dialogue, translator, stdin=io.StringIO(line + "\n"), stdout=out)
        return out.getvalue().strip()

    assert say("namaste").startswith("Namaste! Main Khabar hoon")
    assert say("/lang hi-latn") == "Bhaasha: hi-latn"
    assert say(exact).startswith("**Uttar:** 4 September 2025 ki khabar ke anusaar: baithak ke baad jab putin kim")
    assert say("/lang en") == "Language: en"
    assert "**Machine translation:** EN: बैठक के बाद" in say(exact)
    assert say("/lang xx") == "/lang hi | en | hi-latn | auto"
    assert say("/reset").startswith("Done") and "welcome" in say("thanks")



def test_latest_headlines_come_in_the_language_last_asked_in(seed_corpus, tmp_path, fake_embedder):
    import io
    import shutil

    from bot.console import chat
    from bot.dialogue import Dialogue
    from bot.conversation.library import Library
    from index.build import build_index

    corpus = tmp_path / "articles"
    shutil.copytree(seed_corpus, corpus)
    (corpus / "summit.txt").write_text("Putin and Kim met in Beijing on Wednesday at the Diaoyutai guest house.\n",
                                       encoding="utf-8")
    build_index(corpus, tmp_path / "index", fake_embedder)
    dialogue = Dialogue(Library(tmp_path / "index", fake_embedder))

    def say(line: str) -> str:
        out = io.StringIO()
        chat(dialogue, None, stdin=io.StringIO(line + "\n"), stdout=out)
        return out.getvalue().strip()

    assert say("/latest").startswith("**ताज़ा खबरें**")  # nothing asked yet: Hindi
    assert "Diaoyutai" in say("Where did Putin and Kim meet in Beijing?")
    assert say("/latest").startswith("**Latest articles**")
    say("/lang hi-latn")
    assert say("/latest").startswith("**Taaza khabrein**")

def test_the_console_prints_the_articles_link():
    from bot.console import to_plain

    html = '<i>Source: <a href="https://news.example/a?x=1&amp;y=2">Headline &amp; more</a> — UITV</i>'
    assert to_plain(html) == "Source: Headline & more (https://news.example/a?x=1&y=2) — UITV"
