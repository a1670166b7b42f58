"""Running a real `telegram.ext.Application` inside a test, by polling or by webhook, against the emulator.

`Application.run_polling()` owns the event loop, so an async test starts the pieces itself, in the order
PTB's own runner uses, and stops them in reverse. PTB 22's `initialize()` does not call `post_init`
(`run_polling` does), so the harness calls the post_* hooks too: the application under test then starts
exactly as in production.
"""

from __future__ import annotations

import datetime as dtm
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def free_tcp_port() -> int:
    """A port on 127.0.0.1 free right now, for the bot's webhook server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _start(app: AnyApplication) -> None:
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)


async def _stop(app: AnyApplication) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


def _updater(app: AnyApplication) -> Any:
    if app.updater is None:
        raise ValueError("the Application was built without an Updater (ApplicationBuilder().updater(None))")
    return app.updater


@asynccontextmanager
async def run_polling(
    app: AnyApplication, *, poll_timeout: float = 10.0, drop_pending_updates: bool = False,
    error_callback: Callable[[TelegramError], None] | None = None,
) -> AsyncIterator[AnyApplication]:
    """The application polling the emulator (getUpdates), until the block ends; `error_callback` as in
    PTB's `Updater.start_polling` (default: PTB logs each failed getUpdates with its traceback)."""
    await _start(app)
    try:
        await _updater(app).start_polling(
            poll_interval=0,
            timeout=dtm.timedelta(seconds=poll_timeout),
            drop_pending_updates=drop_pending_updates,
            error_callback=error_callback,
        )
        await app.start()
        yield app
    finally:
        await _stop(app)


@asynccontextmanager
async def run_webhook(
    app: AnyApplication,
    *,
    port: int | None = None,
    url_path: str = "telegram",
    secret_token: str | None = "simulator-secret",
    drop_pending_updates: bool = False,
) -> AsyncIterator[AnyApplication]:
    """The application serving a webhook on 127.0.0.1; PTB registers it with the emulator via setWebhook."""
    port = port or free_tcp_port()
    await _start(app)
    try:
        await _updater(app).start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path=url_path,
            webhook_url=f"http://127.0.0.1:{port}/{url_path}",
            secret_token=secret_token,
            drop_pending_updates=drop_pending_updates,
        )
        await app.start()
        yield app
    finally:
        await _stop(app)
