"""The PostgreSQL store: the index in one database (pgvector for vectors, tsvector for keywords).

Chosen by giving a ``postgresql://`` URL instead of a directory (``--database`` or
``KHABAR_DATABASE_URL``). Same two interfaces as the embedded store (``base.py``):

- readers share one connection pool per URL (timeouts everywhere, connections checked on
  checkout, so a server restart costs the questions asked during it a polite "try again",
  and answering resumes by itself); each read is one REPEATABLE READ transaction, so what it
  sees is one committed corpus;
- ``candidates`` is one SQL statement: dense top-N per query vector through HNSW, keyword
  top-N through the GIN index for the question's rarer terms, their union, and BM25 of every
  candidate over every query term (``khabar_bm25_term``); Python receives only those rows, with
  their chunk and sentence vectors as fp16 bytes, and fuses them as for the embedded store;
- a build is one transaction on one connection, under a session advisory lock that dies
  with the builder's connection: a killed build is rolled back by the server and unlocks.

Vectors are ``halfvec`` (fp16: half the space of ``vector``, the precision the embedded
store keeps; retrieval quality on XQuAD is unchanged, see README). The HNSW index is on
``vector::halfvec(dim)``, inner product (vectors are unit length, so that is cosine).
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import zlib
from collections import Counter
from dataclasses import replace
from typing import Iterable, Iterator

import numpy as np
import psycopg
from pgvector import HalfVector
from pgvector.psycopg import register_vector
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from ..errors import IndexDamaged, IndexLocked, IndexMismatch, IndexNotFound
from ..language.keywords import B, K1, terms as keyword_terms
from ..manifest import Manifest, check_manifest
from .pg_schema import check_schema, connect, migrate, open_pool, redact, unavailable
from .records import Candidates, DocumentInfo, KeywordStats, PassageRecord, PreparedDocument, SentenceRecord
from .vocabulary import vocabulary, vocabulary_rows

# Postings the keyword side may walk per question (its rarer terms only). A tenth of the embedded
# store's 20,000: BM25 in SQL costs ~5 µs a posting, where FTS5 costs far less. On the 10,000-article
# scale archive (hash embedder) 20,000 gave question p50 207 ms, 5,000 55 ms, 2,000 22 ms, with the
# same top passage as 20,000 for 91 % (2,000) and 96 % (5,000) of questions. See README.
KEYWORD_POSTINGS = 2_000
HNSW = {"m": 16, "ef_construction": 64}  # pgvector's defaults: build 69 s for 100k vectors here
EF_SEARCH = 200  # candidates the HNSW walk keeps; must exceed the neighbours asked for (64)
STATEMENT_SECONDS = 5  # a question's queries; then the bot says "try again"
BUILD_LOCK = zlib.crc32(b"khabar-build")
REBUILD = "rebuild it with `python -m index build --database URL`"


# -- connections ------------------------------------------------------------------------

_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def _configure(db: psycopg.Connection) -> None:
    db.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # a read is one snapshot
    db.read_only = True
    db.execute(f"SET statement_timeout = '{STATEMENT_SECONDS}s'")
    db.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
    db.commit()


def pool(url: str) -> ConnectionPool:
    """The process's pool for ``url``; the first call checks the server answers (clear error if not)."""
    with _pools_lock:
        existing = _pools.get(url)
        if existing is not None:
            return existing
        _pools[url] = open_pool(url, _configure)
        return _pools[url]


@atexit.register
def close_pools() -> None:
    """Close every pool of this process (at exit, and between tests that drop their databases)."""
    with _pools_lock:
        for p in _pools.values():
            p.close()
        _pools.clear()


def _literal(vector: np.ndarray) -> str:
    """A query vector as pgvector's text form: readers need no type registration (an empty database has none)."""
    return "[" + ",".join(map(str, vector.tolist())) + "]"


def _halfvecs(data: bytes, dim: int) -> np.ndarray:
    """float32 rows from concatenated ``halfvec_send`` values (2-byte dim, 2 unused, big-endian fp16)."""
    if not data:
        return np.zeros((0, dim), np.float32)
    rows = np.frombuffer(data, np.uint8).reshape(-1, 4 + 2 * dim)[:, 4:]
    return np.ascontiguousarray(rows).view(">f2").astype(np.float32)


def _read_manifest(db: psycopg.Connection, url: str) -> Manifest:
    row = db.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
    if row is None:
        raise IndexNotFound(f"{redact(url)} (no build has finished there)")
    return check_manifest(row[0], redact(url), REBUILD)


# -- reading ----------------------------------------------------------------------------

CANDIDATES_SQL = """
WITH stats AS (
    SELECT coalesce(max(value::float8) FILTER (WHERE key = 'chunks'), 0) AS chunks,
           coalesce(max(value::float8) FILTER (WHERE key = 'chunk_terms'), 0)
             / greatest(max(value::float8) FILTER (WHERE key = 'chunks'), 1) AS average
    FROM meta WHERE key IN ('chunks', 'chunk_terms')),
query AS (
    SELECT t.term, coalesce(k.chunks, 0) AS df,
           ln(1 + (s.chunks - coalesce(k.chunks, 0) + 0.5) / (coalesce(k.chunks, 0) + 0.5)) AS idf
    FROM (SELECT DISTINCT unnest(%(terms)s::text[])) AS t(term) CROSS JOIN stats s
    LEFT JOIN keyword_df k ON k.term = t.term),
rare AS (  -- the rarest terms while their postings fit the budget: a common word's list grows with the archive
    SELECT term, idf FROM (SELECT term, idf, df, sum(df) OVER (ORDER BY df, term) AS walked FROM query WHERE df > 0) w
    WHERE walked <= %(budget)s),
dense AS (
    SELECT near.id FROM unnest(%(vectors)s::text[]::halfvec[]) AS q(v) CROSS JOIN LATERAL (
        SELECT id FROM chunks WHERE vector_dims(vector) = {dim}
        ORDER BY vector::halfvec({dim}) <#> q.v LIMIT %(n)s) AS near),
matched AS (  -- through the GIN index
    SELECT c.id, c.tf, c.terms FROM chunks c WHERE c.keywords @@ (SELECT khabar_any(array_agg(term)) FROM rare)),
keyword AS (  -- ranked by BM25 over the rare terms, as FTS5 ranks them in the embedded store
    SELECT m.id FROM matched m CROSS JOIN rare r CROSS JOIN stats s GROUP BY m.id
    ORDER BY sum(khabar_bm25_term((m.tf ->> r.term)::float8, r.idf, m.terms, s.average, %(k1)s, %(b)s)) DESC NULLS LAST,
             m.id LIMIT %(n)s),
picked AS (SELECT id FROM dense UNION SELECT id FROM keyword)
SELECT c.id, c.document, c.start, c."end",
       coalesce((SELECT sum(khabar_bm25_term((c.tf ->> q.term)::float8, q.idf, c.terms, s.average, %(k1)s, %(b)s))
                 / (sum(q.idf) * (%(k1)s + 1)) FROM query q), 0),
       halfvec_send(c.vector),
       (SELECT string_agg(halfvec_send(x.vector), ''::bytea ORDER BY x.position) FROM sentences x
        WHERE x.document = c.document AND x.position BETWEEN c.first_sentence AND c.last_sentence),
       c.last_sentence - c.first_sentence + 1, d.published_at
FROM chunks c JOIN picked USING (id) JOIN documents d ON d.id = c.document CROSS JOIN stats s
ORDER BY c.id
"""


class PostgresIndex:
    """A read view of the index in the database at ``url`` (see ``base.IndexReader``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = redact(url)
        self._pool = pool(url)
        with self._read() as db:
            check_schema(db, url)
            self.manifest = _read_manifest(db, url)
        self.dim = self.manifest.dim
        self._candidates_sql = CANDIDATES_SQL.replace("{dim}", str(int(self.dim)))

    @contextlib.contextmanager
    def _read(self) -> Iterator[psycopg.Connection]:
        """One read-only snapshot; a server that is down or slow becomes DatabaseUnavailable."""
        try:
            with self._pool.connection() as db:
                yield db
        except (psycopg.OperationalError, PoolTimeout) as exc:  # includes statement timeouts
            raise unavailable(self.url, exc) from None

    def generation(self) -> int:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else self.manifest.generation

    def candidates(self, queries: np.ndarray, query_terms: list[str], n: int) -> Candidates:
        """Dense and keyword candidates with their BM25, in one statement (see the module's docstring)."""
        params = {"terms": list(query_terms), "budget": KEYWORD_POSTINGS, "k1": K1, "b": B, "n": n,
                  "vectors": [_literal(v) for v in np.asarray(queries, np.float32)]}
        with self._read() as db:
            rows = db.execute(self._candidates_sql, params).fetchall()
        if any(r[6] is None for r in rows):  # cannot happen within one snapshot
            raise IndexDamaged(f"index in {self.path} is damaged (a chunk's sentences are missing) — {REBUILD}")
        return Candidates(
            chunk_ids=np.array([r[0] for r in rows], np.int64), documents=np.array([r[1] for r in rows], np.int64),
            starts=np.array([r[2] for r in rows], np.int64), ends=np.array([r[3] for r in rows], np.int64),
            chunk_vectors=_halfvecs(b"".join(r[5] for r in rows), self.dim),
            keyword=np.array([r[4] for r in rows], np.float32),
            sentence_vectors=_halfvecs(b"".join(r[6] for r in rows), self.dim),
            sentence_offsets=np.cumsum([0] + [r[7] for r in rows]).astype(np.int64),
            published=np.array([np.nan if r[8] is None else r[8] for r in rows], np.float64))

    def keyword_stats(self, query_terms: list[str]) -> KeywordStats:
        with self._read() as db:
            counts = dict(db.execute("SELECT key, value::bigint FROM meta WHERE key IN "
                                     "('chunks', 'sentences', 'chunk_terms', 'sentence_terms')").fetchall())
            df = dict(db.execute("SELECT term, chunks FROM keyword_df WHERE term = ANY(%s)",
                                 (sorted(set(query_terms)),)).fetchall())
        return KeywordStats.from_counts(counts, df)

    def passages(self, chunk_ids: list[int]) -> dict[int, PassageRecord]:
        if not chunk_ids:
            return {}
        with self._read() as db:
            rows = db.execute(
                'SELECT c.id, c.paragraph, c.start, c."end", substr(d.text, c.start + 1, c."end" - c.start), '
                "d.doc_id, d.title, d.url, d.published, d.source, "
                "(SELECT array_agg(ARRAY[s.start, s.\"end\", s.paragraph, s.terms] ORDER BY s.position) "
                " FROM sentences s WHERE s.document = c.document "
                " AND s.position BETWEEN c.first_sentence AND c.last_sentence) "
                "FROM chunks c JOIN documents d ON d.id = c.document WHERE c.id = ANY(%s)",
                (list(chunk_ids),)).fetchall()
        return {cid: PassageRecord(cid, text, start, end, paragraph, [SentenceRecord(*s) for s in sentences],
                                   doc_id, title, url, published, outlet)
                for cid, paragraph, start, end, text, doc_id, title, url, published, outlet, sentences in rows}

    def words_by_skeleton(self, key: str) -> list[tuple[str, str, int]]:
        with self._read() as db:
            return db.execute("SELECT word, latin, count FROM vocabulary WHERE skeleton = %s", (key,)).fetchall()

    def frequent_words(self, n: int = 50) -> list[str]:
        with self._read() as db:
            return [w for (w,) in db.execute("SELECT word FROM vocabulary ORDER BY count DESC, word LIMIT %s", (n,))]

    def documents(self, limit: int = 20) -> list[DocumentInfo]:
        with self._read() as db:
            return [DocumentInfo(*r) for r in db.execute(
                "SELECT doc_id, title, published, url, source, chunks, sentences FROM documents "
                "ORDER BY published_at IS NULL, published_at DESC, id DESC LIMIT %s", (limit,))]

    def document_text(self, doc_id: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT text FROM documents WHERE doc_id = %s", (doc_id,)).fetchone()
        return row[0] if row else None

    def sentence_texts(self, limit: int) -> list[str]:
        with self._read() as db:
            return [r[0] for r in db.execute(
                'SELECT substr(d.text, s.start + 1, s."end" - s.start) FROM sentences s JOIN documents d '
                "ON d.id = s.document ORDER BY s.document, s.position LIMIT %s", (limit,))]

    def close(self) -> None:
        """Nothing to do: the pool is the process's, shared by every view of this URL (a reload's too)."""


# -- writing ----------------------------------------------------------------------------

@contextlib.contextmanager
def build_lock(url: str):
    """One build at a time per database: a session advisory lock, released if the builder dies."""
    db = connect(url)
    try:
        if not db.execute("SELECT pg_try_advisory_lock(%s)", (BUILD_LOCK,)).fetchone()[0]:
            raise IndexLocked(f"another build of {redact(url)} is running — wait for it to finish")
        try:
            yield
        finally:
            # Now, not when the server gets round to ending this session: the next build may be a moment away.
            with contextlib.suppress(psycopg.Error):  # a lost connection has released it already
                db.execute("SELECT pg_advisory_unlock(%s)", (BUILD_LOCK,))
    finally:
        db.close()


def _copy(db: psycopg.Connection, table: str, columns: list[tuple[str, str]], rows: Iterable[tuple]) -> None:
    """Binary COPY: vectors travel as fp16 bytes, not as text."""
    names = ", ".join(f'"{name}"' for name, _ in columns)
    with db.cursor().copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([kind for _, kind in columns])
        for row in rows:
            copy.write_row(row)


DOCUMENT_COLUMNS = [("id", "bigint"), ("doc_id", "text"), ("title", "text"), ("text", "text"),
                    ("fingerprint", "text"), ("size", "bigint"), ("mtime_ns", "bigint"), ("published", "text"),
                    ("url", "text"), ("source", "text"), ("author", "text"), ("language", "text"),
                    ("published_at", "float8"), ("chunks", "integer"), ("sentences", "integer"), ("words", "integer")]
SENTENCE_COLUMNS = [("document", "bigint"), ("position", "integer"), ("paragraph", "integer"), ("start", "integer"),
                    ("end", "integer"), ("terms", "integer"), ("hash", "bytea"), ("vector", "halfvec")]
CHUNK_COLUMNS = [("id", "bigint"), ("document", "bigint"), ("paragraph", "integer"), ("start", "integer"),
                 ("end", "integer"), ("first_sentence", "integer"), ("last_sentence", "integer"),
                 ("terms", "integer"), ("tf", "jsonb"), ("hash", "bytea"), ("vector", "halfvec")]


COUNTS = ("documents", "chunks", "sentences", "words", "chunk_terms", "sentence_terms")  # the manifest's


class PostgresWriter:
    """Applies one build to the database at ``url`` in a single transaction (see ``base.IndexWriter``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = connect(url)
        try:
            migrate(self.db, url)  # a database of a newer schema is refused here
            register_vector(self.db)
        except psycopg.OperationalError as exc:
            self.db.close()
            raise unavailable(url, exc) from None
        except BaseException:
            self.db.close()
            raise
        try:
            self.manifest: Manifest | None = _read_manifest(self.db, url)
        except (IndexDamaged, IndexMismatch, IndexNotFound):
            self.manifest = None  # nothing readable yet: everything is rebuilt

    def close(self) -> None:
        self.db.close()

    def stamps(self) -> dict[str, tuple[int, int, str]]:
        if self.manifest is None:
            return {}
        return {d: (s, m, f) for d, s, m, f in self.db.execute(
            "SELECT doc_id, size, mtime_ns, fingerprint FROM documents")}

    def cached_vectors(self, hashes: Iterable[bytes]) -> dict[bytes, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        tables = ["sentences", "chunks"] + (["pg_temp.cache"] if self._cache else [])
        found: dict[bytes, np.ndarray] = {}
        for table in tables:
            part = [h for h in wanted if h not in found]
            if part:
                # One row a hash, not every row that has it: a sentence an archive repeats (a dateline,
                # a boilerplate line) may be in thousands of articles.
                for h, data in self.db.execute(
                        f"SELECT h, (SELECT halfvec_send(vector) FROM {table} WHERE hash = h LIMIT 1) "
                        f"FROM unnest(%s::bytea[]) AS h", (part,)):
                    if data is not None:
                        found[bytes(h)] = _halfvecs(bytes(data), (len(data) - 4) // 2)[0]
        return found

    _cache = False
    _counts: Counter | None = None  # the manifest's counts, kept up to date by an incremental build

    def begin(self, everything: bool, keep_vectors: bool) -> None:
        self.db.execute("BEGIN")
        # Rows this build writes are unknown to the planner's statistics (taken before it began), so
        # it would scan whole tables, again at every batch, for what the indexes find at once.
        self.db.execute("SET LOCAL enable_seqscan = off")
        self._cache = everything and keep_vectors
        # An incremental build counts what it adds and removes; counting whole tables at the commit
        # would make adding one article cost as much as scanning the archive.
        self._counts = None if everything or self.manifest is None else Counter(self.manifest.counts)
        if everything:
            if keep_vectors:
                self.db.execute("CREATE TEMP TABLE cache ON COMMIT DROP AS SELECT hash, vector FROM sentences "
                                "UNION ALL SELECT hash, vector FROM chunks")
                self.db.execute("CREATE INDEX ON pg_temp.cache (hash)")
            # DELETE, not TRUNCATE: readers keep answering from the old rows until the commit.
            for table in ("documents", "vocabulary", "keyword_df"):
                self.db.execute(f"DELETE FROM {table}")

    def remove(self, doc_ids: Iterable[str]) -> None:
        """Delete these articles: their chunks and sentences go by cascade, their words and terms are counted out."""
        doc_ids = list(dict.fromkeys(doc_ids))
        if not doc_ids:
            return
        texts, emptied, removed = self.db.execute(
            "WITH gone AS (SELECT id FROM documents WHERE doc_id = ANY(%(ids)s)), "
            "terms AS (SELECT t AS term, count(*) AS n FROM chunks, jsonb_object_keys(tf) AS t "
            "          WHERE document IN (SELECT id FROM gone) GROUP BY t), "
            "counted AS (UPDATE keyword_df k SET chunks = k.chunks - terms.n FROM terms WHERE k.term = terms.term "
            "            RETURNING k.term, k.chunks), "
            "deleted AS (DELETE FROM documents WHERE id IN (SELECT id FROM gone) "
            "            RETURNING text, chunks, sentences, words) "
            "SELECT (SELECT coalesce(array_agg(text), '{}') FROM deleted), "
            "       (SELECT coalesce(array_agg(term), '{}') FROM counted WHERE chunks <= 0), "
            "       ARRAY[(SELECT count(*) FROM deleted), (SELECT coalesce(sum(chunks), 0) FROM deleted), "
            "             (SELECT coalesce(sum(sentences), 0) FROM deleted), "
            "             (SELECT coalesce(sum(words), 0) FROM deleted), "
            "             (SELECT coalesce(sum(terms), 0) FROM chunks WHERE document IN (SELECT id FROM gone)), "
            "             (SELECT coalesce(sum(terms), 0) FROM sentences WHERE document IN (SELECT id FROM gone))]",
            {"ids": doc_ids}).fetchone()
        if self._counts is not None:
            self._counts.subtract(dict(zip(COUNTS, map(int, removed))))
        # Only the terms and words these articles had can have run out: never a scan of the whole table.
        self.db.execute("DELETE FROM keyword_df WHERE term = ANY(%s)", (emptied,))
        words = sum((vocabulary(t) for t in texts), Counter())
        if words:
            unused = [w for (w,) in self.db.execute(
                "WITH counted AS (UPDATE vocabulary v SET count = v.count - w.n "
                "FROM unnest(%s::text[], %s::int[]) AS w(word, n) WHERE v.word = w.word RETURNING v.word, v.count) "
                "SELECT word FROM counted WHERE count <= 0", (list(words), list(words.values())))]
            self.db.execute("DELETE FROM vocabulary WHERE word = ANY(%s)", (unused,))

    def add(self, documents: list[PreparedDocument]) -> None:
        """Insert these articles (any older rows of theirs are removed first)."""
        self.remove(d.doc_id for d in documents)
        if not documents:
            return
        db = self.db
        doc_ids = self._ids("documents", len(documents))
        chunk_ids = iter(self._ids("chunks", sum(len(d.chunks) for d in documents)))
        _copy(db, "documents", DOCUMENT_COLUMNS, [
            (i, d.doc_id, d.title, d.text, d.fingerprint, d.size, d.mtime_ns, d.published, d.url, d.source, d.author,
             d.language, d.published_at, len(d.chunks), len(d.sentences), d.words) for i, d in zip(doc_ids, documents)])
        _copy(db, "sentences", SENTENCE_COLUMNS, [
            (i, position, *row, HalfVector(vector)) for i, d in zip(doc_ids, documents)
            for position, (row, vector) in enumerate(zip(d.sentences, d.sentence_vectors))])
        chunk_rows, df, words = [], Counter(), Counter()
        for i, d in zip(doc_ids, documents):
            for (paragraph, start, end, first, last, h), vector in zip(d.chunks, d.chunk_vectors):
                terms = keyword_terms(d.text[start:end])
                tf = Counter(terms)
                df.update(tf.keys())
                chunk_rows.append((next(chunk_ids), i, paragraph, start, end, first, last, len(terms), Jsonb(tf), h,
                                   HalfVector(vector)))
            words.update(vocabulary(d.text))
        _copy(db, "chunks", CHUNK_COLUMNS, chunk_rows)
        if self._counts is not None:
            self._counts.update(dict(zip(COUNTS, (
                len(documents), len(chunk_rows), sum(len(d.sentences) for d in documents),
                sum(d.words for d in documents), sum(row[7] for row in chunk_rows),
                sum(row[3] for d in documents for row in d.sentences)))))
        db.execute("INSERT INTO keyword_df (term, chunks) SELECT * FROM unnest(%s::text[], %s::int[]) "
                   "ON CONFLICT (term) DO UPDATE SET chunks = keyword_df.chunks + excluded.chunks",
                   (list(df), list(df.values())))
        rows = vocabulary_rows(words)
        db.execute("INSERT INTO vocabulary (word, skeleton, latin, count) "
                   "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[]) "
                   "ON CONFLICT (word) DO UPDATE SET count = vocabulary.count + excluded.count",
                   [list(column) for column in zip(*rows)] if rows else [[], [], [], []])

    def document_count(self) -> int:
        if self._counts is not None:
            return self._counts["documents"]
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def touch(self, stamps: list[tuple[str, int, int]]) -> None:
        with self.db.cursor() as cursor:
            cursor.executemany("UPDATE documents SET size = %s, mtime_ns = %s WHERE doc_id = %s",
                               [(s, m, d) for d, s, m in stamps])

    def commit(self, manifest: Manifest, changed: bool = True) -> Manifest:
        """Make the vector index if there is none, write the manifest, and commit."""
        if not changed:
            self.db.execute("COMMIT")
            return self.manifest
        counts = self._counts if self._counts is not None else dict(zip(COUNTS, self.db.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), (SELECT count(*) FROM sentences), "
            "(SELECT coalesce(sum(words), 0) FROM documents), (SELECT coalesce(sum(terms), 0) FROM chunks), "
            "(SELECT coalesce(sum(terms), 0) FROM sentences)").fetchone()))
        counts = {k: int(counts[k]) for k in COUNTS}
        self._vector_index(int(manifest.dim))
        generation = (self.manifest.generation if self.manifest else 0) + 1
        manifest = replace(manifest, counts=counts, generation=generation,
                           ann={"kind": "hnsw", "vector": "halfvec", "dim": manifest.dim, **HNSW,
                                "ef_search": EF_SEARCH})
        self._write_meta(manifest)
        self.db.execute("COMMIT")
        self.manifest = manifest
        return manifest

    def rollback(self) -> None:
        if self.db.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self.db.execute("ROLLBACK")

    def _write_meta(self, manifest: Manifest) -> None:
        rows = [("manifest", manifest.to_json()), ("generation", str(manifest.generation)),
                *((k, str(v)) for k, v in manifest.counts.items())]
        self.db.execute("INSERT INTO meta (key, value) SELECT * FROM unnest(%s::text[], %s::text[]) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        ([k for k, _ in rows], [v for _, v in rows]))

    def _ids(self, table: str, n: int) -> list[int]:
        return [i for (i,) in self.db.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", (n,))]

    def _vector_index(self, dim: int) -> None:
        """The HNSW index for vectors of ``dim`` dimensions, made by the first build that has them.

        Built once over every row (much faster than growing it row by row); later builds add to
        it. It is partial (only rows of ``dim``): rows of another embedder that this transaction
        deleted are still alive for readers, so an index over them all could not be built now.
        Indexes of other dimensions are dropped last, holding their brief lock only until commit.
        """
        name = f"chunks_vector_{dim}"
        if self.db.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is None:
            # the graph must fit in memory or the build slows down severalfold: ~1.2 kB a chunk at 384
            # dimensions, so 1 GB holds ~800,000 chunks (160,000 articles like the bench's)
            self.db.execute("SET LOCAL maintenance_work_mem = '1GB'")
            self.db.execute(f"CREATE INDEX {name} ON chunks USING hnsw ((vector::halfvec({dim})) halfvec_ip_ops) "
                            f"WITH (m = {HNSW['m']}, ef_construction = {HNSW['ef_construction']}) "
                            f"WHERE vector_dims(vector) = {dim}")
        for (other,) in self.db.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'chunks' "
                                        "AND indexname LIKE 'chunks\\_vector\\_%%' AND indexname <> %s", (name,)):
            self.db.execute(f"DROP INDEX {other}")

