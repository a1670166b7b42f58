"""What `python -m bot run` loads before it polls: only what the polling bot needs before its first update.

Heavy or unused libraries wait for the command, the export or the server that needs them: the other
commands' code, Alembic, openpyxl and matplotlib, the HTTP stack of the webhook and the Mini App, the emulator,
PTB's own webhook server (tornado) and httpx's command line (click, pygments)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import COMMAND_MODULES, build_parser

ROOT = Path(__file__).resolve().parents[2]
NEVER_AT_START = (
    "alembic", "mako", "openpyxl", "matplotlib", "numpy", "PIL",  # migrations, workbooks, charts
    "uvicorn", "starlette", "bot.webhook", "bot.webapp",  # served only with --webhook or WEBAPP_URL
    "tornado", "click", "pygments",  # PTB's webhook server, httpx's command line
    "bot.simulator", "bot.demo", "bot.admin", "bot.storage.cli",  # the emulator and the other commands
)
OTHER_DATABASE = {"sqlite": ("asyncpg",), "postgresql": ("aiosqlite",)}
"""The other database's driver. (SQLAlchemy's dialect modules of both load with the tables: the outbox's partial
indexes name both dialects' options.)"""
URLS = {"sqlite": "sqlite+aiosqlite:///{tmp}/bot.db", "postgresql": "postgresql+asyncpg://u@127.0.0.1:1/none"}

PROBE = """
import json, sys
import bot.__main__ as entry
entry.leave_out_unused_modules()  # as `python -m bot` does first
entry.build_parser("id", "run")
from bot.app import build_application
from bot.config import Settings
build_application(Settings(TELEGRAM_BOT_TOKEN="123:abc", DATABASE_URL=sys.argv[1]))
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(names: list[str], wanted: tuple[str, ...]) -> list[str]:
    return sorted({w for w in wanted for name in names if name == w or name.startswith(w + ".")})


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_starting_the_bot_loads_nothing_it_does_not_need_to_poll(database: str, tmp_path: Path) -> None:
    url = URLS[database].format(tmp=tmp_path)  # nothing connects: building the application only wires it
    result = subprocess.run([sys.executable, "-c", PROBE, url], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    names = json.loads(result.stdout)
    assert "bot.app" in names and "telegram.ext" in names  # the probe did build the bot
    assert _loaded(names, NEVER_AT_START + OTHER_DATABASE[database]) == []


def test_python_m_bot_leaves_out_the_unused_optional_modules() -> None:
    """The entry point itself (run as `python -m bot`, here with --help, which loads every command)."""
    probe = ("import atexit, json, runpy, sys\n"
             "atexit.register(lambda: print(json.dumps(sorted(sys.modules))))\n"
             "sys.argv = ['bot', '--help']\n"
             "runpy.run_module('bot', run_name='__main__', alter_sys=True)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    names = json.loads(result.stdout.splitlines()[-1])
    assert "telegram.ext" in names and "httpx" in names
    assert _loaded(names, ("tornado", "click", "pygments")) == []


def test_each_command_is_registered_by_the_module_listed_for_it() -> None:
    def commands(parser: argparse.ArgumentParser) -> list[str]:
        return [name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                for name in action.choices]

    assert commands(build_parser("id")) == list(COMMAND_MODULES)
    for command in COMMAND_MODULES:
        assert commands(build_parser("id", command)) == [command]
    assert commands(build_parser("id", "--help")) == list(COMMAND_MODULES)
