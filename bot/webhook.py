"""Webhook mode, never open: every POST must carry the secret registered with setWebhook.

PTB's own webhook server answers malformed JSON with 500 and compares the secret with `!=`; this one is
small and strict instead (tornado, which PTB's webhook extra already brings):

* no or a wrong `X-Telegram-Bot-Api-Secret-Token` → 403, and the body is not even read;
* a body that is not a JSON object, or not an update → 400;
* otherwise the update is queued for the application (→ 200 at once; handlers run concurrently).

Without `WEBHOOK_SECRET` the runner makes a random secret at start and registers it with setWebhook, so
the endpoint is closed all the same. Several processes behind one URL must share one `WEBHOOK_SECRET`
(each registers it at start); a person's updates stay in order across them (`bot.router`).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.telegram_io import BotApplication

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1 << 20  # an update is a few kilobytes; a megabyte is generous


def new_secret() -> str:
    """A secret Telegram accepts (1-256 of A-Z a-z 0-9 _ -), 43 characters from 32 random bytes."""
    return secrets.token_urlsafe(32)


class UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_application: BotApplication, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret.encode()

    async def post(self) -> None:
        token = (self.request.headers.get(SECRET_HEADER) or "").encode()
        if not hmac.compare_digest(token, self.secret):
            self._refuse(HTTPStatus.FORBIDDEN, "no or wrong secret token")
            return
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an object with an update_id")
            update = Update.de_json(data, self.bot_application.bot)
        except Exception as exc:  # anything unreadable is the sender's fault, never a 500
            self._refuse(HTTPStatus.BAD_REQUEST, f"not an update: {type(exc).__name__}")
            return
        await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def _refuse(self, status: HTTPStatus, why: str) -> None:
        log.warning("webhook request from %s refused (%d): %s", self.request.remote_ip, status, why)
        self.set_status(status)
        self.finish()

    def log_exception(self, *args: Any) -> None:  # one line above is enough; no tracebacks for clients
        return None


def web_application(application: BotApplication, url_path: str, secret: str) -> tornado.web.Application:
    path = "/" + url_path.strip("/")
    return tornado.web.Application([(rf"{path}/?", UpdateHandler, {"bot_application": application, "secret": secret})],
                                   log_function=lambda handler: None)


@asynccontextmanager
async def serving(
    application: BotApplication, *, listen: str, port: int, url_path: str, webhook_url: str, secret: str,
) -> AsyncIterator[BotApplication]:
    """The application started behind the webhook server until the block ends; setWebhook registers
    `webhook_url` with `secret` (pending updates are kept)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    server = tornado.httpserver.HTTPServer(web_application(application, url_path, secret),
                                           max_body_size=MAX_BODY_BYTES)
    server.listen(port, address=listen)
    try:
        await application.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        await application.start()
        try:
            yield application
        finally:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        server.stop()
        await server.close_all_connections()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
