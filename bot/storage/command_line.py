"""What every `python -m bot` command that opens the database shares: the operator's language, the options
`--url` and `--lang`, the database named in the first line, and one line (never a traceback) when the database
cannot be used.

The language of the command line is `--lang id|en` when given, else DEFAULT_LANGUAGE (environment or `.env`),
else Indonesian, like the bot. It is decided before the parser is built, so the help texts speak it too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.storage.db import is_sqlite
from bot.storage.settings import DatabaseSettings, default_database_url, load_database_settings
from bot.texts import LANGUAGES, Lang, lang_of, plain

LANG_OPTION = "--lang"


class CommandFailed(Exception):
    """A command that cannot be carried out: `message` is printed as one line on stderr, `status` is the exit
    status (2: the input, the settings or the database cannot be used; 1: a refusal, e.g. an unknown NIP)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def cli_language(argv: Sequence[str]) -> Lang:
    """`--lang id|en` anywhere on the command line, else DEFAULT_LANGUAGE, else Indonesian."""
    for index, argument in enumerate(argv):
        if argument == LANG_OPTION and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith(LANG_OPTION + "="):
            value = argument.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            return lang_of(value)
    try:
        return lang_of(DatabaseSettings().DEFAULT_LANGUAGE)
    except ValidationError:  # the command itself reports the bad setting, in Indonesian
        return "id"


def common_options(lang: Lang) -> argparse.ArgumentParser:
    """A parent parser with `--url` and `--lang`, shared by the `db` and `admin` subcommands."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--url", help=plain("cli.help.url", lang))
    parent.add_argument(LANG_OPTION, choices=LANGUAGES, help=plain("cli.help.lang", lang))
    return parent


def command_settings(args: argparse.Namespace, *, data_on_stdout: bool = False) -> DatabaseSettings:
    """The settings with `--url` applied; the database they name is the first line of the output (stdout; stderr
    when `data_on_stdout`, e.g. `invite -o -`, so that the data stays clean), and stderr keeps one line for
    an error."""
    overrides = {"DATABASE_URL": args.url} if getattr(args, "url", None) else {}
    settings = load_database_settings(**overrides)
    try:
        where = describe_database(settings.DATABASE_URL)
    except ArgumentError:
        raise CommandFailed(plain("cli.db.bad_url", args.lang, url=settings.DATABASE_URL)) from None
    print(plain("cli.database", args.lang, where=where), file=sys.stderr if data_on_stdout else sys.stdout)
    return settings


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def describe_database(url: str) -> str:
    """For people: the SQLite file's full path, or the server URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return f"SQLite {path.resolve()}"
    return make_url(url).render_as_string(hide_password=True)


def check_sqlite_folder(url: str, lang: Lang, *, create_default: bool = False) -> None:
    """Refuse a SQLite file whose folder does not exist (a typo in a path must not create folders), except the
    default location, whose folder `create_default` makes."""
    path = sqlite_file(url)
    if path is not None and path.is_dir():
        raise CommandFailed(plain("cli.db.is_folder", lang, path=str(path)))
    if path is None or path.parent.is_dir():
        return
    if create_default and url == default_database_url():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandFailed(plain("cli.db.cannot_create_folder", lang, folder=str(path.parent),
                                      reason=error.strerror or str(error))) from None
        return
    raise CommandFailed(plain("cli.db.folder_missing", lang, folder=str(path.parent), file=path.name))


def reason(error: BaseException) -> str:
    """The first line of a database or system error, without SQLAlchemy's links and wrapping."""
    cause: BaseException = getattr(error, "orig", None) or error
    text = (cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause)).strip()
    return text.splitlines()[0].removesuffix(".") if text else type(cause).__name__


@contextmanager
def database_errors(url: str, lang: Lang, *, connecting: bool = True) -> Iterator[None]:
    """A database that cannot be reached or opened becomes one line naming it and the reason. `connecting`:
    an OSError is the connection's too (else it is a file's, described by `python -m bot` itself)."""
    caught = (OSError, SQLAlchemyError) if connecting else SQLAlchemyError
    try:
        yield
    except caught as error:
        raise CommandFailed(
            plain("cli.db.cannot_open", lang, where=describe_database(url), reason=reason(error))
        ) from None


def confirm(question: str, lang: Lang, *, yes: bool) -> None:
    """Go on when `yes` (`--yes`) or the person at the terminal types the word for yes; else refuse (status 1)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise CommandFailed(plain("cli.confirm.needs_yes", lang, question=question), status=2)
    answer = input(plain("cli.confirm.ask", lang, question=question))
    if answer.strip().casefold() not in {plain("cli.confirm.word", lang).casefold(), "yes", "ya"}:
        raise CommandFailed(plain("cli.confirm.declined", lang), status=1)
