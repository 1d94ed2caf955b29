"""``python -m index bench --declining``: does declining hold as the corpus grows?

The same questions are asked of three corpora of very different sizes — the seed article alone,
the XQuAD dev paragraphs (48 articles' worth), and a synthetic archive of 2,400 articles made
from those paragraphs — with the real model. Off-topic questions should be declined as often
among thousands of articles as beside one; answerable ones should not start being declined.
The dev questions asked of the seed article are off-topic there too.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..build import build_index
from ..embedders import Embedder
from ..errors import CorpusError
from ..search import Searcher
from ..store import open_index
from ..text import normalise, sentence_spans
from .evaluate import read_squad, write_corpus

LANGUAGES = ("hi", "en", "hi-latn")


@dataclass(frozen=True)
class QuestionSet:
    name: str
    questions: list[tuple[str, str]]  # (language, question)


def make_synthetic_archive(squad: Path, directory: Path, shuffled: int = 2000, mixed: int = 400,
                           seed: int = 9) -> None:
    """``shuffled`` articles of five distinct dev paragraphs in a random order, and ``mixed``
    articles of five paragraphs made of 3–6 random dev sentences each: near-duplicates and
    incoherent text, the two things that fool a cosine as an archive grows."""
    articles, _ = read_squad(squad)
    paragraphs = [normalise(p.replace("\n", " ")) for _, ps in articles for p in ps]
    sentences = [p[s.start:s.end] for p in paragraphs for s in sentence_spans(p)]
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    seen: set[tuple[int, ...]] = set()
    while len(seen) < shuffled:
        pick = tuple(sorted(rng.sample(range(len(paragraphs)), 5)))
        if pick in seen:
            continue
        order = list(pick)
        rng.shuffle(order)
        (directory / f"p{len(seen):04d}.txt").write_text(
            f"---\ntitle: shuffled {len(seen)}\n---\n" + "\n\n".join(paragraphs[i] for i in order) + "\n",
            encoding="utf-8")
        seen.add(pick)
    for m in range(mixed):
        body = [" ".join(rng.sample(sentences, rng.randint(3, 6))) for _ in range(5)]
        (directory / f"m{m:04d}.txt").write_text(f"---\ntitle: mixed {m}\n---\n" + "\n\n".join(body) + "\n",
                                                 encoding="utf-8")


def question_sets(squad: Path, parallel: list[Path], seed_questions: Path, off_topic: Path,
                  held_out: tuple[Path, ...] = ()) -> dict[str, QuestionSet]:
    """Off-topic questions (``held_out``: sets written apart from the tuning, "held-out", "held-out 2",
    to check that what was tuned generalises), the seed article's own, and the dev questions in each language."""
    try:
        seed = json.loads(seed_questions.read_text(encoding="utf-8"))
        off = json.loads(off_topic.read_text(encoding="utf-8"))["questions"] + seed["off_topic"]
        seed_asked = [(q["lang"], q["question"]) for q in seed["on_topic"]]
        off_asked = [(q["lang"], q["question"]) for q in off]
        held_asked = [[(q["lang"], q["question"]) for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]
                      for path in held_out]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        named = " / ".join(str(p) for p in (seed_questions, off_topic, *held_out))
        raise CorpusError(f"question files {named} are not readable "
                          f"({type(exc).__name__}: {exc}) — run from the repository's root") from None
    _, hindi = read_squad(squad)
    sets = {"off-topic": QuestionSet("off-topic", off_asked), "seed": QuestionSet("seed", seed_asked),
            "dev hi": QuestionSet("dev hi", [("hi", q.text) for q in hindi])}
    for n, asked in sorted(zip(map(held_out_number, held_out), held_asked)):
        name = "held-out" if n == 1 else f"held-out {n}"
        sets[name] = QuestionSet(name, asked)
    for path in parallel:
        _, questions = read_squad(path)
        language = "hi-latn" if ".hi-latn." in path.name else "en"
        sets[f"dev {language}"] = QuestionSet(f"dev {language}", [(language, q.text) for q in questions])
    return sets


def held_out_files(directory: Path) -> tuple[Path, ...]:
    """The held-out off-topic sets in ``directory`` (held_out_off_topic_questions.json, …_2.json, …)."""
    return tuple(sorted(directory.glob("held_out_off_topic_questions*.json")))


def held_out_number(path: Path) -> int:
    """Which held-out set a file is: 1 for held_out_off_topic_questions.json, 10 for …_10.json. Sets
    are named and ordered by it, not by where the file sorts ("_10" sorts before "_2")."""
    suffix = path.stem.rpartition("_")[2]
    return int(suffix) if suffix.isdigit() else 1


# (corpus, question set, off-topic?): what is asked where; every held-out set is asked where "held-out" is.
PLAN = [("seed", "off-topic", True), ("seed", "held-out", True), ("seed", "dev hi", True), ("seed", "dev en", True),
        ("seed", "dev hi-latn", True), ("seed", "seed", False),
        ("dev", "off-topic", True), ("dev", "held-out", True), ("dev", "dev hi", False), ("dev", "dev en", False),
        ("dev", "dev hi-latn", False),
        ("archive", "off-topic", True), ("archive", "held-out", True), ("archive", "dev hi", False),
        ("archive", "dev en", False), ("archive", "dev hi-latn", False)]


def plan(sets: dict[str, QuestionSet]) -> list[tuple[str, str, bool]]:
    """PLAN with "held-out" standing for each held-out set there is ("held-out", "held-out 2", …)."""
    held = [name for name in sets if name.startswith("held-out")]
    return [(corpus, each, off) for corpus, name, off in PLAN for each in (held if name == "held-out" else [name])]


def run_declining_bench(squad: Path, embedder: Embedder, seed_corpus: Path, seed_questions: Path, off_topic: Path,
                        parallel: list[Path], workdir: Path | None = None, archive: tuple[int, int] = (2000, 400),
                        out=print, held_out: tuple[Path, ...] = ()) -> dict:
    """Build the three corpora (kept in ``workdir`` between runs) and print the shares declined.

    ``archive`` is the synthetic archive's (shuffled, mixed) article counts. Returns
    {(corpus, question set, language): (off-topic?, declined, asked, answered tentatively)}."""
    sets = question_sets(squad, parallel, seed_questions, off_topic, held_out)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="khabar-declining-") as tmp:
        root = Path(workdir or tmp)
        corpora = {"seed": root / "seed" / "corpus", "dev": root / "dev" / "corpus",
                   "archive": root / "archive" / "corpus"}
        if not seed_corpus.is_dir():
            raise CorpusError(f"{seed_corpus} is not a directory of articles — run from the repository's root")
        if not corpora["seed"].is_dir():
            shutil.copytree(seed_corpus, corpora["seed"])
        if not corpora["dev"].is_dir():
            write_corpus(read_squad(squad)[0], corpora["dev"])
        if not corpora["archive"].is_dir():
            make_synthetic_archive(squad, corpora["archive"], *archive)
        for corpus, directory in corpora.items():
            started = time.perf_counter()
            summary = build_index(directory, directory.parent / "index", embedder).summary()
            out(f"{corpus}: {summary} ({time.perf_counter() - started:.0f} s)")
            searcher = Searcher(open_index(directory.parent / "index"), embedder)
            for where, name, off in plan(sets):
                if where != corpus or name not in sets:
                    continue
                asked = sets[name].questions
                answers = []
                for lo in range(0, len(asked), 64):
                    answers += searcher.search_many([q for _, q in asked[lo:lo + 64]])
                for language in LANGUAGES:
                    picked = [a for (lang, _), a in zip(asked, answers) if lang == language]
                    if picked:
                        results[(corpus, name, language)] = (off, sum(not a.answered for a in picked), len(picked),
                                                             sum(a.tentative for a in picked))
    for (corpus, name, language), (off, declined, n, tentative) in results.items():
        out(f"{corpus:8} {name:12} {language:8} {'off-topic' if off else 'answerable':10} "
            f"declined {declined:3}/{n:<3} = {100 * declined / n:5.1f} % · with a caveat {tentative:3}")
    return results
