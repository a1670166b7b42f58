"""`python -m bot run`: the bot in production, by long polling (default) or behind a webhook."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any
from urllib.parse import urlparse

from telegram import Update

from bot.app import build_application
from bot.config import Settings, load_settings
from bot.storage.schema import check_schema_current
from bot.telegram_io import BotApplication, initialized, polling_error, started
from bot.texts import Lang, plain

log = logging.getLogger(__name__)


def add_parser(subparsers: argparse._SubParsersAction, lang: Lang = "id") -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "run", help=plain("cli.run.help", lang), description=plain("cli.run.description", lang)
    )
    parser.add_argument("--webhook", action="store_true", help=plain("cli.run.webhook.help", lang))
    parser.set_defaults(handler=run_command)


async def check_telegram(application: BotApplication) -> None:
    """getMe once, before logging and the application start: a wrong token (InvalidToken) or no network
    (NetworkError) then ends as one line from `python -m bot`, not as python-telegram-bot's logged retries.
    It is the application's own bot that asks (its `initialize` later finds it done): no second HTTP client
    and no second getMe at start."""
    try:
        await application.bot.initialize()
    except BaseException:
        await application.bot.shutdown()
        raise


def run_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    # Migrating is an explicit step (`python -m bot db upgrade`): never done silently at start-up.
    problem = check_schema_current(settings.DATABASE_URL, args.lang)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    return asyncio.run(_run(build_application(settings), settings, webhook=args.webhook))


async def _run(application: BotApplication, settings: Settings, *, webhook: bool) -> int:
    """One event loop from the token check to the end (the bot's HTTP connections belong to it)."""
    await check_telegram(application)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not webhook:
        await _until_stopped(polling_with_webapp(application, settings))
        return 0
    problem = _webhook_problem(settings)
    if problem is not None:
        await application.bot.shutdown()
        print(problem, file=sys.stderr)
        return 2
    from bot.webhook import new_secret, serving  # the HTTP stack only where a webhook is served

    if settings.WEBHOOK_SECRET is not None:
        secret = settings.WEBHOOK_SECRET.get_secret_value()
    else:
        secret = new_secret()
        log.warning("WEBHOOK_SECRET is not set: a random secret was made for this process and registered with "
                    "setWebhook (several processes behind one URL need one shared WEBHOOK_SECRET)")
    url = settings.WEBHOOK_URL
    assert url is not None  # _webhook_problem has checked it
    await _until_stopped(serving(application, listen=settings.WEBHOOK_LISTEN, port=settings.WEBHOOK_PORT,
                                 url_path=urlparse(url).path, webhook_url=url, secret=secret,
                                 extra_routes=webapp_routes_of(application, settings)))
    return 0


def _webhook_problem(settings: Settings) -> str | None:
    if not settings.WEBHOOK_URL:
        return "Configuration error: WEBHOOK_URL: missing (needed for --webhook; see .env.example)"
    if settings.WEBAPP_URL and webapp_path(settings) == "/" + urlparse(settings.WEBHOOK_URL).path.strip("/"):
        return "Configuration error: WEBAPP_URL and WEBHOOK_URL need different paths"
    return None


def webapp_path(settings: Settings) -> str:
    from bot.webapp.server import mount_path

    return mount_path(settings.WEBAPP_URL)


def webapp_routes_of(application: BotApplication, settings: Settings) -> list[Any]:
    """The Mini App's routes when WEBAPP_URL is set (none otherwise: nothing is served that no button opens)."""
    if not settings.WEBAPP_URL:
        return []
    from bot.webapp.server import webapp_routes

    return webapp_routes(application.bot_data.services, settings.TELEGRAM_BOT_TOKEN.get_secret_value(),
                         webapp_path(settings))


@asynccontextmanager
async def polling_with_webapp(application: BotApplication, settings: Settings) -> AsyncIterator[BotApplication]:
    """Polling, and the Mini App on its own listener (WEBAPP_LISTEN:WEBAPP_PORT) when WEBAPP_URL is set."""
    routes = webapp_routes_of(application, settings)
    if not routes:
        async with polling(application) as running:
            yield running
        return
    from bot.webapp.serve import http_server
    from bot.webapp.server import starlette_app

    async with http_server(starlette_app(routes), host=settings.WEBAPP_LISTEN, port=settings.WEBAPP_PORT), \
            polling(application) as running:
        log.info("Mini App served on http://%s:%d%s/", settings.WEBAPP_LISTEN, settings.WEBAPP_PORT,
                 webapp_path(settings))
        yield running


@asynccontextmanager
async def polling(application: BotApplication) -> AsyncIterator[BotApplication]:
    """The application started and polling until the block ends; a failed getUpdates is one log line."""
    async with initialized(application):
        updater = application.updater
        assert updater is not None
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=polling_error)
        async with started(application, before_stop=updater.stop):
            yield application


async def _until_stopped(running: AbstractAsyncContextManager[BotApplication]) -> None:
    """Serve until SIGINT or SIGTERM, then stop cleanly (updates in progress finish first)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running:
        await stop.wait()
