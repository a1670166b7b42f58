"""`python -m bot`: the one entry point. Each feature registers its subcommand with `add_parser`.

To add a command (e.g. `run`, `demo`), write a module with `add_parser(subparsers, lang)` that creates its
parser (help texts in `lang`, the operator's language: `bot.storage.command_line.cli_language`) and sets
`handler` (a function taking the parsed arguments and returning the exit status), and list the command and its
module in `COMMAND_MODULES`. `args.lang` always holds the language. A command named on the command line loads
its own module only (`python -m bot run` does not import the admin commands' roster and workbook code).

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

COMMAND_MODULES: dict[str, str] = {
    "run": "bot.runner",
    "db": "bot.storage.cli",
    "admin": "bot.admin.cli",
    "demo": "bot.demo.cli",
}
"""Each command and the module whose `add_parser` registers it, in the order `--help` lists them."""
UNUSED_OPTIONAL_MODULES: tuple[str, ...] = (
    "telegram.ext._utils.webhookhandler",  # PTB's own webhook server (tornado): bot.webhook serves with Starlette
    "httpx._main",  # httpx's command-line client: click and pygments, when they happen to be installed
)


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line, like every other refusal (the usage is one --help away)."""

    lang: Lang = "id"

    def error(self, message: str) -> NoReturn:
        self.exit(2, plain("cli.usage_error", self.lang, prog=self.prog, message=message) + "\n")


def leave_out_unused_modules() -> None:
    """Keep the optional parts of libraries that `python -m bot` never uses from loading with them: tornado
    (~3 MB) with PTB's webhook server, click and pygments (~2 MB) with httpx's command line, ~40 ms of a start
    between them. An import that finds None in `sys.modules` fails, and both libraries expect that failure (PTB
    then lacks only its own `run_webhook`, httpx its `httpx` command). For this program alone, not on import:
    tests and the emulator's harness use PTB's webhook server."""
    for name in UNUSED_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not importable", as documented


def build_parser(lang: Lang = "id", command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser; or, when `command` is one of `COMMAND_MODULES`, that command's alone, so that
    only its module is loaded (any other first word, `--help` included, gets them all)."""
    Parser.lang = lang
    parser = Parser(prog="python -m bot", description=plain("cli.bot.description", lang))
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
    for name in chosen:
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
    args = build_parser(lang, arguments[0] if arguments else None).parse_args(arguments)
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
    leave_out_unused_modules()
    sys.exit(main())
