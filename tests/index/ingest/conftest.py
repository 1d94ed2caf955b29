"""A small news web on 127.0.0.1: two outlets' pages and feeds, robots.txt, and every way a site misbehaves."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

SITES = Path(__file__).parent / "sites"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    etag: str | None = None  # answer 304 to a matching If-None-Match
    streamed: bool = False  # no Content-Length: the body is sent in pieces until the connection closes
    fail_first: int = 0  # answer 503 (with headers from `failure_headers`) this many times first
    failure_headers: dict = field(default_factory=dict)


class NewsServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {"/robots.txt": Route(ROBOTS, headers={"Content-Type": "text/plain"})}
        self.requests: list[tuple[str, dict]] = []  # (path with query, headers) in arrival order
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._http.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, site_file: str, encoding: str = "utf-8", content_type: str | None = None,
             **route) -> str:
        """Serve ``sites/site_file`` at ``path``, encoded as ``encoding`` ({base} filled in)."""
        text = self.text(site_file, route.pop("extra", ""))
        body = lambda: text.encode(encoding)
        kind = content_type if content_type is not None else f"text/html; charset={encoding}"
        self.routes[path] = Route(body, headers={"Content-Type": kind} if kind else {}, **route)
        return self.url(path)

    def text(self, site_file: str, extra: str = "") -> str:
        """``sites/site_file`` with {base} (this server) and {extra} (more feed items) filled in."""
        return (SITES / site_file).read_text(encoding="utf-8").replace("{extra}", extra).replace("{base}", self.base)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def _handler(server: NewsServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers)))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                return self._answer(404, {"Content-Type": "text/html"}, b"<h1>404 - page not found</h1>")
            if route.fail_first > 0:
                route.fail_first -= 1
                return self._answer(503, {"Content-Type": "text/plain", **route.failure_headers}, b"busy")
            time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                return self._answer(304, {"ETag": route.etag}, b"")
            body = route.body() if callable(route.body) else route.body
            headers = dict(route.headers, **({"ETag": route.etag} if route.etag else {}))
            self._answer(route.status, headers, body, streamed=route.streamed)

        def _answer(self, status: int, headers: dict, body: bytes, streamed: bool = False) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if not streamed:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for start in range(0, len(body), 64 * 1024):
                    self.wfile.write(body[start:start + 64 * 1024])
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: that is what a size cap does

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail any lookup of a name other than the loopback address: these tests never touch the network."""
    lookup = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", b"127.0.0.1"):
            raise AssertionError(f"a test tried to reach {host!r}")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def web():
    server = NewsServer()
    yield server
    server.close()


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    return path


def corpus_files(corpus: Path) -> list[str]:
    """Every file in the corpus outside the state folder, temporary ones included."""
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
                  if p.is_file() and ".khabar" not in p.relative_to(corpus).parts)
