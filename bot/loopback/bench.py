"""``python -m bot bench``: many chats asking at once, against the fake Bot API on loopback.

Reports answers per second and the bot process's CPU time per answer. Used by the tests
too (with the fake embedder), where it checks that every question is answered exactly once.
Then one chat floods the bot while another asks one question: how long the innocent chat
waits for its answer, and how much of the flood was answered or refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..replies import LABELS, polite
from ..settings import BotSettings
from .fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]  # the project root, holding bot/ and index/


def start_bot(server: FakeTelegram, index_dir: Path, *args: str, ready=None) -> subprocess.Popen:
    """The real bot process, talking to ``server``; returns once it is polling (or ``ready()``)."""
    ready = ready or (lambda: server.polls > 0)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KHABAR_INDEX_DIR": str(index_dir),
           "TELEGRAM_BOT_TOKEN": "123:FAKE", "TELEGRAM_API_BASE_URL": server.base_url}
    process = subprocess.Popen([sys.executable, "-m", "bot", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not server.wait_for(lambda: ready() or process.poll() is not None, timeout=60) or process.poll():
        process.kill()
        raise RuntimeError(f"the bot did not start:\n{process.communicate()[0]}")
    return process


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class FloodResult:
    questions: int
    answered: int
    duplicates: int
    seconds: float
    cpu_seconds: float

    @property
    def answers_per_second(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


def flood(server: FakeTelegram, pid: int, questions: list[str], chats: int, timeout: float = 120.0) -> FloodResult:
    """Push every question at once, spread over ``chats`` chats; wait for the replies."""
    first_chat = 10_000
    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    for i, question in enumerate(questions):
        server.push(first_chat + i % chats, question)

    def replies() -> Counter:
        return Counter(int(p["chat_id"]) for p in server.calls_of("sendMessage") if int(p["chat_id"]) >= first_chat)

    server.wait_for(lambda: sum(replies().values()) >= len(questions), timeout=timeout)
    seconds = time.perf_counter() - started
    time.sleep(0.5)  # late duplicates would show up now
    counts = replies()
    expected = Counter(first_chat + i % chats for i in range(len(questions)))
    duplicates = sum(max(0, counts[c] - n) for c, n in expected.items())
    return FloodResult(len(questions), sum(min(counts[c], n) for c, n in expected.items()), duplicates,
                       seconds, cpu_seconds(pid) - cpu_before)


@dataclass(frozen=True)
class FairnessResult:
    innocent_seconds: float | None  # None: not answered in time
    flood: int
    answered: int  # flood questions answered
    notices: int  # "please slow down" replies to the flooding chat

    @property
    def refused(self) -> int:
        return self.flood - self.answered


def one_chat_floods(server: FakeTelegram, questions: list[str], innocent_question: str,
                    flooder: int = 50_000, innocent: int = 60_000, timeout: float = 60.0) -> FairnessResult:
    """``flooder`` sends every question at once; meanwhile ``innocent`` asks one."""
    for question in questions:
        server.push(flooder, question)
    started = time.perf_counter()
    server.push(innocent, innocent_question)
    answered = server.wait_for(lambda: server.sent(innocent), timeout=timeout)
    innocent_seconds = time.perf_counter() - started if answered else None
    settled, count = time.monotonic(), len(server.sent(flooder))
    while time.monotonic() - settled < 3 and time.perf_counter() - started < timeout:  # the flood's last replies
        time.sleep(0.1)
        if len(server.sent(flooder)) != count:
            settled, count = time.monotonic(), len(server.sent(flooder))
    notices = sum(any(polite("slow_down", language) in text for language in LABELS) for text in server.sent(flooder))
    return FairnessResult(innocent_seconds, len(questions), len(server.sent(flooder)) - notices, notices)


def bench_questions(index: Path | str, n: int) -> list[str]:
    """Questions made from the corpus's own sentences, so every one does a full search."""
    from index.store import open_index

    sentences = [s[:120] for s in open_index(index).sentence_texts(n)] or ["खबर?"]
    return [f"{sentences[i % len(sentences)]}?" for i in range(n)]


def run_bench(settings: BotSettings, questions: int = 200, chats: int = 100, flood_size: int = 300) -> int:
    server = FakeTelegram()
    asked = bench_questions(settings.index.target, max(questions, flood_size + 1))
    server.push(1, asked[0])  # waiting before the bot starts: the first thing it will answer
    started = time.perf_counter()
    process = start_bot(server, settings.index.index_dir, ready=lambda: server.sent(1))
    first_answer = time.perf_counter() - started
    try:
        result = flood(server, process.pid, asked[:questions], chats)
        fairness = one_chat_floods(server, asked[:flood_size], asked[flood_size])
    finally:
        process.terminate()
        process.wait(timeout=30)
        server.close()
    print(f"start to first answer: {first_answer:.1f} s (goal ≤ 10 s on a 20,000-article index)")
    print(f"{result.questions} questions from {chats} chats at once: {result.answered} answered, "
          f"{result.duplicates} duplicates, in {result.seconds:.1f} s (goal ≤ 60 s)")
    print(f"answers/s {result.answers_per_second:.1f}; bot CPU time per answer "
          f"{1000 * result.cpu_seconds / max(result.answered, 1):.1f} ms")
    waited = f"{fairness.innocent_seconds:.2f} s" if fairness.innocent_seconds is not None else "never"
    print(f"one chat sends {fairness.flood} questions at once (budget: {settings.chat_in_flight} in flight, "
          f"{settings.chat_per_minute}/min): another chat's question answered after {waited} (goal ≤ 2 s); "
          f"{fairness.answered} of the flood answered, {fairness.refused} refused, "
          f"{fairness.notices} slow-down notice(s)")
    return 0 if (result.answered == result.questions and not result.duplicates
                 and fairness.innocent_seconds is not None) else 1
