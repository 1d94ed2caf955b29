"""Near-duplicate texts: MinHash signatures over word 5-grams, banded for lookup.

Two copies of a syndicated story differ in a dateline, an agency credit, a sentence of intro;
their sets of word 5-grams still overlap by far more than 0.8 (Jaccard), while different stories
about the same event share almost none. MinHash estimates that Jaccard from 120 numbers per
article; cutting the 120 into 20 bands of 6 makes a pair with Jaccard 0.8 share at least one band
with probability 1 - (1 - 0.8^6)^20 ≈ 0.998 (and a pair at 0.5 only ≈ 0.27), so a lookup is 20
indexed reads however big the archive is, and only the few candidates found are compared.
"""

from __future__ import annotations

import hashlib

import numpy as np

from ..text import normalise, words

SHINGLE = 5  # words per shingle
PERMUTATIONS = 120
BANDS, ROWS = 20, 6  # BANDS * ROWS == PERMUTATIONS
THRESHOLD = 0.8  # estimated Jaccard from which two texts are one story


def _seeds(label: str) -> np.ndarray:
    # Derived from fixed labels, not a random generator, so signatures stored today still compare
    # with signatures computed by any later numpy.
    return np.array([int.from_bytes(hashlib.blake2b(f"{label}{i}".encode(), digest_size=8).digest(), "little")
                     for i in range(PERMUTATIONS)], dtype=np.uint64)


_MULTIPLY = _seeds("khabar-minhash-a") | np.uint64(1)  # odd multipliers
_ADD = _seeds("khabar-minhash-b")


def signature(text: str) -> np.ndarray:
    """The text's MinHash signature: ``PERMUTATIONS`` unsigned 32-bit values."""
    tokens = words(normalise(text))
    shingles = {" ".join(tokens[i:i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1))}
    hashes = np.array([int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
                       for s in shingles], dtype=np.uint64)
    # multiply-add-shift hashing, one function per permutation; uint64 arithmetic wraps by design
    with np.errstate(over="ignore"):
        mixed = (hashes[:, None] * _MULTIPLY[None, :] + _ADD[None, :]) >> np.uint64(32)
    return mixed.min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (band number included), for an SQLite index."""
    rows = sig.reshape(BANDS, ROWS)
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + rows[band].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for band in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' 5-gram sets."""
    return float(np.mean(a == b))
