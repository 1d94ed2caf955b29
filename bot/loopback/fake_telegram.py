"""A fake Bot API server on loopback: real HTTP, real long polling, recorded calls, injected faults.

Used by the end-to-end tests and by ``python -m bot bench``; it never leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import send_json

BOT = {"id": 4242, "is_bot": True, "first_name": "Khabar", "username": "khabar_test_bot"}


def deliver(url: str, update: dict, secret: str, attempts: int = 100) -> int:
    """POST ``update`` to a webhook as Telegram does (its secret in the header); the HTTP status.
    Retries while the listener is still opening."""
    request = urllib.request.Request(url, data=json.dumps(update).encode(), headers={
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
    for _ in range(attempts):
        try:
            return urllib.request.urlopen(request, timeout=10).status
        except urllib.error.HTTPError as exc:
            return exc.code
        except urllib.error.URLError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listened at {url}")


class FakeTelegram:
    def __init__(self) -> None:
        self.updates: list[dict] = []
        # method → faults for its next calls: "429" (retry_after 2 s), "502", "500", or "stall" (7 s, then normal)
        self.faults: dict[str, list[str]] = {}
        self.calls: list[tuple[str, dict]] = []
        self._next_update = 1
        self.polls = 0  # getUpdates calls so far: the bot is polling once this is > 0
        self._next_message = 1000
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                method = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                if "json" in self.headers.get("Content-Type", ""):
                    params = json.loads(body or "{}")
                else:
                    params = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                send_json(self, *fake.respond(method, params))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/bot"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()

    def respond(self, method: str, params: dict) -> tuple[int, dict]:
        with self._cond:
            queue = self.faults.get(method)
            fault = queue.pop(0) if queue else None
        if fault == "429":
            return 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 2",
                         "parameters": {"retry_after": 2}}
        if fault in ("500", "502"):
            return int(fault), {"ok": False, "error_code": int(fault), "description": "Bad Gateway"}
        if fault == "stall":
            time.sleep(7)
        return 200, {"ok": True, "result": self.handle(method, params)}

    def handle(self, method: str, params: dict):
        with self._cond:
            if method != "getUpdates":
                self.calls.append((method, params))
                self._cond.notify_all()
        if method == "getMe":
            return BOT
        if method == "getUpdates":
            self.polls += 1
            offset = int(params.get("offset") or 0)
            deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
            with self._cond:
                while True:
                    ready = [u for u in self.updates if u["update_id"] >= offset]
                    if ready or time.monotonic() >= deadline:
                        return ready
                    self._cond.wait(0.1)
        if method in ("sendMessage", "editMessageText"):
            with self._cond:
                self._next_message += 1
                chat_id = int(params.get("chat_id") or 0)
                params.setdefault("message_id", self._next_message)  # the recorded call learns its id
            return {"message_id": self._next_message, "date": int(time.time()), "text": params.get("text", ""),
                    "chat": {"id": chat_id, "type": "private"}, "from": BOT}
        return True

    def push(self, chat_id: int, text: str | None = None, chat_type: str = "private", **extra) -> None:
        """Queue a message for the bot's next getUpdates."""
        self._queue(self.message_update(chat_id, text, chat_type, **extra))

    def push_callback(self, chat_id: int, data: str, message_id: int, reply_markup: dict | None = None) -> None:
        """Queue a button press (``data``) under the bot's message ``message_id``; ``reply_markup``: that
        message's buttons, as Telegram sends them along."""
        self._queue(self.callback_update(chat_id, data, message_id, reply_markup))

    def message_update(self, chat_id: int, text: str | None = None, chat_type: str = "private", **extra) -> dict:
        """The update Telegram sends for a message: queued by ``push``, or POSTed to a webhook by a test."""
        with self._cond:
            message = {"message_id": self._next_update, "date": int(time.time()),
                       "chat": {"id": chat_id, "type": chat_type, **({"title": "g"} if chat_type != "private" else {})},
                       "from": {"id": chat_id if chat_type == "private" else 7, "is_bot": False, "first_name": "U"}}
            if text is not None:
                message["text"] = text
                if text.startswith("/"):
                    command = text.split()[0]
                    message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            message.update(extra)
            return {"update_id": self._take_update_id(), "message": message}

    def callback_update(self, chat_id: int, data: str, message_id: int, reply_markup: dict | None = None) -> dict:
        message = {"message_id": message_id, "date": int(time.time()), "text": "…",
                   "chat": {"id": chat_id, "type": "private"}, "from": BOT}
        if reply_markup is not None:
            message["reply_markup"] = reply_markup
        with self._cond:
            update_id = self._take_update_id()
            return {"update_id": update_id, "callback_query": {
                "id": str(update_id), "chat_instance": "c", "data": data,
                "from": {"id": chat_id, "is_bot": False, "first_name": "U"}, "message": message}}

    def _take_update_id(self) -> int:
        self._next_update += 1
        return self._next_update - 1

    def _queue(self, update: dict) -> None:
        with self._cond:
            self.updates.append(update)
            self._cond.notify_all()

    def calls_of(self, method: str) -> list[dict]:
        with self._cond:
            return [p for m, p in self.calls if m == method]

    def sent(self, chat_id: int) -> list[str]:
        with self._cond:
            return [p.get("text", "") for m, p in self.calls
                    if m == "sendMessage" and int(p.get("chat_id", 0)) == chat_id]

    def wait_for(self, predicate, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.2))
        return True
