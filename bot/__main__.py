"""`python -m bot`: the one entry point. Each feature registers its subcommand with `add_parser`.

To add a command (e.g. `run`, `demo`), write a module with `add_parser(subparsers, lang)` that creates its
parser (help texts in `lang`, the operator's language: `bot.storage.command_line.cli_language`) and sets
`handler` (a function taking the parsed arguments and returning the exit status), and list the module in
`COMMAND_MODULES`. `args.lang` always holds the language.

Whatever goes wrong ends as one line on stderr and an exit status, never a traceback: a handler raises
`CommandFailed` for what it foresaw; files, databases and Telegram that cannot be reached are described here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy.exc import SQLAlchemyError

from bot.storage.command_line import CommandFailed, cli_language, reason
from bot.texts import Lang, plain

COMMAND_MODULES: tuple[str, ...] = (
    "bot.runner",
    "bot.storage.cli",
    "bot.admin.cli",
    "bot.demo.cli",
)


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line, like every other refusal (the usage is one --help away)."""

    lang: Lang = "id"

    def error(self, message: str) -> NoReturn:
        self.exit(2, plain("cli.usage_error", self.lang, prog=self.prog, message=message) + "\n")


def build_parser(lang: Lang = "id") -> argparse.ArgumentParser:
    Parser.lang = lang
    parser = Parser(prog="python -m bot", description=plain("cli.bot.description", lang))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers, lang)
    return parser


def describe_failure(error: Exception, lang: Lang) -> str:
    """One line for an error no handler foresaw: Telegram, the network, a file, a database, or a bug."""
    telegram = sys.modules.get("telegram.error")  # loaded only by `run` and `demo`: never imported for this
    if telegram is not None:
        if isinstance(error, telegram.InvalidToken):
            return plain("cli.run.invalid_token", lang)
        if isinstance(error, telegram.NetworkError):
            return plain("cli.run.no_network", lang, reason=reason(error))
    if isinstance(error, SQLAlchemyError):
        return plain("cli.failed.database", lang, reason=reason(error))
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return plain("cli.failed.system", lang, where=where, reason=reason(error))
    return plain("cli.failed.internal", lang, kind=type(error).__name__, reason=str(error).splitlines()[0]
                 if str(error) else "")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = cli_language(arguments)
    args = build_parser(lang).parse_args(arguments)
    if getattr(args, "lang", None) is None:
        args.lang = lang
    try:
        status: int = args.handler(args)
    except CommandFailed as failure:
        print(failure.message, file=sys.stderr)
        return failure.status
    except KeyboardInterrupt:
        print(plain("cli.interrupted", lang), file=sys.stderr)
        return 130
    except Exception as error:
        if sys.flags.dev_mode:  # `python -X dev -m bot …`: the whole story, for developers
            raise
        print(describe_failure(error, lang), file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
