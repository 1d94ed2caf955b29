"""Webhook mode: Telegram POSTs updates to us; we check its secret token and serve a health check
and the Prometheus metrics. In polling mode the same two routes can be served on a port of their own.

PTB's own ``run_webhook`` also checks the secret but offers no health route, so this is a
small tornado app (tornado comes with PTB's ``webhooks`` extra) feeding PTB's update queue.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.netutil
import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Update
from telegram.ext import Application

from index.errors import KhabarError

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(tornado.web.RequestHandler):
    # "application" is taken: tornado's RequestHandler has one of its own.
    def initialize(self, bot_app: Application, secret: str) -> None:
        self.bot_app = bot_app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(403)
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot_app.bot)
        except (ValueError, TypeError, KeyError):
            raise tornado.web.HTTPError(400) from None
        await self.bot_app.update_queue.put(update)
        self.set_status(200)


class HealthHandler(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application) -> None:
        self.bot_app = bot_app

    def get(self) -> None:
        library = self.bot_app.bot_data["dialogue"].library
        manifest = library.searcher().index.manifest
        self.write({"ok": self.bot_app.running,
                    "index": {"generation": manifest.generation, "documents": manifest.counts["documents"]}})


class MetricsHandler(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application) -> None:
        self.bot_app = bot_app

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.write(generate_latest(self.bot_app.bot_data["metrics"].registry))


def health_routes(application: Application) -> list:
    return [("/healthz", HealthHandler, {"bot_app": application}),
            ("/metrics", MetricsHandler, {"bot_app": application})]


def serve_health_beside_polling(application: Application, listen: str, port: int) -> None:
    """Serve /healthz and /metrics on ``port`` from the bot's own event loop while it polls.

    The port is bound now, so one that is taken stops the start with one line."""
    sockets = _bind(listen, port, "metrics")
    server = tornado.httpserver.HTTPServer(tornado.web.Application(health_routes(application)))
    started, stopped = application.post_init, application.post_stop

    async def start(app: Application) -> None:
        server.add_sockets(sockets)  # needs the running loop, which run_polling makes
        log.info("metrics and health on %s:%d", listen, port)
        if started:
            await started(app)

    async def stop(app: Application) -> None:
        server.stop()
        if stopped:
            await stopped(app)

    application.post_init, application.post_stop = start, stop


def _bind(listen: str, port: int, serving: str) -> list:
    """The listening sockets, bound now: a port that is taken stops the start with one line."""
    try:
        return tornado.netutil.bind_sockets(port, address=listen)
    except OSError as exc:
        raise KhabarError(f"cannot serve {serving} on {listen}:{port}: {exc.strerror}") from None


async def serve(application: Application, webhook_url: str, listen: str, port: int, secret: str) -> None:
    """Listen, register the webhook, serve until SIGTERM/SIGINT, then stop cleanly."""
    path = urlsplit(webhook_url).path or "/"
    web = tornado.web.Application([
        (path, UpdateHandler, {"bot_app": application, "secret": secret}),
        *health_routes(application),
    ])
    # Bound before Telegram is told anything: a taken port stops the start with one line, and Telegram's
    # first POST, which may come at once, finds the server listening.
    server = tornado.httpserver.HTTPServer(web)
    server.add_sockets(_bind(listen, port, "the webhook"))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with application:
            await application.start()
            try:
                await application.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
                log.info("webhook listening on %s:%d%s", listen, port, path)
                await stop.wait()
            finally:
                await application.stop()
    finally:
        server.stop()
    if application.post_shutdown:  # run_polling calls it itself; here we are the runner
        await application.post_shutdown(application)
