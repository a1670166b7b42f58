"""`python -m bot db upgrade|downgrade|current|check`: the schema, without a bot token.

Each command names the database in its first line (stderr), and a database that cannot be reached or created
is one line with exit status 2 (`bot.storage.command_line`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.storage import schema
from bot.storage.command_line import (
    CommandFailed,
    check_sqlite_folder,
    command_settings,
    common_options,
    confirm,
    database_errors,
    describe_database,
)
from bot.texts import Lang, plain


def database_url(args: argparse.Namespace, *, create_default_folder: bool = False) -> str:
    """`--url` if given, else DATABASE_URL from the environment or `.env`, else the default file; named in the
    first line. A SQLite file in a folder that does not exist is refused (the default's folder is made)."""
    url = command_settings(args).DATABASE_URL
    check_sqlite_folder(url, args.lang, create_default=create_default_folder)
    return url


def _current_revisions(url: str, lang: Lang) -> tuple[str, ...]:
    with database_errors(url, lang):
        return asyncio.run(schema.current_revisions(url))


def _revisions(url: str, lang: Lang) -> str:
    return ", ".join(_current_revisions(url, lang)) or plain("cli.db.base", lang)


def _target(revision: str, lang: Lang) -> None:
    if not schema.is_known_target(revision):
        raise CommandFailed(plain("cli.db.unknown_target", lang, revision=revision,
                                  known=", ".join(schema.known_revisions())))


def _upgrade(args: argparse.Namespace) -> int:
    _target(args.revision, args.lang)
    url = database_url(args, create_default_folder=True)
    _current_revisions(url, args.lang)  # it opens, before Alembic's log lines start
    with database_errors(url, args.lang):
        schema.upgrade(url, args.revision, log=True)
    print(plain("cli.db.at_revision", args.lang, where=describe_database(url), revisions=_revisions(url, args.lang)))
    return 0


def _downgrade(args: argparse.Namespace) -> int:
    _target(args.revision, args.lang)
    url = database_url(args)
    where = describe_database(url)
    key = "cli.db.downgrade_base" if args.revision == "base" else "cli.db.downgrade_to"
    _current_revisions(url, args.lang)
    confirm(plain(key, args.lang, where=where, revision=args.revision), args.lang, yes=args.yes)
    with database_errors(url, args.lang):
        schema.downgrade(url, args.revision, log=True)
    print(plain("cli.db.at_revision", args.lang, where=where, revisions=_revisions(url, args.lang)))
    return 0


def _current(args: argparse.Namespace) -> int:
    url = database_url(args)
    current = _revisions(url, args.lang)
    heads = ", ".join(schema.head_revisions())
    state = plain("cli.db.is_head", args.lang) if current == heads else plain("cli.db.head_is", args.lang, heads=heads)
    print(f"{current} ({state})")
    return 0


def _check(args: argparse.Namespace) -> int:
    url = database_url(args)
    problem = schema.describe_schema_state(url, _current_revisions(url, args.lang), schema.head_revisions(), args.lang)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    print(plain("cli.db.up_to_date", args.lang, where=describe_database(url),
                revisions=", ".join(schema.head_revisions())))
    return 0


def add_parser(subparsers: Any, lang: Lang) -> None:
    """Register `db` on the top-level parser (see bot/__main__.py)."""
    db = subparsers.add_parser("db", help=plain("cli.db.help", lang), description=plain("cli.db.help", lang))
    commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    parent = common_options(lang)
    upgrade = commands.add_parser("upgrade", parents=[parent], help=plain("cli.db.upgrade.help", lang),
                                  description=plain("cli.db.upgrade.help", lang))
    upgrade.add_argument("revision", nargs="?", default="head", help=plain("cli.db.revision.help", lang))
    upgrade.set_defaults(handler=_upgrade)
    downgrade = commands.add_parser("downgrade", parents=[parent], help=plain("cli.db.downgrade.help", lang),
                                    description=plain("cli.db.downgrade.help", lang))
    downgrade.add_argument("revision", help=plain("cli.db.revision.help", lang))
    downgrade.add_argument("--yes", action="store_true", help=plain("cli.db.yes.help", lang))
    downgrade.set_defaults(handler=_downgrade)
    commands.add_parser("current", parents=[parent], help=plain("cli.db.current.help", lang)).set_defaults(
        handler=_current
    )
    commands.add_parser("check", parents=[parent], help=plain("cli.db.check.help", lang)).set_defaults(
        handler=_check
    )
