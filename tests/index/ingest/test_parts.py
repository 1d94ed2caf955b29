"""The parts of ingestion one by one: addresses, file names, signatures, state, feeds, settings, writing."""

import os

import pytest

from index.errors import KhabarError, MalformedFeed
from index.ingest import dedupe
from index.ingest.articles import Article, render, write_atomically
from index.ingest.feeds import looks_like_feed, parse_feed
from index.ingest.settings import IngestSettings, parse_duration
from index.ingest.state import IngestState
from index.ingest.urls import article_filename, normalise_url

from .conftest import SITES, corpus_files


@pytest.mark.parametrize("url, expected", [
    ("HTTPS://WWW.Dainik.Example:443/Videsh/Story?utm_source=tw&utm_medium=x&id=7#comments",
     "https://www.dainik.example/Videsh/Story?id=7"),
    ("http://dainik.example", "http://dainik.example/"),
    ("http://dainik.example:8080/a?fbclid=abc&b=2&a=1", "http://dainik.example:8080/a?b=2&a=1"),
])
def test_urls_are_normalised(url, expected):
    assert normalise_url(url) == expected


def test_file_names_are_stable_readable_and_distinct():
    name = article_filename("https://www.dainik.example/videsh/putin-kim-beijing?utm_source=rss")
    assert name == article_filename("HTTPS://WWW.Dainik.Example/videsh/putin-kim-beijing#top")
    assert name.startswith("dainik.example-videsh-putin-kim-beijing-") and name.endswith(".txt")
    hindi = article_filename("https://dainik.example/%E0%A4%AA%E0%A5%81%E0%A4%A4%E0%A4%BF%E0%A4%A8")
    assert hindi.startswith("dainik.example-") and hindi != article_filename("https://dainik.example/other")
    feed = "https://dainik.example/rss.xml"
    assert article_filename(feed, identity=feed + "#a") != article_filename(feed, identity=feed + "#b")


def test_copies_of_one_story_are_near_duplicates_and_other_stories_are_not():
    base = " ".join(f"वाक्य {i} में कुछ अलग शब्द हैं और यह लंबा है।" for i in range(60))
    copy = "नई दिल्ली (एजेंसी)। " + base + " अधिक जानकारी के लिए हमारी वेबसाइट देखें।"
    other = " ".join(f"खेल {i} की खबर पूरी तरह से अलग विषय पर आधारित है।" for i in range(60))
    assert dedupe.similarity(dedupe.signature(base), dedupe.signature(copy)) >= dedupe.THRESHOLD
    assert dedupe.similarity(dedupe.signature(base), dedupe.signature(other)) < 0.1
    assert dedupe.signature(base).dtype.name == "uint32" and len(dedupe.signature(base)) == dedupe.PERMUTATIONS


def test_state_finds_the_stored_near_duplicate_and_forgets_replaced_signatures(tmp_path):
    state = IngestState(tmp_path)
    story = " ".join(f"वाक्य {i} में कुछ अलग शब्द हैं।" for i in range(80))
    other = " ".join(f"खेल {i} की खबर अलग है।" for i in range(80))
    with state.transaction():
        state.record("a.txt", "https://a.example/1", "2025-09-04T10:00:00+05:30", dedupe.signature(story))
    assert state.near_duplicate(dedupe.signature(story + " एक और वाक्य।")) == ("a.txt", "2025-09-04T10:00:00+05:30")
    assert state.near_duplicate(dedupe.signature(other)) is None
    with state.transaction():
        state.record("a.txt", "https://a.example/1", None, dedupe.signature(other))
    assert state.near_duplicate(dedupe.signature(story)) is None
    assert state.near_duplicate(dedupe.signature(other)) == ("a.txt", None)
    assert (tmp_path / ".khabar" / "ingest.sqlite").exists()
    state.close()


def test_a_failed_transaction_leaves_the_state_as_it_was(tmp_path):
    state = IngestState(tmp_path)
    with pytest.raises(OSError), state.transaction():
        state.mark_seen("https://a.example/1", "a.txt")
        raise OSError("disk full")
    assert state.seen("https://a.example/1") is None
    state.close()


def test_rss_dates_keep_their_zone_and_feeds_are_told_from_pages():
    body = (SITES / "dainik-rss.xml").read_text(encoding="utf-8").replace("{base}", "https://d.example").encode()
    feed = parse_feed(body, "https://d.example/rss.xml")
    assert feed.title == "दैनिक समाचार — ताज़ा खबरें" and feed.language == "hi"
    assert [(e.url, e.published) for e in feed.entries] == [
        ("https://d.example/desh/barish", "2025-09-05T09:00:00+05:30"),
        ("https://d.example/videsh/putin-kim-beijing", "2025-09-04T10:30:00+05:30")]
    assert looks_like_feed("application/xml", body) and looks_like_feed("", body)
    assert not looks_like_feed("text/html", b"<!DOCTYPE html><html><body><feed>")


def test_xml_that_is_not_a_feed_is_malformed():
    with pytest.raises(MalformedFeed, match="x.xml: not a readable RSS or Atom feed"):
        parse_feed(b"<?xml version='1.0'?><catalog><book/></catalog>", "x.xml")


@pytest.mark.parametrize("text, seconds", [("15m", 900), ("90s", 90), ("1h", 3600), ("300", 300), ("0s", 0)])
def test_intervals(text, seconds):
    assert parse_duration(text) == seconds


def test_settings_from_flags_then_environment():
    env = {"KHABAR_FEEDS": "https://a.example/rss, https://b.example/atom", "KHABAR_FOLLOW_EVERY": "5m",
           "KHABAR_FETCH_TIMEOUT": "7", "KHABAR_FETCH_RETRIES": "1"}
    settings = IngestSettings.resolve(env=env)
    assert settings.feeds == ("https://a.example/rss", "https://b.example/atom") and settings.every == 300
    assert (settings.policy.timeout, settings.policy.retries) == (7, 1)
    assert settings.policy.user_agent.startswith("Khabar/")
    own = IngestSettings.resolve(env={"KHABAR_USER_AGENT": "Khabar/0.1 (+https://news.example/bot)"})
    assert own.policy.user_agent == "Khabar/0.1 (+https://news.example/bot)"
    assert IngestSettings.resolve(["https://c.example/rss"], "1h", 3, 0, env=env).feeds == ("https://c.example/rss",)
    with pytest.raises(KhabarError, match="15m, 90s or 1h"):
        IngestSettings.resolve(every="soon", env={})
    with pytest.raises(KhabarError, match="KHABAR_FETCH_TIMEOUT='slow' is not a number"):
        IngestSettings.resolve(env={"KHABAR_FETCH_TIMEOUT": "slow"})
    with pytest.raises(KhabarError, match="0 to 5 retries, not 20 s and 9"):
        IngestSettings.resolve(env={"KHABAR_FETCH_RETRIES": "9"})


def test_front_matter_round_trips_through_the_corpus_reader(tmp_path):
    from index.corpus import read_corpus

    article = Article(title='"उद्धरण" से शुरू शीर्षक', text="पहला अनुच्छेद।\n\nदूसरा अनुच्छेद।",
                      url="https://a.example/1", published="2025-09-04T10:30:00+05:30", date_source="fetched",
                      source="दैनिक\nसमाचार", author="राहुल शर्मा", language="hi")
    write_atomically(tmp_path / "a.txt", render(article))
    (document,) = read_corpus(tmp_path)
    assert (document.title, document.url, document.published, document.date_source, document.source) == (
        '"उद्धरण" से शुरू शीर्षक', "https://a.example/1", "2025-09-04T10:30:00+05:30", "fetched", "दैनिक समाचार")
    assert document.text == "पहला अनुच्छेद।\n\nदूसरा अनुच्छेद।"


def test_a_write_that_fails_halfway_leaves_no_file(tmp_path, monkeypatch):
    (tmp_path / "old.txt").write_text("पुराना लेख।", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomically(tmp_path / "new.txt", "नया लेख।")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "old.txt", "बदला हुआ लेख।")
    assert corpus_files(tmp_path) == ["old.txt"]
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "पुराना लेख।"


def test_a_corpus_path_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "corpus").write_text("not a folder", encoding="utf-8")
    with pytest.raises(KhabarError, match="cannot keep ingestion state in .*the corpus directory must be writable"):
        IngestState(tmp_path / "corpus")
