"""The embedded store: one SQLite database and one FAISS file in the index directory.

Layout of ``data/index/`` (the directory; mount its parent in containers):

    index.sqlite (+ -wal, -shm)   records, vectors (float16), keywords (FTS5), vocabulary, manifest
    chunks-<generation>.faiss     nearest-neighbour structure over chunk vectors (ann.py)
    ../.index.lock                held by the one build that may run at a time

A build writes the new FAISS file first, then commits every row change and the manifest
that names the new file in one SQLite transaction, then deletes files no manifest names.
Killed before the commit, it leaves the database as it was and an orphan file that the
next build removes. Readers open a read transaction per question, so the rows they see
are one committed corpus; a reader still holding an older FAISS file may be offered ids
of chunks deleted since, which no longer have rows and so drop out, never showing text
that a build removed. Row ids are never reused (AUTOINCREMENT).
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import sqlite3
import threading
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from . import ann
from ..errors import IndexDamaged, IndexLocked, IndexMismatch, IndexNotFound
from ..language.keywords import bm25, term_counts, terms as keyword_terms
from ..manifest import Manifest, check_manifest
from .records import Candidates, DocumentInfo, KeywordStats, PassageRecord, PreparedDocument, SentenceRecord
from .schema import DATABASE, connect
from .vocabulary import vocabulary as _vocabulary, vocabulary_rows

KEYWORD_POSTINGS = 10_000  # postings FTS5 may rank per question to find keyword matches (~0.85 µs each here)
DF_CACHED = 200_000  # terms whose chunk counts a reader keeps (a few MB) before starting afresh
REBUILD = "rebuild it with `python -m index build`"
_FORMAT_1_FILES = ("manifest.json", "records.json", "chunks.faiss", "sentences.faiss")


def _blob(vectors: np.ndarray) -> list[bytes]:
    return [row.tobytes() for row in np.asarray(vectors, np.float16)]


def _matrix(blobs: list[bytes], dim: int) -> np.ndarray:
    if not blobs:
        return np.zeros((0, dim), np.float32)
    return np.frombuffer(b"".join(blobs), np.float16).reshape(-1, dim).astype(np.float32)


def _term_blobs(text_terms: list[str]) -> tuple[bytes, bytes]:
    hashes, counts = term_counts(text_terms)
    return hashes.tobytes(), counts.tobytes()


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _rarest(df: dict[str, int], budget: int) -> list[str]:
    """The rarest terms the corpus has, while their posting lists fit in ``budget``."""
    chosen, total = [], 0
    for term, count in sorted(df.items(), key=lambda kv: kv[1]):
        if total + count > budget:
            break
        chosen.append(term)
        total += count
    return chosen


def fts_query(query_terms: Iterable[str]) -> str:
    """An FTS5 query matching any of the terms, each quoted so no term is read as syntax."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(query_terms))


def _check_layout(path: Path) -> None:
    if path.is_symlink() or (path / "manifest.json").exists():
        raise IndexMismatch(f"index at {path} has an older format (before 2) — {REBUILD}")


def _read_manifest(db: sqlite3.Connection, path: Path) -> Manifest:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise IndexDamaged(f"index at {path} is damaged ({exc}) — {REBUILD}") from None
    if row is None:
        raise IndexDamaged(f"index at {path} has no manifest (a build never finished) — {REBUILD}")
    return check_manifest(row[0], str(path), REBUILD)


class EmbeddedIndex:
    """A read view of the index at ``path``: what search, the CLI and the bot read.

    Opening costs a FAISS file read and nothing proportional to the archive in Python:
    records stay in SQLite and are fetched per question for the few chunks concerned.
    Safe to share between threads: each thread gets its own connection.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _check_layout(self.path)
        if not (self.path / DATABASE).is_file():
            raise IndexNotFound(self.path)
        self._local = threading.local()
        self._df: tuple[int | None, dict[str, int]] = (None, {})  # (generation, chunks holding each term)
        for attempt in range(3):  # a build may replace the FAISS file between reading the manifest and it
            self.manifest = _read_manifest(self._db(), self.path)
            try:
                self._ann = ann.read(self.path / self.manifest.ann["file"], self.manifest.ann,
                                     ann.AnnSpec(**{k: v for k, v in self.manifest.ann.items()
                                                    if k in ann.AnnSpec.__dataclass_fields__}))
                break
            except IndexDamaged:
                if attempt == 2 or self.generation() == self.manifest.generation:
                    raise
        self.version = f"{self.path}#{self.manifest.generation}"
        self.dim = self.manifest.dim

    # -- connections -------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path / DATABASE)
        return db

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every SELECT inside sees the same committed corpus."""
        db = self._db()
        db.execute("BEGIN")
        try:
            yield db
        except sqlite3.DatabaseError as exc:  # a file damaged or made by another version of this format
            raise IndexDamaged(f"index at {self.path} is damaged ({exc}) — {REBUILD}") from None
        finally:
            db.execute("COMMIT")

    def generation(self) -> int:
        """The generation committed now (a cheap read: the bot checks it per question)."""
        try:
            row = self._db().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.DatabaseError:
            return self.manifest.generation
        return int(row[0]) if row else self.manifest.generation

    # -- search ------------------------------------------------------------------------
    def candidates(self, queries: np.ndarray, query_terms: list[str], n: int) -> Candidates:
        """Chunks near any query vector, plus the best keyword matches, with their vectors.

        Nearest neighbours come from FAISS (approximate above ann.EXACT_LIMIT); the caller
        re-scores them from the stored vectors, so only membership is approximate. Keyword
        matches come from FTS5 for the question's rarer terms only (up to KEYWORD_POSTINGS
        postings): a common word's posting list grows with the archive, and what it would
        add, the dense side finds anyway. Every candidate's BM25 counts every query term.
        """
        dense = ann.search(self._ann, queries, n)
        with self._snapshot() as db:
            stats = self._stats(db, query_terms)
            rare = _rarest(stats.df, KEYWORD_POSTINGS)
            found = [r for (r,) in db.execute(
                "SELECT rowid FROM chunk_terms WHERE chunk_terms MATCH ? ORDER BY rank LIMIT ?",
                (fts_query(rare), n))] if rare else []
            ids = sorted(set(map(int, dense)) | set(found))
            rows = db.execute(
                f"SELECT c.id, c.document, c.start, c.end, c.first_sentence, c.last_sentence, c.terms, c.term_hashes, "
                f"c.term_counts, c.vector, d.published_at FROM chunks c JOIN documents d ON d.id = c.document "
                f"WHERE c.id IN ({_marks(len(ids))}) ORDER BY c.id", ids).fetchall() if ids else []
            spans = [(r[4], r[5]) for r in rows]
            wanted = sorted({s for lo, hi in spans for s in range(lo, hi + 1)})
            sentence_rows = dict(db.execute(
                f"SELECT id, vector FROM sentences WHERE id IN ({_marks(len(wanted))})", wanted).fetchall()
                if wanted else [])
        order = [s for lo, hi in spans for s in range(lo, hi + 1)]
        if any(s not in sentence_rows for s in order):  # cannot happen within one snapshot
            raise IndexDamaged(f"index at {self.path} is damaged (a chunk's sentences are missing) — {REBUILD}")
        keyword = bm25(query_terms, stats.df, stats.chunks, stats.average_chunk_terms,
                       [np.frombuffer(r[7], np.uint32) for r in rows], [np.frombuffer(r[8], np.uint16) for r in rows],
                       np.array([r[6] for r in rows]))
        return Candidates(
            chunk_ids=np.array([r[0] for r in rows], np.int64), documents=np.array([r[1] for r in rows], np.int64),
            starts=np.array([r[2] for r in rows], np.int64), ends=np.array([r[3] for r in rows], np.int64),
            chunk_vectors=_matrix([r[9] for r in rows], self.dim), keyword=keyword,
            published=np.array([np.nan if r[10] is None else r[10] for r in rows], np.float64),
            sentence_vectors=_matrix([sentence_rows[s] for s in order], self.dim),
            sentence_offsets=np.cumsum([0] + [hi - lo + 1 for lo, hi in spans]).astype(np.int64))

    def _stats(self, db: sqlite3.Connection, query_terms: list[str]) -> KeywordStats:
        counts = {k: int(v) for k, v in db.execute("SELECT key, value FROM meta WHERE key IN "
                                                   "('generation', 'chunks', 'sentences', 'chunk_terms', 'sentence_terms')")}
        # fts5vocab counts a term's chunks by walking its whole posting list: milliseconds for a common
        # word in a large archive, and a bot's questions keep sharing their common words. So counts are
        # kept, for the generation they were read in: any build that commits starts them afresh.
        generation, cached = self._df
        if generation != counts.get("generation") or len(cached) > DF_CACHED:
            generation, cached = self._df = counts.get("generation"), {}
        missing = sorted(set(query_terms) - cached.keys())
        if missing:
            found = dict(db.execute(f"SELECT term, doc FROM chunk_vocabulary WHERE term IN ({_marks(len(missing))})",
                                    missing).fetchall())
            cached.update((term, found.get(term, 0)) for term in missing)
        return KeywordStats.from_counts(counts, {t: cached[t] for t in set(query_terms) if cached[t]})

    def keyword_stats(self, query_terms: list[str]) -> KeywordStats:
        with self._snapshot() as db:
            return self._stats(db, query_terms)

    def passages(self, chunk_ids: list[int]) -> dict[int, PassageRecord]:
        """Texts, sentences and article metadata of these chunks (deleted ones are absent)."""
        if not chunk_ids:
            return {}
        with self._snapshot() as db:
            rows = db.execute(
                "SELECT c.id, c.paragraph, c.start, c.end, c.first_sentence, c.last_sentence, "
                "substr(d.text, c.start + 1, c.end - c.start), d.doc_id, d.title, d.url, d.published, d.source "
                f"FROM chunks c JOIN documents d ON d.id = c.document WHERE c.id IN ({_marks(len(chunk_ids))})",
                chunk_ids).fetchall()
            out = {}
            for cid, paragraph, start, end, first, last, text, doc_id, title, url, published, outlet in rows:
                sentences = [SentenceRecord(*r) for r in db.execute(
                    "SELECT start, end, paragraph, terms FROM sentences WHERE id BETWEEN ? AND ? ORDER BY id",
                    (first, last))]
                out[cid] = PassageRecord(cid, text, start, end, paragraph, sentences, doc_id, title, url,
                                         published, outlet)
        return out

    # -- the corpus --------------------------------------------------------------------
    def words_by_skeleton(self, key: str) -> list[tuple[str, str, int]]:
        """Corpus words whose romanized consonant skeleton is ``key``: (word, latin, count)."""
        return self._db().execute("SELECT word, latin, count FROM vocabulary WHERE skeleton = ?", (key,)).fetchall()

    def frequent_words(self, n: int = 50) -> list[str]:
        return [w for (w,) in self._db().execute("SELECT word FROM vocabulary ORDER BY count DESC LIMIT ?", (n,))]

    def documents(self, limit: int = 20) -> list[DocumentInfo]:
        """Articles, newest first (by publication date, then by when they were indexed)."""
        return [DocumentInfo(*r) for r in self._db().execute(
            "SELECT doc_id, title, published, url, source, chunks, sentences FROM documents "
            "ORDER BY published_at IS NULL, published_at DESC, id DESC LIMIT ?", (limit,))]

    def document_text(self, doc_id: str) -> str | None:
        row = self._db().execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def sentence_texts(self, limit: int) -> list[str]:
        """Some sentences of the corpus, in order (for benchmarks that need realistic questions)."""
        return [r[0] for r in self._db().execute(
            "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM sentences s JOIN documents d "
            "ON d.id = s.document ORDER BY s.id LIMIT ?", (limit,))]

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


# -- writing ---------------------------------------------------------------------------

@contextlib.contextmanager
def build_lock(path: Path):
    """One build at a time per index path; a second one fails fast instead of racing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(f"another build of {path} is running — wait for it to finish") from None
        yield


class EmbeddedWriter:
    """Applies one build's changes to the index at ``path`` in a single transaction.

    Use inside ``build_lock(path)``: ``begin``, then ``remove``/``add``/``touch`` as often as
    needed (articles stream through in batches), then ``commit`` — or ``rollback``.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _replace_format_1(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path / DATABASE, write=True)
        try:
            self.manifest: Manifest | None = _read_manifest(self.db, self.path)
        except (IndexDamaged, IndexMismatch):
            self.manifest = None  # unreadable or older: everything is rebuilt

    def close(self) -> None:
        self.db.close()

    def stamps(self) -> dict[str, tuple[int, int, str]]:
        """doc_id → (size, mtime_ns, fingerprint) of every indexed article."""
        if self.manifest is None:
            return {}
        return {d: (s, m, f) for d, s, m, f in self.db.execute("SELECT doc_id, size, mtime_ns, fingerprint FROM documents")}

    def cached_vectors(self, hashes: Iterable[bytes]) -> dict[bytes, np.ndarray]:
        """Vectors already stored for texts with these hashes (an edited article keeps most).

        Only meaningful for the embedder that made the index; the caller checks that.
        """
        wanted = list(dict.fromkeys(hashes))
        found: dict[bytes, np.ndarray] = {}
        tables = ["sentences", "chunks"]
        if self.db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'cache'").fetchone():
            tables.append("temp.cache")
        for table in tables:
            for lo in range(0, len(wanted), 900):
                part = [h for h in wanted[lo:lo + 900] if h not in found]
                if part:
                    for h, blob in self.db.execute(
                            f"SELECT hash, vector FROM {table} WHERE hash IN ({_marks(len(part))}) GROUP BY hash", part):
                        found[h] = np.frombuffer(blob, np.float16).astype(np.float32)
        return found

    def begin(self, everything: bool, keep_vectors: bool) -> None:
        """Start the build's one transaction.

        ``everything``: the recipe changed (or there is no readable manifest), so all rows go;
        ``keep_vectors``: the embedder is the one that made them, so they still serve as a cache.
        """
        self.db.execute("BEGIN IMMEDIATE")
        self._rebuild_ann = everything or self.manifest is None
        self._removed: list[np.ndarray] = []
        self._added: list[tuple[np.ndarray, np.ndarray]] = []
        if everything:
            if keep_vectors:
                self.db.execute("CREATE TEMP TABLE cache AS SELECT hash, vector FROM sentences "
                                "UNION ALL SELECT hash, vector FROM chunks")
                self.db.execute("CREATE INDEX temp.cache_hash ON cache (hash)")
            self._clear()

    def remove(self, doc_ids: Iterable[str]) -> None:
        self._removed.append(self._delete(list(doc_ids)))

    def add(self, documents: list[PreparedDocument]) -> None:
        """Insert these articles (any older rows of theirs are removed first)."""
        self.remove(d.doc_id for d in documents)
        ids, vectors = self._insert(documents)
        if not self._rebuild_ann:  # a rebuilt structure reads every vector back from the database
            self._added.append((ids, vectors))

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def touch(self, stamps: list[tuple[str, int, int]]) -> None:
        """(doc_id, size, mtime_ns) of articles whose file changed but not its bytes."""
        self.db.executemany("UPDATE documents SET size = ?, mtime_ns = ? WHERE doc_id = ?",
                            [(s, m, d) for d, s, m in stamps])

    def commit(self, manifest: Manifest, changed: bool = True) -> Manifest:
        """Write the vector index and the manifest, and commit. Unchanged rows: no new generation."""
        db = self.db
        if not changed:
            db.execute("COMMIT")
            return self.manifest
        counts = dict(zip(("documents", "chunks", "sentences", "words", "chunk_terms", "sentence_terms"), db.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), (SELECT count(*) FROM sentences), "
            "(SELECT coalesce(sum(words), 0) FROM documents), (SELECT coalesce(sum(terms), 0) FROM chunks), "
            "(SELECT coalesce(sum(terms), 0) FROM sentences)"
        ).fetchone()))
        generation = (self.manifest.generation if self.manifest else 0) + 1
        removed = np.concatenate(self._removed) if self._removed else np.zeros(0, np.int64)
        added_ids = np.concatenate([i for i, _ in self._added]) if self._added else np.zeros(0, np.int64)
        added_vectors = np.vstack([v for i, v in self._added if len(i)]) if len(added_ids) else None
        ann_record = self._update_ann(manifest.dim, generation, counts["chunks"], removed, added_ids,
                                      added_vectors, rebuild=self._rebuild_ann)
        manifest = replace(manifest, counts=counts, generation=generation, ann=ann_record)
        db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
            ("manifest", manifest.to_json()), ("generation", str(generation)),
            *((k, str(v)) for k, v in counts.items())])
        db.execute("COMMIT")
        self.manifest = manifest
        # A big build's transaction fills the write-ahead log; fold it into the database and
        # give the space back (a reader in the middle of a question may defer that: no harm).
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._remove_stale_files()
        return manifest

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def _clear(self) -> np.ndarray:
        for table in ("documents", "chunks", "sentences", "vocabulary"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("INSERT INTO chunk_terms (chunk_terms) VALUES ('delete-all')")
        return np.zeros(0, np.int64)

    def _delete(self, doc_ids: list[str]) -> np.ndarray:
        db, removed = self.db, []
        for doc_id in dict.fromkeys(doc_ids):
            row = db.execute("SELECT id, text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            document, text = row
            chunks = db.execute("SELECT id, start, end FROM chunks WHERE document = ?", (document,)).fetchall()
            # Contentless FTS5 forgets a row only when told the terms it was given.
            db.executemany("INSERT INTO chunk_terms (chunk_terms, rowid, terms) VALUES ('delete', ?, ?)",
                           [(cid, " ".join(keyword_terms(text[s:e]))) for cid, s, e in chunks])
            db.executemany("UPDATE vocabulary SET count = count - ? WHERE word = ?",
                           [(n, w) for w, n in _vocabulary(text).items()])
            for table in ("sentences", "chunks"):
                db.execute(f"DELETE FROM {table} WHERE document = ?", (document,))
            db.execute("DELETE FROM documents WHERE id = ?", (document,))
            removed += [cid for cid, _, _ in chunks]
        db.execute("DELETE FROM vocabulary WHERE count <= 0")
        return np.array(removed, np.int64)

    def _next_id(self, table: str) -> int:
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return (row[0] if row else 0) + 1

    def _insert(self, added: list[PreparedDocument]) -> tuple[np.ndarray, np.ndarray]:
        """Rows for the new articles; ids are assigned here so chunks can name their sentences."""
        db = self.db
        doc_id, chunk_id, sentence_id = self._next_id("documents"), self._next_id("chunks"), self._next_id("sentences")
        chunk_ids, chunk_vectors, vocabulary = [], [], Counter()
        for d in added:
            db.execute("INSERT INTO documents (id, doc_id, title, text, fingerprint, size, mtime_ns, published, url, "
                       "source, author, language, published_at, chunks, sentences, words) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (doc_id, d.doc_id, d.title, d.text, d.fingerprint, d.size, d.mtime_ns, d.published, d.url,
                        d.source, d.author, d.language, d.published_at, len(d.chunks), len(d.sentences),
                        d.words))
            db.executemany("INSERT INTO sentences (id, document, paragraph, start, end, terms, hash, vector) "
                           "VALUES (?,?,?,?,?,?,?,?)",
                           [(sentence_id + i, doc_id, *row, blob) for i, (row, blob)
                            in enumerate(zip(d.sentences, _blob(d.sentence_vectors)))])
            ids = list(range(chunk_id, chunk_id + len(d.chunks)))
            chunk_terms = [keyword_terms(d.text[s:e]) for _, s, e, *_ in d.chunks]
            db.executemany("INSERT INTO chunks (id, document, paragraph, start, end, first_sentence, last_sentence, "
                           "terms, term_hashes, term_counts, hash, vector) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                           [(cid, doc_id, p, s, e, sentence_id + f, sentence_id + l, len(ts), *_term_blobs(ts), h, blob)
                            for cid, (p, s, e, f, l, h), ts, blob in zip(ids, d.chunks, chunk_terms,
                                                                         _blob(d.chunk_vectors))])
            db.executemany("INSERT INTO chunk_terms (rowid, terms) VALUES (?, ?)",
                           [(cid, " ".join(ts)) for cid, ts in zip(ids, chunk_terms)])
            vocabulary.update(_vocabulary(d.text))
            chunk_ids += ids
            chunk_vectors.append(d.chunk_vectors)
            doc_id, chunk_id, sentence_id = doc_id + 1, chunk_id + len(d.chunks), sentence_id + len(d.sentences)
        db.executemany("INSERT INTO vocabulary (word, skeleton, latin, count) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (word) DO UPDATE SET count = count + excluded.count",
                       vocabulary_rows(vocabulary))
        vectors = np.vstack(chunk_vectors) if chunk_vectors else np.zeros((0, 1), np.float32)
        return np.array(chunk_ids, np.int64), vectors

    def _update_ann(self, dim: int, generation: int, count: int, removed: np.ndarray, added: np.ndarray,
                    vectors: np.ndarray, rebuild: bool) -> dict:
        previous = self.manifest.ann if self.manifest else {}
        spec = ann.AnnSpec(**{k: v for k, v in previous.items() if k in ann.AnnSpec.__dataclass_fields__}) \
            if previous else None
        if rebuild or spec is None or ann.needs_retraining(spec, count):
            spec = ann.spec_for(count)
            index = ann.build(spec, dim, self._stored_vectors(dim), self._sample(dim, ann.training_sample_size(spec)))
        else:
            index = ann.read(self.path / previous["file"], previous, spec)
            ann.remove(index, removed)
            ann.add(index, added, vectors)
        return {**spec.as_dict(), **ann.write(index, self.path / f"chunks-{generation}.faiss")}

    def _stored_vectors(self, dim: int, batch: int = 50_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        last = 0
        while True:
            rows = self.db.execute("SELECT id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT ?", (last, batch)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield np.array([r[0] for r in rows], np.int64), _matrix([r[1] for r in rows], dim)

    def _sample(self, dim: int, size: int) -> np.ndarray:
        if size == 0:
            return np.zeros((0, dim), np.float32)
        ids = np.array([i for (i,) in self.db.execute("SELECT id FROM chunks")], np.int64)
        chosen = np.random.default_rng(0).choice(ids, min(size, len(ids)), replace=False).tolist()
        blobs = []
        for lo in range(0, len(chosen), 900):
            part = chosen[lo:lo + 900]
            blobs += [b for (b,) in self.db.execute(f"SELECT vector FROM chunks WHERE id IN ({_marks(len(part))})", part)]
        return _matrix(blobs, dim)

    def _remove_stale_files(self) -> None:
        keep = self.manifest.ann.get("file")
        for stale in self.path.glob("chunks-*.faiss*"):
            if stale.name != keep:
                stale.unlink(missing_ok=True)


def _replace_format_1(path: Path) -> None:
    """An index of format 1 (a symlink to a versioned directory) makes way for this format."""
    if path.is_symlink():
        target = path.resolve()
        path.unlink()
        if target.parent == path.parent and target.name.startswith(f".{path.name}@"):
            shutil.rmtree(target, ignore_errors=True)
        for old in path.parent.glob(f".{path.name}@*"):
            shutil.rmtree(old, ignore_errors=True)
    elif (path / "manifest.json").exists():
        for name in _FORMAT_1_FILES:
            (path / name).unlink(missing_ok=True)

