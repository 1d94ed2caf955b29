import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from index.build import build_index
from index.errors import IndexDamaged, IndexMismatch, IndexNotFound
from index.manifest import FORMAT_VERSION
from index.search import Searcher
from index.store import open_index

ROOT = Path(__file__).resolve().parents[2]


def answers(index_path, embedder, questions=("पुतिन ने क्या कहा?", "कितने सैनिक भेजे?")):
    searcher = Searcher(open_index(index_path), embedder)
    return [a.to_dict() for a in searcher.search_many(list(questions), k=3)]


def test_manifest_records_what_and_how(seed_corpus, tmp_path, fake_embedder):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    index = open_index(tmp_path / "index")
    m = index.manifest
    assert m.format == FORMAT_VERSION and m.embedder_id == fake_embedder.id and m.dim == fake_embedder.dim
    assert m.chunking == {"max_tokens": 450, "overlap_sentences": 1, "heading_tokens": 48}
    assert [d.doc_id for d in m.documents] == ["putin-kim-beijing.txt"] and len(m.documents[0].fingerprint) == 64
    assert m.counts["chunks"] == len(index.chunks) == index.chunk_index.ntotal
    assert m.counts["sentences"] == len(index.sentences) == index.sentence_index.ntotal > 30
    assert m.built_at.endswith("+00:00")


def test_unchanged_rebuild_is_a_no_op_and_a_change_reembeds_only_new_text(seed_corpus, tmp_path, fake_embedder):
    first = build_index(seed_corpus, tmp_path / "index", fake_embedder)
    version = os.readlink(tmp_path / "index")
    again = build_index(seed_corpus, tmp_path / "index", fake_embedder)
    assert again.up_to_date and os.readlink(tmp_path / "index") == version
    (seed_corpus / "new.txt").write_text("नया लेख।\n\nदिल्ली में बारिश हुई।", encoding="utf-8")
    changed = build_index(seed_corpus, tmp_path / "index", fake_embedder)
    assert not changed.up_to_date
    assert changed.reused == first.embedded and 0 < changed.embedded <= 4
    assert open_index(tmp_path / "index").manifest.counts["documents"] == 2


def test_swap_leaves_only_the_current_version(seed_corpus, tmp_path, fake_embedder):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    build_index(seed_corpus, tmp_path / "index", fake_embedder, force=True)
    versions = sorted(p.name for p in tmp_path.glob(".index@*"))
    assert versions == [os.readlink(tmp_path / "index")]


def test_a_failing_build_leaves_the_old_index_untouched(seed_corpus, tmp_path, fake_embedder, monkeypatch):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    before = answers(tmp_path / "index", fake_embedder)
    (seed_corpus / "new.txt").write_text("नया लेख।", encoding="utf-8")
    import index.store

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(index.store.faiss, "write_index", broken)
    with pytest.raises(OSError):
        build_index(seed_corpus, tmp_path / "index", fake_embedder)
    assert answers(tmp_path / "index", fake_embedder) == before
    assert not list(tmp_path.glob("*.tmp"))


KILLABLE_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import index.store
    from index.build import build_index
    from index.embedders import FakeEmbedder
    stage = sys.argv[3]
    class Slow(FakeEmbedder):
        def embed_passages(self, texts):
            if stage == "embedding":
                print("ready", flush=True); time.sleep(60)
            return super().embed_passages(texts)
    real_fsync = index.store._fsync
    def slow_fsync(path):
        if stage == "writing" and path.name == "manifest.json":
            print("ready", flush=True); time.sleep(60)
        real_fsync(path)
    index.store._fsync = slow_fsync
    build_index(Path(sys.argv[1]), Path(sys.argv[2]), Slow(), force=True)
""")


@pytest.mark.parametrize("stage", ["embedding", "writing"])
def test_sigkill_halfway_leaves_the_old_index_answering_as_before(seed_corpus, tmp_path, fake_embedder, stage):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    before = answers(tmp_path / "index", fake_embedder)
    (seed_corpus / "new.txt").write_text("नया लेख। पुतिन ने कुछ और कहा।", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-c", KILLABLE_BUILD, str(seed_corpus), str(tmp_path / "index"), stage],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert answers(tmp_path / "index", fake_embedder) == before
    report = build_index(seed_corpus, tmp_path / "index", fake_embedder)  # the lock died with the process
    assert report.documents == 2 and not list(tmp_path.glob("*.tmp"))


def corrupt_vectors(directory: Path):
    data = bytearray((directory / "chunks.faiss").read_bytes())
    data[-10:] = b"\x00" * 10
    (directory / "chunks.faiss").write_bytes(bytes(data))


def rewrite_manifest(directory: Path, **changes):
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest.update(changes)
    (directory / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("damage, error, message", [
    (corrupt_vectors, IndexDamaged, "chunks.faiss does not match"),
    (lambda d: (d / "records.json").unlink(), IndexDamaged, "records.json is missing"),
    (lambda d: (d / "manifest.json").write_text("{not json"), IndexDamaged, "manifest.json"),
    (lambda d: (d / "manifest.json").unlink(), IndexDamaged, "no manifest.json"),
    (lambda d: rewrite_manifest(d, format=99), IndexMismatch, "format 99"),
    (lambda d: rewrite_manifest(d, files={}), IndexDamaged, "manifest lists"),
])
def test_damage_is_detected_with_a_clear_message(seed_corpus, tmp_path, fake_embedder, damage, error, message):
    build_index(seed_corpus, tmp_path / "index", fake_embedder)
    damage((tmp_path / "index").resolve())
    with pytest.raises(error, match=message):
        open_index(tmp_path / "index")


def test_missing_index_and_other_embedder(seed_corpus, tmp_path, fake_embedder):
    with pytest.raises(IndexNotFound, match="run `python -m index build`"):
        open_index(tmp_path / "nothing")
    build_index(seed_corpus, tmp_path / "index", fake_embedder)

    class Other(type(fake_embedder)):
        id = "fake:other"

    with pytest.raises(IndexMismatch, match="was built with fake:trigram-64"):
        Searcher(open_index(tmp_path / "index"), Other())
