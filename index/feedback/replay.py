"""Readers' votes as a question set the newsroom keeps, and that set asked again of the current index.

``python -m index feedback --export FILE`` writes every answer readers voted on (👍 or 👎 by more
readers than the other way) to a JSON file; exporting into an existing file adds to it, so the set
outlives the reader log's retention and grows with every export. It holds questions and answers
only, no user hashes. ``python -m index eval --feedback FILE`` asks each question again: a 👍
case is *kept* when the index still gives the same answer, a 👎 case is *changed* when it now
declines or answers differently. Editors may fix a case by hand (turn "down" into "up" and put the
right answer in): the file is theirs.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import KhabarError
from ..search import Searcher
from ..text import normalise
from .store import FeedbackStore

FORMAT = "khabar-feedback-1"


@dataclass(frozen=True)
class Case:
    question: str
    vote: str  # "up": the answer was right; "down": it was not
    answer: str
    doc_id: str | None = None
    title: str | None = None
    passage: str | None = None
    asked: str = ""  # the day it was asked (ISO date)

    @property
    def key(self) -> tuple[str, str]:
        return normalise(self.question).casefold(), normalise(self.answer)


def cases_from(store: FeedbackStore, since: float = 0.0) -> list[Case]:
    """Voted answers whose votes lean one way, oldest first."""
    cases = []
    for entry in reversed(store.voted(since)):
        if entry.up != entry.down:
            day = datetime.fromtimestamp(entry.asked_at, timezone.utc).date().isoformat()
            cases.append(Case(entry.question, "up" if entry.up > entry.down else "down", entry.answer or "",
                              entry.doc_id, entry.title, entry.passage, day))
    return cases


def read_cases(path: Path) -> list[Case]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, not {FORMAT!r}")
        cases = [Case(**case) for case in data["cases"]]
        if any(c.vote not in ("up", "down") or not c.question for c in cases):
            raise ValueError("every case needs a question and a vote of 'up' or 'down'")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KhabarError(f"{path} is not a feedback question set ({type(exc).__name__}: {exc}) — "
                          f"write one with `python -m index feedback --export {path}`") from None
    return cases


def export(store: FeedbackStore, path: Path, since: float = 0.0) -> tuple[int, int]:
    """Add the store's voted answers to the set in ``path`` (made if missing); (new cases, cases now).

    A case already in the file (same question and answer) takes the newer vote. Written atomically.
    """
    path = Path(path)
    cases = {c.key: c for c in (read_cases(path) if path.exists() else [])}
    before = len(cases)
    for case in cases_from(store, since):
        cases[case.key] = case
    data = {"format": FORMAT, "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "cases": [asdict(c) for c in cases.values()]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.replace(out.name, path)
    except OSError as exc:
        raise KhabarError(f"cannot write {path} ({exc.strerror or exc})") from None
    return len(cases) - before, len(cases)


@dataclass
class ReplayReport:
    kept: int = 0  # 👍 answers the index still gives
    liked: int = 0
    changed: int = 0  # 👎 answers the index no longer gives
    disliked: int = 0
    seconds: float = 0.0
    lost: list[str] = field(default_factory=list)  # 👍 questions answered differently now
    unchanged: list[str] = field(default_factory=list)  # 👎 questions still answered the same

    def lines(self) -> list[str]:
        share = lambda n, of: f"{n} of {of}" + (f" ({n / of:.0%})" if of else "")  # noqa: E731
        lines = [f"👍 answers still given     {share(self.kept, self.liked)}",
                 f"👎 answers now different   {share(self.changed, self.disliked)}",
                 f"seconds                   {self.seconds:.1f}"]
        lines += [f"  👍 lost: {q}" for q in self.lost] + [f"  👎 unchanged: {q}" for q in self.unchanged]
        return lines


def replay(cases: list[Case], searcher: Searcher, batch: int = 64) -> ReplayReport:
    started = time.perf_counter()
    report = ReplayReport()
    answers = []
    for lo in range(0, len(cases), batch):
        answers += searcher.search_many([c.question for c in cases[lo:lo + batch]], k=3)
    for case, answer in zip(cases, answers):
        same = answer.answered and normalise(answer.answer or "") == normalise(case.answer)
        if case.vote == "up":
            report.liked += 1
            report.kept += same
            if not same:
                report.lost.append(case.question)
        else:
            report.disliked += 1
            report.changed += not same
            if same:
                report.unchanged.append(case.question)
    report.seconds = time.perf_counter() - started
    return report
