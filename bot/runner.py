"""`python -m bot run`: the bot in production, by long polling (default) or behind a webhook."""

from __future__ import annotations

import argparse
import logging
import sys
from urllib.parse import urlparse

from telegram import Update

from bot.app import build_application
from bot.config import load_settings
from bot.storage.schema import check_schema_current


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("run", help="start the bot (long polling; --webhook for production)")
    parser.add_argument("--webhook", action="store_true", help="receive updates on WEBHOOK_URL instead of polling")
    parser.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = load_settings()
    # Migrating is an explicit step (`python -m bot db upgrade`): never done silently at start-up.
    problem = check_schema_current(settings.DATABASE_URL)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    application = build_application(settings)
    if not args.webhook:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return 0
    if not settings.WEBHOOK_URL:
        print("Configuration error: WEBHOOK_URL: missing (needed for --webhook; see .env.example)", file=sys.stderr)
        return 2
    secret = settings.WEBHOOK_SECRET.get_secret_value() if settings.WEBHOOK_SECRET else None
    application.run_webhook(
        listen=settings.WEBHOOK_LISTEN,
        port=settings.WEBHOOK_PORT,
        url_path=urlparse(settings.WEBHOOK_URL).path.lstrip("/"),
        webhook_url=settings.WEBHOOK_URL,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
    return 0
