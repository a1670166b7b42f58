"""The Telegram side shared by every feature: typed access to the shared objects, and replies out.

`BotContext` is PTB's own way to give handlers typed shared objects (`ContextTypes` with a custom context
class): `context.services` and `context.dialogs` instead of untyped `bot_data["…"]` keys. `deliver` is the
only place that turns `Reply` objects into Bot API calls. Replies are interactive (a person just wrote), so
they are not held by the bulk limit of ~30 messages a second that broadcasts and reminders keep to: a reply
that meets 429 waits the `retry_after` Telegram names and is sent; a 5xx or a dropped connection is tried
again a few times. A reply that still cannot be sent is logged, never raised: the action behind it was
committed before the reply was sent, so nobody must be told "try again".
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cache, partial
from typing import Any, TypeVar

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MenuButtonWebApp, Message, WebAppInfo
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, filters
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.dialogs.engine import Button, Dialogs, Reply
from bot.services import Services

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_TEXT = 4096
SEND_ATTEMPTS = 4
MAX_RETRY_AFTER = 60.0  # longer than this and the person has long stopped waiting for this reply
# New messages in private chats only: an edited message is not a new command or a new answer.
PRIVATE_MESSAGES = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


@cache
def tls_context() -> ssl.SSLContext:
    """The one TLS context of this process's connections to Telegram (httpx's defaults: certifi's CA bundle,
    or SSL_CERT_FILE / SSL_CERT_DIR). httpx would load the bundle again for every client, ~25 ms of CPU and
    ~0.8 MB each: the bot has two (getUpdates, and the rest), the delivery engine one per drain, and every
    file download another."""
    return httpx.create_ssl_context()


def telegram_request(**options: Any) -> HTTPXRequest:
    """PTB's `HTTPXRequest` (`options` are its own) on the shared TLS context."""
    return HTTPXRequest(httpx_kwargs={"verify": tls_context()}, **options)


@dataclass
class BotData:
    """The objects every handler shares, built once by `bot.app.build_application`."""

    services: Services
    dialogs: Dialogs
    router: Any = None
    """The `bot.router.Router` that wired the application (typed loosely: the router sits above this module)."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """PTB's context with typed shortcuts to the shared objects."""

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def dialogs(self) -> Dialogs:
        return self.bot_data.dialogs


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]


def context_types(data: BotData) -> ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData]:
    """`ContextTypes` whose `bot_data` is the one `BotData` (PTB calls the factory with no arguments)."""
    types: ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
        context=BotContext, bot_data=lambda: data)  # type: ignore[call-overload]
    return types


@asynccontextmanager
async def initialized(application: BotApplication) -> AsyncIterator[BotApplication]:
    """`initialize` and `post_init` before the block, `shutdown` and `post_shutdown` after it: the order of PTB's
    own `run_polling`/`run_webhook`, written once for our polling and webhook servers (which run it themselves
    so the Mini App and the webhook can share one HTTP server)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    try:
        yield application
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


@asynccontextmanager
async def started(
    application: BotApplication, before_stop: Callable[[], Awaitable[object]] | None = None,
) -> AsyncIterator[BotApplication]:
    """`start` before the block; after it `before_stop` (the updater, for polling), `stop` and `post_stop`."""
    await application.start()
    try:
        yield application
    finally:
        if before_stop is not None:
            await before_stop()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)


def polling_error(exc: TelegramError) -> None:
    """A failed getUpdates: one line (PTB retries it by itself; its default logs a traceback each time)."""
    log.warning("getUpdates failed, retrying: %s", exc.message)


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[_inline_button(b) for b in row] for row in rows])


def _inline_button(button: Button) -> InlineKeyboardButton:
    if button.web_app is not None:
        return InlineKeyboardButton(button.label, web_app=WebAppInfo(button.web_app))
    return InlineKeyboardButton(button.label, callback_data=button.value)


def _chunks(text: str) -> list[str]:
    """Split an over-long message at line breaks (Telegram's limit is 4,096 characters)."""
    if len(text) <= MAX_TEXT:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        if len(current) + len(line) + 1 > MAX_TEXT and current:
            parts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:MAX_TEXT]
    parts.append(current)
    return parts


def retry_after_seconds(error: RetryAfter) -> float:
    """`retry_after` in seconds: PTB gives int seconds, or a timedelta with PTB_TIMEDELTA set, and warns
    about the change on every read without it; read either way, quietly. The one place that reads it (the
    replies here and the delivery engine's policy)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def call_interactive(call: Callable[[], Awaitable[T]], what: str) -> T | None:
    """One Bot API call for someone waiting on it: 429 waits `retry_after` and tries again, 5xx and dropped
    connections are tried again; None when it could not be done (logged, one line, no traceback)."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as exc:
            wait = retry_after_seconds(exc)
            if wait > MAX_RETRY_AFTER:
                log.warning("%s: Telegram asks to wait %ss; not sent", what, wait)
                return None
            await asyncio.sleep(wait)
        except (BadRequest, Forbidden) as exc:  # refused for good: trying again changes nothing
            log.warning("%s refused: %s", what, exc.message)
            return None
        except (TimedOut, NetworkError) as exc:  # TimedOut is a NetworkError; 5xx arrive as NetworkError too
            if attempt == SEND_ATTEMPTS:
                log.warning("%s failed %d times: %s", what, attempt, exc.message)
                return None
            await asyncio.sleep(0.2 * attempt)
    return None


async def deliver(bot: ExtBot[None] | Any, chat_id: int, replies: Sequence[Reply]) -> list[Message]:
    """Send the replies in order; what could not be sent is logged and skipped (see the module's doc)."""
    sent: list[Message] = []

    async def one(call: Callable[[], Awaitable[Message]]) -> None:
        message = await call_interactive(call, f"reply to {chat_id}")
        if message is not None:
            sent.append(message)

    for reply in replies:
        if reply.menu is not None:
            label, url = reply.menu
            await call_interactive(partial(bot.set_chat_menu_button, chat_id=chat_id,
                                           menu_button=MenuButtonWebApp(label, WebAppInfo(url))),
                                   f"menu button of {chat_id}")
        markup = keyboard(reply.buttons)
        if reply.photo is not None:  # bytes, not a stream: a retry sends the whole file again
            await one(partial(bot.send_photo, chat_id, reply.photo, filename="chart.png", caption=reply.text,
                              reply_markup=markup, parse_mode=ParseMode.HTML))
        elif reply.file is not None:
            kind, file_id = reply.file
            send = bot.send_photo if kind == "photo" else bot.send_document
            await one(partial(send, chat_id, file_id, caption=reply.text, reply_markup=markup,
                              parse_mode=ParseMode.HTML))
        elif reply.document is not None:
            name, content = reply.document
            await one(partial(bot.send_document, chat_id, content, filename=name, caption=reply.text,
                              reply_markup=markup, parse_mode=ParseMode.HTML))
        else:
            parts = _chunks(reply.text)
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                await one(partial(bot.send_message, chat_id, part, reply_markup=markup if last else None,
                                  parse_mode=ParseMode.HTML))
    return sent
