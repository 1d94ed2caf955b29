"""Measuring retrieval on SQuAD-format data through the real build and search pipeline."""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..build import build_index
from ..chunking import ChunkingParams
from ..embedders import Embedder
from ..errors import CorpusError
from ..search import Searcher, Weights
from ..store import open_index
from ..text import normalise


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    answers: list[str]


@dataclass(frozen=True)
class EvalReport:
    questions: int
    top1: float
    top3: float
    top5: float
    mrr: float
    answer_sentence: float
    answer_chars: float  # mean length of the answer: a second sentence joins it when it shares the fact
    declined: float  # share of these (answerable) questions the searcher declined
    seconds: float

    def lines(self) -> list[str]:
        return [f"questions         {self.questions}",
                f"top-1 passage     {self.top1:.3f}",
                f"top-3 passage     {self.top3:.3f}",
                f"top-5 passage     {self.top5:.3f}",
                f"MRR@5             {self.mrr:.3f}",
                f"answer sentence   {self.answer_sentence:.3f}",
                f"answer length     {self.answer_chars:.0f} characters",
                f"declined          {self.declined:.3f}",
                f"seconds           {self.seconds:.1f}"]


def read_squad(path: Path) -> tuple[list[tuple[str, list[str]]], list[Question]]:
    """Articles as (title, paragraphs) and their questions; a clear error for a bad file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        articles, questions = [], []
        for article in data["data"]:
            paragraphs = []
            for paragraph in article["paragraphs"]:
                paragraphs.append(paragraph["context"])
                for qa in paragraph["qas"]:
                    questions.append(Question(qa["id"], qa["question"], [a["text"] for a in qa["answers"]]))
            articles.append((article.get("title", f"article {len(articles) + 1}"), paragraphs))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{path} is not a readable SQuAD-format file ({type(exc).__name__}: {exc})") from None
    return articles, questions


def write_corpus(articles: list[tuple[str, list[str]]], directory: Path) -> None:
    """One article file per SQuAD article, title in front matter, paragraphs separated by blank lines."""
    directory.mkdir(parents=True, exist_ok=True)
    for i, (title, paragraphs) in enumerate(articles):
        body = "\n\n".join(p.replace("\n", " ") for p in paragraphs)
        (directory / f"{i:03d}.txt").write_text(f"---\ntitle: {title}\n---\n{body}\n", encoding="utf-8")


def evaluate(squad: Path, embedder: Embedder, questions_from: Path | None = None,
             params: ChunkingParams = ChunkingParams(), weights: Weights = Weights(),
             batch: int = 64, workdir: Path | None = None, database: str | None = None) -> EvalReport:
    """Index ``squad``'s paragraphs, ask its questions (or the parallel ones of ``questions_from``).

    ``workdir`` keeps the corpus and index between calls: asking another question set of the
    same paragraphs then costs no build (the build finds nothing changed). With ``database``
    (a PostgreSQL URL) the index goes there instead; whatever index it held is replaced.
    """
    articles, questions = read_squad(squad)
    if questions_from is not None:
        _, parallel = read_squad(questions_from)
        by_id = {q.qid: q.text for q in parallel}
        questions = [Question(q.qid, by_id[q.qid], q.answers) for q in questions if q.qid in by_id]
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        tmp = Path(workdir) if workdir else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="khabar-eval-")))
        if not (tmp / "corpus").is_dir():
            write_corpus(articles, tmp / "corpus")
        target = database or tmp / "index"
        build_index(tmp / "corpus", target, embedder, params)
        searcher = Searcher(open_index(target), embedder, weights)
        answers = []
        for lo in range(0, len(questions), batch):
            answers += searcher.search_many([q.text for q in questions[lo:lo + batch]], k=5)
    ranks, sentence_hits, declined, chars = [], 0, 0, 0
    for question, answer in zip(questions, answers):
        gold = [normalise(a) for a in question.answers]
        rank = next((r for r, p in enumerate(answer.passages, 1) if any(g in p.text for g in gold)), None)
        ranks.append(rank)
        sentence_hits += bool(answer.passages) and any(g in answer.passages[0].answer_sentence for g in gold)
        declined += not answer.answered
        chars += len(answer.passages[0].answer_sentence) if answer.passages else 0
    n = max(len(questions), 1)
    return EvalReport(
        questions=len(questions),
        top1=sum(r == 1 for r in ranks) / n, top3=sum(r is not None and r <= 3 for r in ranks) / n,
        top5=sum(r is not None for r in ranks) / n, mrr=sum(1 / r for r in ranks if r) / n,
        answer_sentence=sentence_hits / n, answer_chars=chars / n, declined=declined / n, seconds=time.perf_counter() - started)

