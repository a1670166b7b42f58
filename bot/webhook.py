"""Webhook mode, never open: every POST must carry the secret registered with setWebhook.

PTB's own webhook server answers malformed JSON with 500 and compares the secret with `!=`; this one is
small and strict instead (Starlette on uvicorn, the stack PTB documents for a custom webhook server, which
also serves the Mini App in webhook mode: `bot.webapp`):

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
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from telegram import Update

from bot.telegram_io import BotApplication, initialized, started
from bot.webapp.serve import MAX_BODY_BYTES, http_server
from bot.webapp.server import starlette_app

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def new_secret() -> str:
    """A secret Telegram accepts (1-256 of A-Z a-z 0-9 _ -), 43 characters from 32 random bytes."""
    return secrets.token_urlsafe(32)


class _TooLarge(ValueError):
    pass


async def _body(request: Request) -> bytes:
    """The body, refused as soon as it grows past MAX_BODY_BYTES (never read whole into memory first)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge(f"body over {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(request: Request, status: HTTPStatus, why: str) -> Response:
    log.warning("webhook request from %s refused (%d): %s", request.client and request.client.host, status, why)
    return Response(b"", status)


def webhook_route(application: BotApplication, url_path: str, secret: str) -> BaseRoute:
    """POST `url_path`: the secret first, then the body must be one update, queued for the application."""
    expected = secret.encode()

    async def receive_update(request: Request) -> Response:
        token = (request.headers.get(SECRET_HEADER) or "").encode()
        if not hmac.compare_digest(token, expected):
            return _refuse(request, HTTPStatus.FORBIDDEN, "no or wrong secret token")
        try:
            data = json.loads(await _body(request))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an object with an update_id")
            update = Update.de_json(data, application.bot)
        except _TooLarge as exc:
            return _refuse(request, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, str(exc))
        except Exception as exc:  # anything unreadable is the sender's fault, never a 500
            return _refuse(request, HTTPStatus.BAD_REQUEST, f"not an update: {type(exc).__name__}")
        await application.update_queue.put(update)
        return Response(b"", HTTPStatus.OK)

    return Route("/" + url_path.strip("/"), receive_update, methods=["POST"])


@asynccontextmanager
async def serving(
    application: BotApplication, *, listen: str, port: int, url_path: str, webhook_url: str, secret: str,
    extra_routes: Sequence[BaseRoute] = (),
) -> AsyncIterator[BotApplication]:
    """The application started behind the webhook server until the block ends; setWebhook registers
    `webhook_url` with `secret` (pending updates are kept). `extra_routes`: the Mini App, when it is on."""
    async with initialized(application), \
            http_server(starlette_app([webhook_route(application, url_path, secret), *extra_routes]),
                        host=listen, port=port):
        await application.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
        async with started(application):
            yield application
