import logging

import pytest

from index.corpus import parse_published, read_corpus
from index.errors import CorpusError
from tests.conftest import SEED


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


def test_front_matter_metadata_is_read_and_the_date_normalised(tmp_path):
    (tmp_path / "a.txt").write_text(
        "---\ntitle: \"शीर्षक: \\\"उद्धरण\\\" सहित\"\ndate: 2025-09-04T10:30:00Z\nurl: https://example.org/a\n"
        "source: UITV\nauthor: राहुल शर्मा\nlanguage: hi\nunknown: ignored\n---\nपाठ।", encoding="utf-8")
    (document,) = read_corpus(tmp_path)
    assert document.title == 'शीर्षक: "उद्धरण" सहित'
    assert (document.published, document.url, document.source, document.author, document.language) == (
        "2025-09-04T10:30:00+00:00", "https://example.org/a", "UITV", "राहुल शर्मा", "hi")
    assert document.text == "पाठ।" and document.date_source is None


@pytest.mark.parametrize("value, expected", [
    ("2025-09-04", "2025-09-04T00:00:00+05:30"),  # a date alone: midnight in India
    ("2025-09-04 10:30", "2025-09-04T10:30:00+05:30"),
    ("2025-09-04T05:00:00+00:00", "2025-09-04T05:00:00+00:00"),
    ("2025-09-04T10:30:00+0530", "2025-09-04T10:30:00+05:30"),
    ("Thu, 04 Sep 2025 10:30:00 +0530", "2025-09-04T10:30:00+05:30"),
    ("Thu, 04 Sep 2025 05:00:00 GMT", "2025-09-04T05:00:00+00:00"),
    ("4 सितंबर", None),
    ("2025-13-45", None),
    ("", None),
])
def test_published_dates_become_iso_8601_with_a_time_zone(value, expected):
    assert parse_published(value) == expected


def test_an_unreadable_date_is_a_warning_and_no_date(tmp_path, caplog):
    (tmp_path / "a.txt").write_text("---\ntitle: शीर्षक\npublished: कल शाम\n---\nपाठ।", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        (document,) = read_corpus(tmp_path)
    assert document.published is None and document.title == "शीर्षक"
    assert "a.txt" in caplog.text and "कल शाम" in caplog.text


def test_the_seed_article_has_its_headline_date_and_outlet():
    (document,) = read_corpus(SEED.parent)
    assert document.title.startswith("बीजिंग में पुतिन और किम की मुलाकात:")
    assert (document.published, document.source, document.language) == ("2025-09-04T00:00:00+05:30", "UITV", "hi")
    # the photo caption stays in the body as its own line
    assert document.text.split("\n", 1)[0].endswith("(तस्वीर क्रेडिट@crazy_world143)")
