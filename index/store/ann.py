"""Nearest neighbours over chunk vectors: exact below a size, approximate above it.

- up to ``EXACT_LIMIT`` chunks: ``IndexFlatIP`` (vectors are unit length, so inner product is
  cosine) — no training, no recall loss, and a scan of that many vectors takes a few ms;
- above it: IVF with 8-bit scalar quantisation (a quarter of the memory of fp32), which,
  unlike HNSW, removes vectors in place, so changing one article never rebuilds the index.
  Search asks for more neighbours than it needs, and the caller re-scores them exactly
  from the stored vectors, so quantisation error costs ranking nothing.

Both are wrapped with their ids (chunk row ids), so ``remove_ids``/``add_with_ids`` keep
an index in step with the database one article at a time. The structure is trained once;
when the archive has grown (or shrunk) fourfold since, it is trained again from the stored
vectors. Files are written whole under a new name, with their size and CRC in the
manifest, and are only ever replaced by pointing the manifest at a new file.
"""

from __future__ import annotations

import math
import os
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

import faiss
import numpy as np

from ..errors import IndexDamaged

EXACT_LIMIT = 20_000  # chunks; see README "Scale" for the measurement behind it
# Lists visited per query: an eighth of them. On the scale bench (10,000 articles, 901 lists),
# 48 lists gave 0.965 top-1 agreement with exact search, 96 gave 0.99 and 160 0.995.
PROBE_SHARE, MIN_PROBES = 1 / 8, 64
RETRAIN_GROWTH = 4.0
TRAIN_SAMPLE_PER_LIST = 40


@dataclass(frozen=True)
class AnnSpec:
    kind: str  # "flat" or "ivf-sq8"
    nlist: int = 0
    nprobe: int = 0
    trained_on: int = 0  # chunks when the structure was trained

    def as_dict(self) -> dict:
        return asdict(self)


def spec_for(count: int) -> AnnSpec:
    if count <= EXACT_LIMIT:
        return AnnSpec("flat")
    nlist = int(min(8192, max(256, 4 * math.sqrt(count))))
    return AnnSpec("ivf-sq8", nlist=nlist, nprobe=min(nlist, max(MIN_PROBES, int(nlist * PROBE_SHARE))), trained_on=count)


def needs_retraining(spec: AnnSpec, count: int) -> bool:
    """True when the index type no longer suits ``count`` chunks."""
    wanted = "flat" if count <= EXACT_LIMIT else "ivf-sq8"
    if wanted != spec.kind:
        return True
    return spec.kind == "ivf-sq8" and not (spec.trained_on / RETRAIN_GROWTH <= count <= spec.trained_on * RETRAIN_GROWTH)


def build(spec: AnnSpec, dim: int, batches: Iterator[tuple[np.ndarray, np.ndarray]], sample: np.ndarray) -> faiss.Index:
    """A new index of type ``spec``, trained on ``sample``, filled from (ids, vectors) batches."""
    if spec.kind == "flat":
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, spec.nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(sample, np.float32))
        index.nprobe = spec.nprobe
    for ids, vectors in batches:
        add(index, ids, vectors)
    return index


def training_sample_size(spec: AnnSpec) -> int:
    return spec.nlist * TRAIN_SAMPLE_PER_LIST


def add(index: faiss.Index, ids: np.ndarray, vectors: np.ndarray) -> None:
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vectors, np.float32), np.ascontiguousarray(ids, np.int64))


def remove(index: faiss.Index, ids: np.ndarray) -> None:
    if len(ids):
        index.remove_ids(faiss.IDSelectorBatch(np.ascontiguousarray(ids, np.int64)))


def search(index: faiss.Index, queries: np.ndarray, k: int) -> np.ndarray:
    """Ids of the ``k`` nearest chunks of any of the query vectors (unsorted, no -1s)."""
    if index.ntotal == 0 or len(queries) == 0:
        return np.zeros(0, np.int64)
    # One thread: a question is a handful of vectors, for which OpenMP's start-up costs more
    # than the scan (7 ms against 0.6 ms here), and the bot already runs questions in parallel.
    faiss.omp_set_num_threads(1)
    _, ids = index.search(np.ascontiguousarray(queries, np.float32), min(k, index.ntotal))
    return np.unique(ids[ids >= 0])


def write(index: faiss.Index, path: Path) -> dict:
    """Write ``index`` to ``path`` durably; returns what the manifest records to check it."""
    data = faiss.serialize_index(index).tobytes()
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return {"file": path.name, "size": len(data), "crc32": zlib.crc32(data)}


def read(path: Path, expected: dict, spec: AnnSpec) -> faiss.Index:
    """Read and check an index file against the manifest's record of it."""
    rebuild = "rebuild it with `python -m index build --force`"
    try:
        data = path.read_bytes()
    except OSError:
        raise IndexDamaged(f"index at {path.parent} is damaged ({path.name} is missing) — {rebuild}") from None
    if len(data) != expected.get("size") or zlib.crc32(data) != expected.get("crc32"):
        raise IndexDamaged(f"index at {path.parent} is damaged ({path.name} does not match the manifest) — {rebuild}")
    try:
        index = faiss.deserialize_index(np.frombuffer(data, np.uint8))
    except RuntimeError:
        raise IndexDamaged(f"index at {path.parent} is damaged ({path.name} is unreadable) — {rebuild}") from None
    if spec.kind == "ivf-sq8":
        faiss.extract_index_ivf(index).nprobe = spec.nprobe
    return index
