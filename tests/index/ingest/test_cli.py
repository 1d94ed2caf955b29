"""`python -m index add` and `follow` end to end, against the news web on 127.0.0.1."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.corpus import read_corpus

from .conftest import Route, corpus_files

ROOT = Path(__file__).resolve().parents[3]
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
ATOM = {"Content-Type": "application/atom+xml"}
CRICKET_ITEM = """<item><title>एशिया कप के लिए भारतीय टीम घोषित</title><link>{base}/khel/asia-cup</link>
  <pubDate>Sat, 06 Sep 2025 18:00:00 +0530</pubDate></item>"""


def command(*args):
    env = {key: value for key, value in os.environ.items() if not key.startswith("KHABAR_")}
    return [sys.executable, "-m", "index", *map(str, args)], dict(env, PYTHONPATH=str(ROOT))


def run(*args):
    argv, env = command(*args)
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def assert_one_line_error(result, fragment):
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


def articles(corpus):
    return {d.doc_id: d for d in read_corpus(corpus)}


def serve_outlets(web):
    """Two outlets: दैनिक समाचार (RSS) and समाचार भारती (Atom), carrying one story between them."""
    web.page("/videsh/putin-kim-beijing", "dainik-putin-kim.html")
    web.page("/desh/barish", "dainik-barish.html")
    web.page("/khel/asia-cup", "dainik-cricket.html")
    web.page("/duniya/putin-kim", "samachar-putin-kim.html")
    web.page("/rss.xml", "dainik-rss.xml", content_type=RSS["Content-Type"], etag='"rss-1"')
    web.page("/atom.xml", "samachar-atom.xml", content_type=ATOM["Content-Type"])


def test_add_a_page_writes_the_article_with_its_metadata(web, corpus):
    web.page("/videsh/putin-kim-beijing", "dainik-putin-kim.html")
    url = web.url("/videsh/putin-kim-beijing?utm_source=whatsapp&utm_medium=share#comments")
    result = run("add", url, "--corpus", corpus)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    (name,) = corpus_files(corpus)
    assert re.fullmatch(r"127\.0\.0\.1-videsh-putin-kim-beijing-[0-9a-f]{10}\.txt", name)
    assert result.stdout == f"added {name} ← {url}\n"
    document = articles(corpus)[name]
    assert document.title == "बीजिंग में पुतिन और किम की मुलाकात, रूस आने का न्योता"
    assert (document.published, document.url, document.source, document.author, document.language) == (
        "2025-09-04T10:30:00+05:30", web.url("/videsh/putin-kim-beijing"), "दैनिक समाचार", "राहुल शर्मा", "hi")
    assert "“जल्द मिलेंगे।”" in document.text and "13,000 सैनिक" in document.text
    for junk in ("होम", "विज्ञापन", "कुकीज़", "ये भी पढ़ें", "बहुत बढ़िया लेख", "सर्वाधिकार"):
        assert junk not in document.text
    assert (corpus / name).read_text(encoding="utf-8").startswith("---\ntitle: बीजिंग में पुतिन")

    again = run("add", web.url("/videsh/putin-kim-beijing"), "--corpus", corpus)
    assert again.returncode == 0 and again.stdout.startswith(f"already in the corpus as {name}")
    assert sum(p.startswith("/videsh/putin-kim-beijing") for p in web.paths()) == 1  # not fetched again
    assert corpus_files(corpus) == [name]


def test_add_a_saved_page(web, corpus, tmp_path):
    saved = tmp_path / "saved.html"
    saved.write_text(web.text("dainik-barish.html"), encoding="utf-8")
    result = run("add", saved, "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    (document,) = articles(corpus).values()
    assert document.title == "दिल्ली में भारी बारिश, कई इलाकों में जलभराव"
    assert document.url == saved.resolve().as_uri()


def test_a_feed_date_in_gmt_is_kept_on_the_calendar_day_of_the_page(web, corpus):
    # 20:00 GMT on the 4th is 01:30 on the 5th in India, the day the page (date alone: 2025-09-05) prints
    web.page("/desh/barish", "dainik-barish.html")
    web.routes["/gmt.xml"] = Route(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>दैनिक समाचार</title>
<item><title>बारिश</title><link>{web.url("/desh/barish")}</link><pubDate>Thu, 04 Sep 2025 20:00:00 GMT</pubDate></item>
</channel></rss>""".encode(), headers=RSS)
    result = run("add", web.url("/gmt.xml"), "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    (document,) = articles(corpus).values()
    assert document.published == "2025-09-05T01:30:00+05:30"


def test_feeds_add_every_new_entry_once_and_a_bad_entry_is_only_a_warning(web, corpus):
    serve_outlets(web)
    result = run("add", web.url("/rss.xml"), web.url("/atom.xml"), "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(line.startswith("warning: ") for line in warnings)
    assert "/duniya/pul-hataya-gaya: HTTP 404 Not Found" in warnings[0] and "kept the feed's text" in warnings[0]
    assert "/duniya/ghayab: HTTP 404 Not Found" in warnings[1]
    assert "duplicate of 127.0.0.1-videsh-putin-kim-beijing-" in result.stdout

    stored = articles(corpus)
    by_title = {d.title: d for d in stored.values()}
    assert len(stored) == 4, sorted(by_title)
    story = by_title["बीजिंग में पुतिन और किम की मुलाकात, रूस आने का न्योता"]
    assert story.source == "दैनिक समाचार" and story.published == "2025-09-04T10:30:00+05:30"
    rain = by_title["दिल्ली में भारी बारिश, कई इलाकों में जलभराव"]
    assert rain.published == "2025-09-05T09:00:00+05:30"  # the feed's date and time beat the page's date alone
    bridge = by_title["नदी पर नया पुल यातायात के लिए खुला"]  # its page is gone: the feed's summary stands in
    assert "गंगा नदी पर बना नया पुल" in bridge.text and bridge.source == "समाचार भारती"
    editorial = by_title["संपादकीय: बाढ़ से पहले की तैयारी"]  # no link and no date: fetch time, marked
    assert editorial.date_source == "fetched" and editorial.published.startswith(time.strftime("%Y-"))
    assert editorial.text.count("\n\n") == 1

    again = run("add", web.url("/rss.xml"), web.url("/atom.xml"), "--corpus", corpus)
    assert again.returncode == 0 and f"unchanged since the last fetch: {web.url('/rss.xml')}" in again.stdout
    assert web.requests[-1][0] != "/rss.xml" and any(h.get("If-None-Match") == '"rss-1"' for _, h in web.requests)
    assert "ghayab" in again.stderr and len(articles(corpus)) == 4  # the failed entry is tried again, nothing doubled


def test_pages_served_in_other_encodings_are_stored_as_utf8(web, corpus):
    english = web.page("/city/monsoon", "english-1252.html", encoding="windows-1252")
    hindi = web.page("/shahar/visarjan", "hindi-utf16.html", encoding="utf-16", content_type="text/html")
    result = run("add", english, hindi, "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    by_source = {d.source: d for d in articles(corpus).values()}
    assert "“We lost three weeks of trade,” said Anaïs D’Souza" in by_source["The Deccan Ledger"].text
    assert by_source["The Deccan Ledger"].language == "en"
    assert by_source["पुणे वार्ता"].title == "पुणे में गणेश विसर्जन शांतिपूर्ण संपन्न"
    assert "आठ हज़ार जवान तैनात" in by_source["पुणे वार्ता"].text


def test_a_feed_with_broken_xml_still_gives_the_entries_that_can_be_read(web, corpus):
    web.page("/desh/barish", "dainik-barish.html")
    web.routes["/sloppy.xml"] = Route(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>खबरें & विचार</title>
        <item><title>बारिश</title><link>{web.base}/desh/barish</link></item></channel></rss>""".encode(), headers=RSS)
    result = run("add", web.url("/sloppy.xml"), "--corpus", corpus)
    assert result.returncode == 0 and result.stdout.startswith("added 127.0.0.1-desh-barish-")
    assert result.stderr == (f"warning: {web.url('/sloppy.xml')}: broken XML (not well-formed (invalid token) at line 1);"
                             " added the entries that could be read\n")


@pytest.mark.parametrize("order", ["later copy first", "earlier copy first"])
def test_of_two_outlets_copies_the_earliest_published_is_kept(web, corpus, order):
    early = web.page("/videsh/putin-kim-beijing", "dainik-putin-kim.html")  # 10:30
    late = web.page("/duniya/putin-kim", "samachar-putin-kim.html")  # 16:45, same story from an agency
    first, second = (late, early) if order == "later copy first" else (early, late)
    assert run("add", first, "--corpus", corpus).returncode == 0
    result = run("add", second, "--corpus", corpus)
    assert result.returncode == 0, result.stderr
    (name,) = corpus_files(corpus)
    assert result.stdout.startswith("replaced" if order == "later copy first" else "duplicate")
    (document,) = articles(corpus).values()
    assert (document.url, document.source, document.published) == (
        web.url("/videsh/putin-kim-beijing"), "दैनिक समाचार", "2025-09-04T10:30:00+05:30")
    assert "(दैनिक समाचार)" in document.text and "(एजेंसी)" not in document.text
    assert run("add", second, "--corpus", corpus).stdout.startswith("already in the corpus as " + name)


def test_follow_adds_the_new_entry_of_round_two_and_rebuilds(web, tmp_path, seed_corpus):
    serve_outlets(web)
    feed = [web.text("dainik-rss.xml"), web.text("dainik-rss.xml", CRICKET_ITEM.replace("{base}", web.base))]
    web.routes["/rss.xml"] = Route(lambda: feed.pop(0).encode() if len(feed) > 1 else feed[0].encode(), headers=RSS)
    result = run("follow", web.url("/rss.xml"), "--rounds", "2", "--every", "0s", "--corpus", seed_corpus,
                 "--index", tmp_path / "index", "--embedder", "fake")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    out = result.stdout
    assert "round 1: 2 new articles" in out and "round 2: 1 new article\n" in out
    round_two = r"built 3 documents.*\nadded 127\.0\.0\.1-khel-asia-cup-\w+\.txt.*\nround 2.*\nbuilt 4 documents"
    assert re.search(round_two, out, re.S), out
    assert {d.title for d in read_corpus(seed_corpus)} >= {"एशिया कप के लिए भारतीय टीम घोषित"}
    assert (tmp_path / "index").exists()


def test_follow_stops_cleanly_on_sigterm(web, corpus, tmp_path):
    serve_outlets(web)
    argv, env = command("follow", web.url("/rss.xml"), "--every", "10m", "--corpus", corpus,
                        "--index", tmp_path / "index", "--embedder", "fake")
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, process.kill)  # a hung follow fails the test instead of hanging it
    watchdog.start()
    try:
        line = None
        while line != "round 1: 2 new articles\n":
            line = process.stdout.readline()
            assert line, "follow ended before its first round was over"
        process.send_signal(signal.SIGTERM)  # during the rebuild or the wait for round 2
        assert process.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        process.kill()
    assert "Traceback" not in process.stderr.read()
    assert len(read_corpus(corpus)) == 2


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/news"


BAD = {
    "unreachable": (lambda web: closed_port_url(), "cannot connect"),
    "timeout": (lambda web: web.routes.__setitem__("/slow", Route(b"<p>late</p>", delay=3)) or web.url("/slow"),
                "no complete answer within 0.5 s"),
    "404": (lambda web: web.url("/no-such-story"), "HTTP 404 Not Found — check the address"),
    "500": (lambda web: web.routes.__setitem__("/crash", Route(b"oops", status=500)) or web.url("/crash"),
            "HTTP 500 Internal Server Error, 1 attempt — try again later"),
    "image": (lambda web: web.routes.__setitem__("/photo.jpg", Route(b"\xff\xd8\xff\xe0" + bytes(4000),
              headers={"Content-Type": "image/jpeg"})) or web.url("/photo.jpg"),
              "is image/jpeg, not an HTML page or an RSS/Atom feed"),
    "binary as html": (lambda web: web.routes.__setitem__("/file", Route(b"PK\x03\x04\x00\x00" + bytes(4000),
                       headers={"Content-Type": "text/html"})) or web.url("/file"), "is binary data"),
    "malformed feed": (lambda web: web.routes.__setitem__("/bad.xml", Route(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>टूटी</title><<<>>></channel>'.encode(),
        headers={"Content-Type": "application/rss+xml"})) or web.url("/bad.xml"), "not a readable RSS or Atom feed"),
    "huge": (lambda web: web.routes.__setitem__("/huge", Route(b"<p>" + b"x" * 6_000_000, streamed=True))
             or web.url("/huge"), "larger than 5 MB"),
    "no article text": (lambda web: web.page("/photos/ganesh", "gallery.html"), "no article text"),
    "robots.txt": (lambda web: web.page("/private/leak", "dainik-barish.html"), "robots.txt does not allow"),
    "missing file": (lambda web: "no-such-page.html", "not an http(s) address or an existing file"),
    "bad address": (lambda web: "http://exa mple.org/news", "not an http(s) address"),
    "redirect loop": (lambda web: web.routes.__setitem__("/loop", Route(b"", status=302, headers={"Location": "/loop"}))
                      or web.url("/loop"), "TooManyRedirects"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_naming_it_and_leaves_nothing(case, web, corpus):
    make, fragment = BAD[case]
    source = make(web)
    result = run("add", source, "--corpus", corpus, "--timeout", "0.5", "--retries", "0")
    assert_one_line_error(result, f"{source}: ")
    assert fragment in result.stderr
    assert corpus_files(corpus) == []


def test_one_bad_source_does_not_stop_the_others(web, corpus):
    good = web.page("/desh/barish", "dainik-barish.html")
    result = run("add", web.url("/gone"), good, "--corpus", corpus, "--retries", "0")
    assert result.returncode == 1 and result.stderr.count("error: ") == 1
    assert len(corpus_files(corpus)) == 1


def test_follow_that_never_reads_a_feed_fails(corpus, tmp_path):
    result = run("follow", closed_port_url(), "--rounds", "1", "--retries", "0", "--embedder", "fake",
                 "--corpus", corpus, "--index", tmp_path / "index")
    assert result.returncode == 1
    warning, error = result.stderr.strip().splitlines()
    assert warning.startswith("warning: http://127.0.0.1:") and "cannot connect" in warning
    assert error == "error: none of the feeds could be read in 1 round — check the addresses above"


def test_follow_without_feeds_says_how_to_give_them():
    assert_one_line_error(run("follow", "--rounds", "1"), "give FEED_URL arguments or set KHABAR_FEEDS")
