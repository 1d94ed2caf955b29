"""The store contract, run against every backend (``index_target``: a directory, or a PostgreSQL
database of its own): incremental builds, atomicity under SIGKILL, keywords, locks, errors.
Then what only the embedded store has: its files' damage, its old format, its FAISS index."""

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.embedders import HashEmbedder
from index.errors import IndexDamaged, IndexLocked, IndexMismatch, IndexNotFound
from index.language.keywords import terms
from index.manifest import FORMAT_VERSION
from index.search import Searcher
from index.store import ann, build_lock, open_index
from index.store.embedded import fts_query

ROOT = Path(__file__).resolve().parents[3]
NEW_ARTICLE = "मानसून की खबर\n\nमौसम विभाग ने कहा कि मानसून केरल में तीन दिन पहले पहुंच गया है। किसान खुश हैं।"


def answers(index_path, embedder, questions=("पुतिन ने क्या कहा?", "कितने सैनिक भेजे?")):
    searcher = Searcher(open_index(index_path), embedder)
    return [a.to_dict() for a in searcher.search_many(list(questions), k=3)]


def texts_found(index_path, embedder, question, k=10):
    return " ".join(p.text for p in Searcher(open_index(index_path), embedder).search(question, k=k).passages)


def is_embedded(target) -> bool:
    return isinstance(target, Path)


def sql(target, query: str, *params) -> list[tuple]:
    """A query straight to the backend's own database, to look under the interface."""
    if is_embedded(target):
        return sqlite3.connect(target / "index.sqlite").execute(query, params).fetchall()
    import psycopg

    with psycopg.connect(target) as db:
        return db.execute(query, params).fetchall()


def written(target):
    """What changes when a build writes: the file's mtime, or the transaction ids of the rows."""
    if is_embedded(target):
        return (target / "index.sqlite").stat().st_mtime_ns
    return sql(target, "SELECT (SELECT array_agg(xmin::text ORDER BY key) FROM meta), "
                       "(SELECT array_agg(xmin::text ORDER BY id) FROM documents)")


def keyword_hits(target, query_terms):
    """Chunks the keyword index matches for any of these terms (FTS5, or tsvector under GIN)."""
    if is_embedded(target):
        return sql(target, "SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ?", fts_query(query_terms))
    return sql(target, "SELECT id FROM chunks WHERE keywords @@ khabar_any(%s)", list(query_terms))


def last_write_step(target):
    """The last step of a build before its commit, to make it fail (a full disk) in a test."""
    if is_embedded(target):
        return ann, "write"
    from index.store.postgres import PostgresWriter

    return PostgresWriter, "_write_meta"


def test_manifest_records_what_and_how(seed_corpus, index_target, fake_embedder):
    build_index(seed_corpus, index_target, fake_embedder)
    index = open_index(index_target)
    m = index.manifest
    assert m.format == FORMAT_VERSION and m.embedder_id == fake_embedder.id and m.dim == fake_embedder.dim
    assert m.chunking == {"max_tokens": 450, "overlap_sentences": 1, "heading_tokens": 48, "title_context": True,
                          "input_tokens": 500, "splitting": 3}
    assert m.counts["documents"] == 1 and m.counts["sentences"] > 30 and m.counts["chunks"] >= 5
    assert m.ann["kind"] in ("flat", "hnsw") and m.generation == 1 and m.built_at.endswith("+00:00")
    assert [d.doc_id for d in index.documents()] == ["putin-kim-beijing.txt"]


def test_unchanged_rebuild_writes_nothing(seed_corpus, index_target, fake_embedder):
    build_index(seed_corpus, index_target, fake_embedder)
    before = written(index_target)
    again = build_index(seed_corpus, index_target, fake_embedder)
    assert again.up_to_date and open_index(index_target).manifest.generation == 1
    assert written(index_target) == before


def test_adding_an_article_embeds_only_that_article(seed_corpus, index_target, fake_embedder):
    first = build_index(seed_corpus, index_target, fake_embedder)
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = build_index(seed_corpus, index_target, fake_embedder)
    assert report.added == 1 and report.removed == 0 and 0 < report.embedded <= 4 and report.reused == 0
    index = open_index(index_target)
    assert index.manifest.counts["documents"] == 2 and index.manifest.generation == 2
    assert index.manifest.counts["sentences"] == first.sentences + 3
    assert "केरल" in texts_found(index_target, fake_embedder, "मानसून केरल कब पहुंचा?")


def test_a_fetch_time_orders_the_archive_but_is_never_cited_as_its_date(seed_corpus, index_target, fake_embedder):
    # The ingester dates a page that carries no date with the time it fetched it: good enough to
    # place the article among the others, wrong as the day it was published (an old page backfilled).
    (seed_corpus / "undated.txt").write_text("---\ntitle: मानसून की खबर\ndate: 2030-01-01T00:00:00+00:00\n"
                                             "date_source: fetched\n---\n" + NEW_ARTICLE, encoding="utf-8")
    build_index(seed_corpus, index_target, fake_embedder)
    index = open_index(index_target)
    newest, older = index.documents(2)
    assert (newest.doc_id, newest.published) == ("undated.txt", None)
    assert older.published is not None  # an outlet's own date is kept and cited
    found = Searcher(index, fake_embedder).search("मानसून केरल कब पहुंचा?", k=5).passages
    assert any(p.doc_id == "undated.txt" for p in found)
    assert all(p.published is None for p in found if p.doc_id == "undated.txt")


def test_changing_an_article_replaces_its_text_and_reuses_unchanged_sentences(seed_corpus, index_target, fake_embedder):
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(seed_corpus, index_target, fake_embedder)
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE.replace("तीन दिन पहले", "एक हफ्ते की देरी से"), encoding="utf-8")
    report = build_index(seed_corpus, index_target, fake_embedder)
    assert report.added == 1 and report.reused >= 2  # the title and "किसान खुश हैं।" were embedded before
    found = texts_found(index_target, fake_embedder, "मानसून केरल कब पहुंचा?")
    assert "एक हफ्ते की देरी से" in found and "तीन दिन पहले" not in found
    assert open_index(index_target).manifest.counts["documents"] == 2


def test_a_removed_article_never_answers_again(seed_corpus, index_target, fake_embedder):
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(seed_corpus, index_target, fake_embedder)
    reader = open_index(index_target)  # a reader opened before the removal, like a running bot
    (seed_corpus / "monsoon.txt").unlink()
    report = build_index(seed_corpus, index_target, fake_embedder)
    assert report.removed == 1 and report.documents == 1
    for index in (reader, open_index(index_target)):
        found = Searcher(index, fake_embedder).search("मानसून केरल कब पहुंचा?", k=10).passages
        assert found and all(p.doc_id == "putin-kim-beijing.txt" for p in found)
        assert not index.words_by_skeleton("mnsn")  # its words left the vocabulary too


def test_a_running_reader_counts_a_term_as_the_corpus_holds_it_now(seed_corpus, index_target, fake_embedder):
    # The embedded reader keeps term counts between questions; each build must start them afresh.
    build_index(seed_corpus, index_target, fake_embedder)
    reader = open_index(index_target)  # like a running bot, asked between builds
    monsoon = terms("मानसून")[0]
    assert reader.keyword_stats([monsoon]).df.get(monsoon, 0) == 0
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(seed_corpus, index_target, fake_embedder)
    assert reader.keyword_stats([monsoon]).df.get(monsoon, 0) >= 1
    (seed_corpus / "monsoon.txt").unlink()
    build_index(seed_corpus, index_target, fake_embedder)
    assert reader.keyword_stats([monsoon]).df.get(monsoon, 0) == 0


def test_touching_a_file_without_changing_it_is_not_a_change(seed_corpus, index_target, fake_embedder):
    build_index(seed_corpus, index_target, fake_embedder)
    article = seed_corpus / "putin-kim-beijing.txt"
    article.write_bytes(article.read_bytes())  # new mtime, same bytes
    report = build_index(seed_corpus, index_target, fake_embedder)
    assert report.up_to_date and report.embedded == 0
    assert build_index(seed_corpus, index_target, fake_embedder).up_to_date


def test_another_embedder_rebuilds_everything(seed_corpus, index_target, fake_embedder):
    build_index(seed_corpus, index_target, fake_embedder)
    report = build_index(seed_corpus, index_target, HashEmbedder())
    assert report.added == 1 and report.reused == 0
    index = open_index(index_target)
    assert index.manifest.embedder_id == HashEmbedder.id and index.manifest.dim == 384
    assert Searcher(index, HashEmbedder()).search("पुतिन ने क्या कहा?").passages


def test_force_rebuilds_every_row_but_reuses_every_vector(seed_corpus, index_target, fake_embedder):
    first = build_index(seed_corpus, index_target, fake_embedder)
    forced = build_index(seed_corpus, index_target, fake_embedder, force=True)
    assert forced.embedded == 0 and forced.reused == first.embedded
    assert answers(index_target, fake_embedder)[0]["passages"]


@pytest.mark.parametrize("word, found", [("साझेदारी", True), ("देशों", True), ("साझ", False), ("देश", True)])
def test_devanagari_keywords_round_trip_whole_words(seed_corpus, index_target, fake_embedder, word, found):
    """Vowel signs survive: "साझेदारी" is one word, and its first letters are not a word of it."""
    from index.language.keywords import terms

    build_index(seed_corpus, index_target, fake_embedder)
    assert bool(keyword_hits(index_target, terms(word))) is found


def test_a_failing_build_leaves_the_old_index_untouched(seed_corpus, index_target, fake_embedder, monkeypatch):
    build_index(seed_corpus, index_target, fake_embedder)
    before = answers(index_target, fake_embedder)
    (seed_corpus / "monsoon.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    def disk_full(*args):
        raise OSError("disk full")

    monkeypatch.setattr(*last_write_step(index_target), disk_full)
    with pytest.raises(OSError):
        build_index(seed_corpus, index_target, fake_embedder)
    assert answers(index_target, fake_embedder) == before
    assert open_index(index_target).manifest.counts["documents"] == 1
    monkeypatch.undo()
    assert build_index(seed_corpus, index_target, fake_embedder).added == 1


KILLABLE_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from index.store import ann
    from index.build import build_index
    from index.embedders import FakeEmbedder
    stage, target = sys.argv[3], sys.argv[2]
    target = target if target.startswith("postgresql://") else Path(target)
    class Slow(FakeEmbedder):
        def embed_passages(self, texts):
            if stage == "embedding":
                print("ready", flush=True); time.sleep(60)
            return super().embed_passages(texts)
    real_write = ann.write
    def slow_write(index, path):
        record = real_write(index, path)
        if stage == "committing":  # the new vector file is written, the transaction not committed
            print("ready", flush=True); time.sleep(60)
        return record
    ann.write = slow_write
    if stage == "committing" and isinstance(target, str):  # every row written, the transaction not committed
        from index.store.postgres import PostgresWriter
        real_meta = PostgresWriter._write_meta
        def slow_meta(self, manifest):
            real_meta(self, manifest)
            print("ready", flush=True); time.sleep(60)
        PostgresWriter._write_meta = slow_meta
    build_index(Path(sys.argv[1]), target, Slow())
""")


@pytest.mark.parametrize("stage", ["embedding", "committing"])
def test_sigkill_during_an_incremental_build_leaves_the_old_index_answering(seed_corpus, index_target, fake_embedder,
                                                                           stage):
    build_index(seed_corpus, index_target, fake_embedder)
    before = answers(index_target, fake_embedder)
    (seed_corpus / "new.txt").write_text("नया लेख। पुतिन ने कुछ और कहा।", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_BUILD, str(seed_corpus), str(index_target), stage],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert answers(index_target, fake_embedder) == before
    assert open_index(index_target).manifest.counts["documents"] == 1
    report = build_index(seed_corpus, index_target, fake_embedder)  # the lock died with the process
    assert report.documents == 2 and report.added == 1
    if isinstance(index_target, Path):  # the orphan vector file of the killed build is gone
        assert sorted(p.name for p in index_target.glob("chunks-*")) == ["chunks-2.faiss"]


def test_two_builds_never_run_at_once(seed_corpus, index_target, fake_embedder):
    with build_lock(index_target):
        with pytest.raises(IndexLocked, match="another build"):
            build_index(seed_corpus, index_target, fake_embedder)


def corrupt_vectors(directory: Path):
    path = next(directory.glob("chunks-*.faiss"))
    data = bytearray(path.read_bytes())
    data[-10:] = b"\x00" * 10
    path.write_bytes(bytes(data))


def rewrite_manifest(directory: Path, **changes):
    database = sqlite3.connect(directory / "index.sqlite")
    manifest = json.loads(database.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()[0])
    manifest.update(changes)
    database.execute("UPDATE meta SET value = ? WHERE key = 'manifest'", (json.dumps(manifest),))
    database.commit()


@pytest.mark.parametrize("damage, error, message", [
    (corrupt_vectors, IndexDamaged, "does not match the manifest"),
    (lambda d: next(d.glob("chunks-*.faiss")).unlink(), IndexDamaged, "is missing"),
    (lambda d: rewrite_manifest(d, format=99), IndexMismatch, "format 99"),
    (lambda d: rewrite_manifest(d, surprise=1), IndexDamaged, "manifest"),
    (lambda d: (d / "index.sqlite").write_bytes(b"not a database at all" * 100), IndexDamaged, "damaged"),
])
def test_damage_is_detected_with_a_clear_message(seed_corpus, tmp_path, fake_embedder, damage, error, message):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    damage(tmp_path / "index")
    with pytest.raises(error, match=message):
        open_index(tmp_path / "index")


def test_an_index_of_the_old_format_says_rebuild_and_build_replaces_it(seed_corpus, tmp_path, fake_embedder):
    old = tmp_path / ".index@20250101T000000-abcdef"
    old.mkdir()
    (old / "manifest.json").write_text(json.dumps({"format": 1}), encoding="utf-8")
    (tmp_path / "index").symlink_to(old.name)
    with pytest.raises(IndexMismatch, match="older format.*python -m index build"):
        open_index(tmp_path / "index")
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    assert open_index(tmp_path / "index").manifest.format == FORMAT_VERSION and not old.exists()


def test_missing_index_and_other_embedder(seed_corpus, index_target, fake_embedder):
    with pytest.raises(IndexNotFound, match="run `python -m index build`"):
        open_index(index_target)
    build_index(seed_corpus, index_target, fake_embedder)

    class Other(type(fake_embedder)):
        id = "fake:other"

    with pytest.raises(IndexMismatch, match="was built with fake:trigram-64"):
        Searcher(open_index(index_target), Other())


def generated_articles(directory: Path, count: int, seed: int = 7) -> None:
    """Articles on 60 topics, each with its own words over a shared stock: news-like neighbourhoods."""
    rng = np.random.default_rng(seed)
    common = [f"शब्द{i}" for i in range(200)]
    directory.mkdir(parents=True, exist_ok=True)
    for a in range(count):
        topic = [f"विषय{a % 60}x{i}" for i in range(30)]
        paragraphs = ["।".join(" ".join([*rng.choice(topic, 5), *rng.choice(common, 3)]) for _ in range(3)) + "।"
                      for _ in range(3)]
        (directory / f"{a:04d}.txt").write_text(f"लेख {a}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")


def test_the_approximate_index_agrees_with_exact_search(tmp_path, monkeypatch):
    """Above the exact limit the chunk index is IVF-SQ8; its top-1 must match exact search."""
    monkeypatch.setattr(ann, "EXACT_LIMIT", 500)
    generated_articles(tmp_path / "corpus", 700)
    embedder = HashEmbedder()
    build_index(tmp_path / "corpus", tmp_path / "index", embedder)
    index = open_index(tmp_path / "index")
    assert index.manifest.ann["kind"] == "ivf-sq8" and index.manifest.counts["chunks"] > 500
    database = sqlite3.connect(tmp_path / "index" / "index.sqlite")
    rows = database.execute("SELECT id, vector FROM chunks ORDER BY id").fetchall()
    ids = np.array([r[0] for r in rows])
    vectors = np.frombuffer(b"".join(r[1] for r in rows), np.float16).reshape(len(rows), -1).astype(np.float32)
    queries = embedder.embed_queries([f"विषय{i % 60}x{i % 30} विषय{i % 60}x{(7 * i) % 30} शब्द{i}" for i in range(200)])
    agree = 0
    for query in queries:
        scores = vectors @ query
        near = ann.search(index._ann, query[None], 64)
        # Ties are common among generated texts: the same best score counts as agreement.
        agree += np.isclose(scores[np.isin(ids, near)].max(), scores.max())
    assert agree / len(queries) >= 0.98


def test_the_approximate_index_is_changed_in_place_and_retrained_when_outgrown(tmp_path, monkeypatch):
    monkeypatch.setattr(ann, "EXACT_LIMIT", 500)
    generated_articles(tmp_path / "corpus", 700)
    embedder = HashEmbedder()
    build_index(tmp_path / "corpus", tmp_path / "index", embedder)
    trained = open_index(tmp_path / "index").manifest.ann
    (tmp_path / "corpus" / "0003.txt").unlink()
    report = build_index(tmp_path / "corpus", tmp_path / "index", embedder)
    index = open_index(tmp_path / "index")
    assert report.removed == 1 and index.manifest.ann["trained_on"] == trained["trained_on"]
    assert index._ann.ntotal == index.manifest.counts["chunks"] < trained["trained_on"]
    for f in sorted((tmp_path / "corpus").glob("0[0-5]*.txt"))[:-1]:
        f.unlink()  # shrink below the exact limit: back to exact search
    build_index(tmp_path / "corpus", tmp_path / "index", embedder)
    index = open_index(tmp_path / "index")
    assert index.manifest.ann["kind"] == "flat" and index._ann.ntotal == index.manifest.counts["chunks"]
