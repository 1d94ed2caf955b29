"""Searches read a streaming replica while builds write the primary (a real replica: ``pg_basebackup -R``)."""

import json
import subprocess
import sys

import psycopg

from index.build import build_index

from .test_store import ROOT

NEW = "इसरो ने चंद्रयान का नया चरण आज सुबह श्रीहरिकोटा से सफलतापूर्वक प्रक्षेपित किया।"


def index_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def generation(*where: str) -> int:
    result = index_cli("info", "--json", *where)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["generation"]


def test_search_reads_the_replica_and_sees_a_build_once_the_replica_has_replayed_it(
        seed_corpus, database_url, replica_of, fake_embedder, postgres_replica):
    build_index(seed_corpus, database_url, fake_embedder)
    read = replica_of(database_url)
    both = ("--database", database_url, "--database-read", read)
    assert generation(*both) == 1
    replay = postgres_replica.get_uri()
    with psycopg.connect(replay, autocommit=True) as db:
        db.execute("SELECT pg_wal_replay_pause()")  # a replica lagging behind the primary
    try:
        (seed_corpus / "isro.txt").write_text(f"---\ntitle: इसरो\n---\n{NEW}\n", encoding="utf-8")
        build_index(seed_corpus, database_url, fake_embedder)
        assert generation("--database", database_url) == 2
        assert generation(*both) == 1  # the reads went to the replica, which has not replayed the build yet
        lagging = index_cli("search", "--json", *both, NEW)
        assert lagging.returncode == 0 and "isro.txt" not in lagging.stdout
    finally:
        with psycopg.connect(replay, autocommit=True) as db:
            db.execute("SELECT pg_wal_replay_resume()")
    replica_of(database_url)
    assert generation(*both) == 2
    answer = json.loads(index_cli("search", "--json", *both, NEW).stdout)
    assert answer["passages"][0]["doc_id"] == "isro.txt"


def test_a_read_replica_without_its_primary_is_one_clear_error(database_url):
    result = index_cli("search", "--database-read", database_url, "पुतिन?")
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "KHABAR_DATABASE_URL / --database" in result.stderr
