"""The PostgreSQL store's schema as numbered migrations, and how connections to it are made.

A build runs the migrations this version knows and a database lacks (``schema_migrations``
records which ran); readers only check. A database written by a newer Khabar is refused
with a clear message rather than half-understood.

Tables: ``documents`` (an article: text, metadata, file stamps), ``sentences`` and
``chunks`` (offsets, hashes, ``halfvec`` vectors: fp16, what the embedded store keeps too),
the keyword index (``chunks.keywords``: a ``tsvector`` made by ``array_to_tsvector`` from
Khabar's own Hindi-aware terms — Postgres's parser never sees raw Hindi — under GIN, and
``keyword_df``: chunks per term, for BM25), ``vocabulary`` (romanized matching) and ``meta``
(manifest, generation, counts). Rows of an article hang off ``documents`` with ON DELETE
CASCADE. The HNSW index over chunk vectors is made by the first build, once the vectors'
dimension is known (``postgres.py``).
"""

from __future__ import annotations

import re

import psycopg
from psycopg_pool import ConnectionPool

from ..errors import DatabaseUnavailable, IndexMismatch, IndexNotFound

CONNECT_SECONDS = 5  # an unreachable server fails a start or a question after this long, not a minute later

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "records and vectors", """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE documents (
    id bigserial PRIMARY KEY,             -- never reused: an id a reader still holds points at nothing
    doc_id text NOT NULL UNIQUE,          -- path relative to the corpus root
    title text NOT NULL,
    text text NOT NULL,                   -- normalised; every offset points into it
    fingerprint text NOT NULL,
    size bigint NOT NULL, mtime_ns bigint NOT NULL,
    published text, url text, source text, author text, language text,
    published_at float8,                  -- published as Unix time: newest-first order, freshness
    chunks integer NOT NULL, sentences integer NOT NULL, words integer NOT NULL);
CREATE INDEX documents_published ON documents (published_at);
CREATE TABLE sentences (
    document bigint NOT NULL REFERENCES documents ON DELETE CASCADE,
    position integer NOT NULL,            -- 0-based in the article: chunks name a range of them
    paragraph integer NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
    terms integer NOT NULL,               -- keyword terms in it: BM25's length
    hash bytea NOT NULL,                  -- of the text: the embedding cache's key
    vector halfvec NOT NULL,
    PRIMARY KEY (document, position));
CREATE INDEX sentences_hash ON sentences (hash);
CREATE TABLE chunks (
    id bigserial PRIMARY KEY,
    document bigint NOT NULL REFERENCES documents ON DELETE CASCADE,
    paragraph integer NOT NULL, start integer NOT NULL, "end" integer NOT NULL,
    first_sentence integer NOT NULL, last_sentence integer NOT NULL,
    terms integer NOT NULL,
    tf jsonb NOT NULL,                    -- term → count: BM25's term frequencies, looked up by key
    hash bytea NOT NULL,
    vector halfvec NOT NULL);
CREATE INDEX chunks_document ON chunks (document);
CREATE INDEX chunks_hash ON chunks (hash);
CREATE TABLE vocabulary (
    word text PRIMARY KEY, skeleton text NOT NULL, latin text NOT NULL, count integer NOT NULL);
CREATE INDEX vocabulary_skeleton ON vocabulary (skeleton);
"""),
    (2, "keyword index over Khabar's own terms", """
CREATE FUNCTION khabar_terms(tf jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(array_agg(t), '{}') FROM jsonb_object_keys(tf) AS t $$;
-- Derived in the database from the terms Khabar computed: exact lexemes, never re-parsed.
ALTER TABLE chunks ADD COLUMN keywords tsvector GENERATED ALWAYS AS (array_to_tsvector(khabar_terms(tf))) STORED;
CREATE INDEX chunks_keywords ON chunks USING gin (keywords);
CREATE TABLE keyword_df (term text PRIMARY KEY, chunks integer NOT NULL);
INSERT INTO keyword_df SELECT t, count(*) FROM chunks, jsonb_object_keys(tf) AS t GROUP BY t;
-- keywords.bm25's term: what a term found n times (NULL: not found) adds to a chunk's score.
-- One expression, so the planner inlines it: summed over a join, no function call per row.
CREATE FUNCTION khabar_bm25_term(n float8, idf float8, length integer, average float8, k1 float8, b float8)
    RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT idf * n * (k1 + 1) / (n + k1 * (1 - b + b * length / greatest(average, 1e-9))) $$;
-- An OR query of exact lexemes, quoted so no term is read as tsquery syntax.
CREATE FUNCTION khabar_any(terms text[]) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg('''' || replace(replace(t, '\\', '\\\\'), '''', '''''') || '''', ' | ')::tsquery
    FROM unnest(terms) AS t $$;
"""),
]
LATEST = MIGRATIONS[-1][0]
_UPGRADE_KHABAR = "upgrade Khabar (this version reads schema {latest}), or build into another database"


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def connect(url: str, **settings) -> psycopg.Connection:
    """An autocommit connection, or DatabaseUnavailable naming the server and the reason."""
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS, **settings)
    except psycopg.Error as exc:
        raise unavailable(url, exc) from None


def open_pool(url: str, configure, max_size: int = 8) -> ConnectionPool:
    """A pool whose connections are checked on checkout (a restarted server's dead ones are replaced)
    and whose waits are bounded: a question waits seconds for a connection, then fails politely."""
    connect(url).close()  # fail now, with the server's own reason, rather than after a pool timeout
    return ConnectionPool(url, kwargs={"connect_timeout": CONNECT_SECONDS}, configure=configure,
                          check=ConnectionPool.check_connection, min_size=1, max_size=max_size,
                          timeout=CONNECT_SECONDS, name="khabar", open=True)


def unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return DatabaseUnavailable(f"cannot use the database at {redact(url)} ({reason}) — is PostgreSQL running "
                               f"and KHABAR_DATABASE_URL / --database right? Try again when it is up")


def schema_version(db: psycopg.Connection) -> int:
    """The newest migration applied (0: none, not a Khabar database yet)."""
    if db.execute("SELECT to_regclass('schema_migrations')").fetchone()[0] is None:
        return 0
    return db.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def check_schema(db: psycopg.Connection, url: str) -> None:
    """Readers: the database holds an index of exactly this schema, or a clear error says what to do."""
    version = schema_version(db)
    if version == 0:
        raise IndexNotFound(f"{redact(url)} (an empty database)")
    if version < LATEST:
        raise IndexMismatch(f"the index in {redact(url)} has schema {version}, this version reads {LATEST} — "
                            f"upgrade it with `python -m index build --database URL`")
    if version > LATEST:
        raise IndexMismatch(f"the index in {redact(url)} has schema {version}, newer than this Khabar — "
                            + _UPGRADE_KHABAR.format(latest=LATEST))


def migrate(db: psycopg.Connection, url: str, upto: int = LATEST) -> None:
    """Apply the migrations the database lacks, each in its own transaction (builds only)."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(hashtext('khabar-migrate'))")  # two first builds: one migrates
        db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        applied = {v for (v,) in db.execute("SELECT version FROM schema_migrations")}
    unknown = applied - {v for v, _, _ in MIGRATIONS}
    if unknown:
        raise IndexMismatch(f"the index in {redact(url)} has schema {max(unknown)}, newer than this Khabar — "
                            + _UPGRADE_KHABAR.format(latest=LATEST))
    for version, name, sql in MIGRATIONS:
        if version in applied or version > upto:
            continue
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(hashtext('khabar-migrate'))")
            if db.execute("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)).fetchone():
                continue
            db.execute(sql)
            db.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name))
