"""`python -m bot db upgrade|downgrade|current|check`: the schema, without a bot token."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.storage import schema
from bot.storage.settings import load_database_settings


def database_url(args: argparse.Namespace) -> str:
    """`--url` if given, else DATABASE_URL from the environment or `.env` (validated like the bot's)."""
    overrides = {"DATABASE_URL": args.url} if getattr(args, "url", None) else {}
    return load_database_settings(**overrides).DATABASE_URL


def url_option() -> argparse.ArgumentParser:
    """A parent parser with `--url`, shared by `db` and `admin` subcommands."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--url", help="database URL (default: DATABASE_URL from the environment or .env)")
    return parent


def _upgrade(args: argparse.Namespace) -> int:
    url = database_url(args)
    schema.upgrade(url, args.revision, log=True)
    print(f"{schema.safe_url(url)} is at revision {', '.join(asyncio.run(schema.current_revisions(url)))}")
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    url = database_url(args)
    schema.downgrade(url, args.revision, log=True)
    revisions = asyncio.run(schema.current_revisions(url))
    print(f"{schema.safe_url(url)} is at revision {', '.join(revisions) or 'base (no tables)'}")
    return 0


def _current(args: argparse.Namespace) -> int:
    url = database_url(args)
    current = asyncio.run(schema.current_revisions(url))
    heads = schema.head_revisions()
    state = "head" if set(current) == set(heads) else f"head is {', '.join(heads)}"
    print(f"{', '.join(current) or 'none (no tables)'} ({state})")
    return 0


def _check(args: argparse.Namespace) -> int:
    url = database_url(args)
    problem = schema.check_schema_current(url)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    print(f"{schema.safe_url(url)} is up to date (revision {', '.join(schema.head_revisions())})")
    return 0


def add_parser(subparsers: Any) -> None:
    """Register `db` on the top-level parser (see bot/__main__.py)."""
    db = subparsers.add_parser("db", help="create or migrate the database schema")
    commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    parent = url_option()
    upgrade = commands.add_parser("upgrade", parents=[parent], help="migrate to the newest schema (or REVISION)")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=_upgrade)
    downgrade = commands.add_parser(
        "downgrade", parents=[parent], help="migrate back to REVISION ('base' drops every table)"
    )
    downgrade.add_argument("revision")
    downgrade.set_defaults(handler=_downgrade)
    commands.add_parser("current", parents=[parent], help="show the database's revision").set_defaults(handler=_current)
    commands.add_parser(
        "check", parents=[parent], help="exit 1 (with the command to run) unless the schema is current"
    ).set_defaults(handler=_check)
