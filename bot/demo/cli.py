"""`python -m bot demo`: try the bot without a bot token, in the terminal, on a throw-away database.

The database is migrated here, before the event loop starts, because Alembic's async env.py runs its own
loop (`asyncio.run`), which cannot be nested inside the demo's.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bot.demo.terminal import Screen
from bot.storage.schema import upgrade
from bot.texts import Lang, plain

TYPING = """\
what you type (at the keyboard or in a script):
  text                 sent as a message; /commands go to the bot (/start, /asesmen, /jp …)
  3                    presses button [3] of the bot's latest buttons (a number is sent as text when
                       those are only Back/Cancel/Skip, shown unnumbered: the question wants text)
  [Lanjut]             presses the button with that label (or the only one containing it)
  \\3                   sends "3" as text even where it would press a button
  /as hr|atasan|pegawai|<name>   chat as someone else of the demo agency; /as lists them
  /kirim FILE          sends a photo (an image) or a document (e.g. a certificate PDF)
  /keluar, Ctrl-D      quits
  {today}, {today-N}   in a script: today's date, or N days ago (d/m/yyyy)
"""
DEFAULT_OUTPUT_DIR = Path("demo-output")
DEFAULT_TIMEOUT = 30.0
LOG_NAME = "bot.log"


def run_folder(base: Path, now: datetime) -> Path:
    """A new folder under `base` for this run (`2026-12-07_112305`, then `…-2` within the same second): the
    files of one run are never mixed with, nor numbered after, those of another."""
    stem = now.strftime("%Y-%m-%d_%H%M%S")
    for attempt in range(1, 1000):
        folder = base / (stem if attempt == 1 else f"{stem}-{attempt}")
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"{base / stem}: too many runs in one second")


class ErrorCount(logging.Handler):
    """Counts what the bot logged at ERROR or above, so the demo can point to the log at the end."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            return  # a job cancelled as the demo stops (APScheduler logs it as an error): not a fault
        self.count += 1


@contextmanager
def logging_to(path: Path) -> Iterator[ErrorCount]:
    """The bot's log goes to `path`, not the terminal: a line logged by a background job (a skipped reminder
    occasion, a delivery retry) must not land in the middle of what the person is typing."""
    root = logging.getLogger()
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    counter = ErrorCount()
    level = root.level
    root.addHandler(handler)
    root.addHandler(counter)
    root.setLevel(min(level, logging.INFO) if level else logging.INFO)
    for noisy in ("httpx", "httpcore", "apscheduler"):  # a line per request or wake-up: not news
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        yield counter
    finally:
        root.removeHandler(handler)
        root.removeHandler(counter)
        root.setLevel(level)
        handler.close()


def configure(parser: argparse.ArgumentParser) -> None:
    """The demo's options, shared by `python -m bot demo` and `main` below."""
    parser.add_argument(
        "--script", type=Path, metavar="FILE",
        help="type the lines of FILE (one per line, '#' comments ignored) instead of reading the keyboard, "
             "print the conversation and exit (status 1 if a line could not be carried out); lines piped "
             "to standard input are replayed the same way",
    )
    parser.add_argument(
        "--database", type=Path, metavar="PATH",
        help="keep the demo database in this SQLite file (default: a temporary one, deleted at exit)",
    )
    parser.add_argument(
        "--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR, metavar="DIR",
        help=f"each run makes a new folder DIR/<date>_<time> for the images and files the bot sends and "
             f"the bot's log ({LOG_NAME}) (default: {DEFAULT_OUTPUT_DIR})",
    )
    parser.add_argument(
        "--measured", action="store_true",
        help="a new demo agency is measured twice, on 30 November last year and today (everyone but Rina), so "
             "HR's /rekap has results to drill into, advice to rank and a change to show (bot/demo/hr.txt)",
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"how long to wait for the bot to handle one line (default: {DEFAULT_TIMEOUT:g})",
    )


def add_parser(subparsers: argparse._SubParsersAction, lang: Lang = "id") -> None:  # type: ignore[type-arg]
    """Register `demo` on the top-level parser (see bot/__main__.py); its options are explained in English."""
    parser = subparsers.add_parser(
        "demo", help=plain("cli.demo.help", lang), description=plain("cli.demo.description", lang),
        epilog=TYPING, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    configure(parser)
    parser.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `python -m bot` imports every command module to build its parser,
    # and `db` or `admin` should not pay for loading the whole bot (telegram, matplotlib) on each call.
    from bot.demo.session import read_script

    # python-telegram-bot warns on every RetryAfter unless durations are timedeltas (see docs/style.md).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    script: list[str] | None = None
    if args.script is not None:
        try:
            script = read_script(args.script.read_text(encoding="utf-8"))
        except OSError as error:
            print(f"demo: cannot read the script: {error}", file=sys.stderr)
            return 2
    elif not sys.stdin.isatty():
        # Lines piped in (`python -m bot demo < lines.txt`) are a script too: replayed one by one and
        # echoed, where reading them as keystrokes would print prompts with no typing after them.
        script = read_script(sys.stdin.read())
    try:
        folder = run_folder(args.output_dir, datetime.now())
    except OSError as error:
        print(f"demo: cannot create a folder in {args.output_dir}: {error.strerror or error}", file=sys.stderr)
        return 2
    screen = Screen(sys.stdout, folder)
    log_path = folder / LOG_NAME
    with logging_to(log_path) as errors:
        try:
            if args.database is not None:
                args.database.parent.mkdir(parents=True, exist_ok=True)
                status = _run(args.database, f"database {args.database}", screen, script, args.timeout,
                              args.measured)
            else:
                with tempfile.TemporaryDirectory(prefix="ipasn-demo-") as directory:
                    status = _run(Path(directory) / "demo.db", "database sementara (dihapus saat keluar)", screen,
                                  script, args.timeout, args.measured)
        except KeyboardInterrupt:
            screen.write()
            screen.note("Dihentikan.")
            status = 130
    if errors.count:
        screen.note(f"{errors.count} galat tercatat di log bot: {log_path}")
    return status


def _run(path: Path, label: str, screen: Screen, script: list[str] | None, timeout: float,
         measured: bool = False) -> int:
    from bot.demo.session import run_demo

    url = f"sqlite+aiosqlite:///{path.resolve()}"
    upgrade(url)
    return asyncio.run(run_demo(url, screen, database_label=label, script=script, timeout=timeout,
                                measured=measured))


def main(argv: Sequence[str] | None = None) -> int:
    """`demo` on its own, e.g. `main(["--script", "bot/demo/example.txt"])` in a test."""
    parser = argparse.ArgumentParser(prog="python -m bot demo", description=__doc__, epilog=TYPING,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    configure(parser)
    return demo_command(parser.parse_args(argv))
