"""`python -m bot`: the one entry point. Each feature registers its subcommand with `add_parser`.

To add a command (e.g. `run`, `demo`), write a module with `add_parser(subparsers)` that creates its
parser and sets `handler` (a function taking the parsed arguments and returning the exit status), and
list the module in `COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "bot.runner",
    "bot.storage.cli",
    "bot.admin.cli",
    "bot.demo.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="IP ASN Telegram bot: run it, migrate its database, manage its data."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.handler(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
