import logging

import pytest

from index.corpus import read_corpus
from index.errors import CorpusError


def test_titles_from_first_line_or_front_matter(tmp_path):
    (tmp_path / "a.txt").write_text("पहली पंक्ति शीर्षक\n\nपाठ।", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: \"सामने का शीर्षक\"\n---\n# शीर्षक\n\n**मोटा** पाठ।", encoding="utf-8")
    a, b = read_corpus(tmp_path)
    assert (a.doc_id, a.title) == ("a.txt", "पहली पंक्ति शीर्षक")
    assert (b.doc_id, b.title) == ("b.md", "सामने का शीर्षक")
    assert "**" not in b.text and "#" not in b.text


def test_a_binary_file_is_skipped_with_a_warning_naming_it(tmp_path, caplog):
    (tmp_path / "good.txt").write_text("ठीक है।", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    skipped = []
    with caplog.at_level(logging.WARNING):
        documents = read_corpus(tmp_path, skipped)
    assert [d.doc_id for d in documents] == ["good.txt"]
    assert skipped == [str(tmp_path / "photo.txt")]
    assert "photo.txt" in caplog.text


@pytest.mark.parametrize("setup, message", [
    (lambda p: None, "does not exist"),
    (lambda p: p.mkdir(), "no readable"),
    (lambda p: (p.mkdir(), (p / "x.txt").write_bytes(b"\xff\xfe\x00")), "no readable"),
    (lambda p: (p.mkdir(), (p / "x.txt").write_text("  \n\n", encoding="utf-8")), "no readable"),
])
def test_unusable_corpus_is_a_clear_error(tmp_path, setup, message):
    corpus = tmp_path / "corpus"
    setup(corpus)
    with pytest.raises(CorpusError, match=message):
        read_corpus(corpus)
