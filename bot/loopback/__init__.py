"""Telegram on 127.0.0.1: a fake Bot API (``fake_telegram``) for tests, and the load bench that drives the
real bot against it (``bench``, ``python -m bot bench``); ``send_json`` is how every loopback fake (the Bot API,
the tests' LibreTranslate) answers."""

import json
from http.server import BaseHTTPRequestHandler


def send_json(handler: BaseHTTPRequestHandler, status: int, payload: dict) -> None:
    """Answer a loopback request with ``payload`` as JSON; a client that hung up (a bot shutting down
    on its long poll, a caller that gave up waiting) is left alone."""
    data = json.dumps(payload).encode()
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    except OSError:
        pass
