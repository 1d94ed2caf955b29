"""A LibreTranslate-compatible server on loopback that answers, answers slowly, fails, or is down."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.loopback import send_json


def english(text: str) -> str:
    """The fake server's "translation": recognisable, and checkable against the Hindi."""
    return f"EN: {text}"


class FakeLibreTranslate:
    """``POST /translate`` as LibreTranslate answers it. ``mode``: "ok", "slow" (answers after
    ``delay`` seconds), "error" (HTTP 500) or "garbage" (200 without a translation)."""

    def __init__(self, mode: str = "ok", delay: float = 5.0) -> None:
        self.mode, self.delay = mode, delay
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append(payload)
                send_json(self, *fake.respond(self.path, payload))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def respond(self, path: str, payload: dict) -> tuple[int, dict]:
        if path != "/translate":
            return 404, {"error": "Not Found"}
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "error":
            return 500, {"error": "Internal Server Error"}
        if self.mode == "garbage":
            return 200, {"error": "Invalid API key"}
        if {payload.get("source"), payload.get("target"), payload.get("format")} != {"hi", "en", "text"}:
            return 400, {"error": "Invalid request"}
        return 200, {"translatedText": english(payload["q"])}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def translator_server():
    fake = FakeLibreTranslate()
    yield fake
    fake.close()


@pytest.fixture
def dead_url() -> str:
    """An address where nothing listens: the translation server is down."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
