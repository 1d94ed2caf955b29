"""Polite fetching against a real server on 127.0.0.1: identity, robots.txt, 304s, retries, caps."""

import socket

import pytest

from index.errors import FetchFailed, RobotsDisallowed, TooLarge
from index.ingest.fetch import USER_AGENT, FetchPolicy, Fetcher

from .conftest import Route

FAST = FetchPolicy(timeout=2, retries=2, backoff=0.25, max_wait=5)


@pytest.fixture
def waits():
    return []


@pytest.fixture
def fetcher(waits):
    with Fetcher(FAST, sleep=waits.append) as fetcher:
        yield fetcher


def test_every_request_names_khabar_and_robots_txt_is_read_once_per_site(web, fetcher):
    web.routes["/a"] = Route(b"<p>a</p>", headers={"Content-Type": "text/html"})
    fetcher.get(web.url("/a"))
    fetcher.get(web.url("/a"))
    assert web.paths() == ["/robots.txt", "/a", "/a"]
    assert all(headers["User-Agent"] == USER_AGENT for _, headers in web.requests)
    assert USER_AGENT.startswith("Khabar/0.1 (+https://")


def test_robots_txt_is_obeyed(web, fetcher):
    web.routes["/private/memo.html"] = Route(b"<p>secret</p>")
    with pytest.raises(RobotsDisallowed, match="/private/memo.html: the site's robots.txt does not allow"):
        fetcher.get(web.url("/private/memo.html"))
    assert "/private/memo.html" not in web.paths()


def test_no_robots_txt_allows_everything_and_a_failing_one_nothing(web, waits):
    web.routes["/a"] = Route(b"<p>a</p>")
    del web.routes["/robots.txt"]
    with Fetcher(FAST, sleep=waits.append) as fetcher:
        assert fetcher.get(web.url("/a")).body == b"<p>a</p>"
    web.routes["/robots.txt"] = Route(b"", status=501)
    with Fetcher(FAST, sleep=waits.append) as fetcher, pytest.raises(FetchFailed, match="robots.txt answers HTTP 501"):
        fetcher.get(web.url("/a"))


def test_crawl_delay_spaces_requests_to_one_site(web, waits):
    web.routes["/robots.txt"] = Route(b"User-agent: *\nCrawl-delay: 3\n")
    web.routes["/a"] = Route(b"a")
    with Fetcher(FAST, sleep=waits.append) as fetcher:
        fetcher.get(web.url("/a"))
        fetcher.get(web.url("/a"))
    assert len(waits) == 1 and 2.5 < waits[0] <= 3


def test_conditional_get_turns_a_304_into_nothing_new(web, fetcher):
    web.routes["/feed"] = Route(b"<rss/>", etag='"v1"', headers={"Last-Modified": "Thu, 04 Sep 2025 05:00:00 GMT"})
    first = fetcher.get(web.url("/feed"))
    assert (first.etag, first.last_modified) == ('"v1"', "Thu, 04 Sep 2025 05:00:00 GMT")
    assert fetcher.get(web.url("/feed"), first.etag, first.last_modified) is None
    sent = web.requests[-1][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Thu, 04 Sep 2025 05:00:00 GMT"


def test_5xx_is_retried_with_doubling_waits_and_retry_after_is_honoured(web, fetcher, waits):
    web.routes["/flaky"] = Route(b"ok", fail_first=2)
    assert fetcher.get(web.url("/flaky")).body == b"ok"
    assert waits == [0.25, 0.5]
    waits.clear()
    web.routes["/busy"] = Route(b"ok", fail_first=1, failure_headers={"Retry-After": "4"})
    assert fetcher.get(web.url("/busy")).body == b"ok"
    assert waits == [4.0]


def test_retries_are_bounded_and_a_long_retry_after_is_not_sat_out(web, fetcher, waits):
    web.routes["/down"] = Route(b"", fail_first=99)
    with pytest.raises(FetchFailed, match=r"/down: HTTP 503 Service Unavailable, 3 attempts — try again later"):
        fetcher.get(web.url("/down"))
    assert web.paths().count("/down") == 3
    web.routes["/later"] = Route(b"", fail_first=99, failure_headers={"Retry-After": "3600"})
    with pytest.raises(FetchFailed, match="the site asks to wait 3600 s"):
        fetcher.get(web.url("/later"))
    assert web.paths().count("/later") == 1


def test_a_slow_site_times_out_within_the_budget(web, waits):
    web.routes["/slow"] = Route(b"late", delay=2)
    with Fetcher(FetchPolicy(timeout=0.3, retries=2), sleep=waits.append) as fetcher:
        with pytest.raises(FetchFailed, match=r"/slow: no complete answer within 0.3 s"):
            fetcher.get(web.url("/slow"))
    assert web.paths().count("/slow") == 1  # a timeout is not retried


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "streamed"])
def test_a_huge_body_is_cut_off(web, streamed):
    web.routes["/huge"] = Route(b"<p>" + b"x" * 3_000_000, streamed=streamed)
    with Fetcher(FetchPolicy(max_bytes=1_000_000)) as fetcher, pytest.raises(TooLarge, match="larger than 1 MB"):
        fetcher.get(web.url("/huge"))


def test_http_errors_and_unreachable_sites_are_clear(web, fetcher):
    with pytest.raises(FetchFailed, match=r"/gone: HTTP 404 Not Found — check the address"):
        fetcher.get(web.url("/gone"))
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchFailed, match=r"cannot connect .*3 attempts — try again later"):
        fetcher.get(f"http://127.0.0.1:{port}/a")
    with pytest.raises(FetchFailed, match="not an http"):
        fetcher.get("ftp://example.org/a")
    with pytest.raises(FetchFailed, match="not an http"):
        fetcher.get("http://exa mple.org/a")
