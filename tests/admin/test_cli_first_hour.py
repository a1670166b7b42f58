"""Issue 15, items 3 and 6: what a BKPSDM clerk meets in the first hour with `python -m bot`, as processes.

Whatever cannot be used (a missing folder, a database that cannot be reached, the placeholder token, no
network) is one line on stderr and exit status 2, never a traceback; every `db` and `admin` command names the
database it uses in its first line, and without DATABASE_URL that is one file per user, whatever the folder.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.simulator import BotApiSimulator
from bot.storage.schema import upgrade
from tests.conftest import call_in_thread

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "bot" / "admin" / "examples" / "roster_example.csv"


def clean_env(**values: str) -> dict[str, str]:
    """The environment of a clerk's shell: no DATABASE_URL, no .env, a home of its own."""
    env = {name: value for name, value in os.environ.items()
           if name not in {"DATABASE_URL", "DEFAULT_LANGUAGE", "XDG_DATA_HOME", "TELEGRAM_BOT_TOKEN"}}
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **values}


def bot(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """The refusal: exit 2, no traceback, exactly one line on stderr."""
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and done.returncode == 2, (done.returncode, done.stderr)
    return lines[0]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_without_database_url_every_folder_uses_the_one_database_of_the_user(tmp_path: Path) -> None:
    """Run from Downloads, then from the desktop: the same database, named in the first line."""
    data = tmp_path / "data"
    env = clean_env(XDG_DATA_HOME=str(data), HOME=str(tmp_path))
    downloads, desktop = tmp_path / "Downloads", tmp_path / "Desktop"
    downloads.mkdir()
    desktop.mkdir()
    database = data / "ipasn-bot" / "ipasn.db"
    created = bot("db", "upgrade", cwd=downloads, env=env)
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines()[0] == f"Basis data: SQLite {database}"
    assert database.exists() and not list(downloads.iterdir()), "the folder made, nothing left where it ran"
    imported = bot("admin", "import-roster", str(EXAMPLE), cwd=desktop, env=env)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.splitlines()[0] == f"Basis data: SQLite {database}"
    assert "Ditulis: dibuat 8" in imported.stdout
    roles = bot("admin", "roles", "--lang", "en", cwd=downloads, env=env)
    assert roles.stdout.splitlines() == [f"Database: SQLite {database}",
                                         "No roles granted yet (grant-role NIP hr_admin)."]
    current = bot("db", "current", cwd=desktop, env=env)
    assert current.stdout.splitlines()[0] == f"Basis data: SQLite {database}"


def test_database_url_still_wins_and_its_password_is_never_shown(tmp_path: Path) -> None:
    env = clean_env(XDG_DATA_HOME=str(tmp_path / "data"),
                    DATABASE_URL=f"postgresql+asyncpg://clerk:rahasia@127.0.0.1:{closed_port()}/ipasn")
    done = bot("admin", "roles", cwd=tmp_path, env=env)
    assert done.stdout.splitlines()[0].startswith("Basis data: postgresql+asyncpg://clerk:***@127.0.0.1")
    line = one_line(done)
    assert line.startswith("Basis data postgresql+asyncpg://clerk:***@127.0.0.1") and "tidak dapat dibuka" in line
    assert "rahasia" not in done.stdout + done.stderr


@pytest.mark.parametrize("command", [["db", "upgrade"], ["db", "current"], ["db", "check"],
                                     ["admin", "import-roster", str(EXAMPLE)], ["admin", "roles"]])
def test_an_unreachable_postgresql_is_one_line(tmp_path: Path, command: list[str]) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/ipasn"
    line = one_line(bot(*command, "--url", url, "--lang", "en", cwd=tmp_path, env=clean_env()))
    assert line.startswith("Cannot open the database postgresql+asyncpg://postgres@127.0.0.1:"), line


def test_a_sqlite_file_in_a_missing_folder_is_named_as_such_not_as_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nope' / 'ipasn.db'}"
    env = clean_env()
    upgrade_line = one_line(bot("db", "upgrade", "--url", url, cwd=tmp_path, env=env))
    assert upgrade_line == (f"Folder {tmp_path / 'nope'} untuk berkas basis data ipasn.db tidak ada: periksa "
                            "DATABASE_URL atau --url (atau buat foldernya dulu).")
    assert not (tmp_path / "nope").exists(), "a typo in a path creates no folders"
    import_line = one_line(bot("admin", "import-roster", str(EXAMPLE), "--url", url, cwd=tmp_path, env=env))
    assert import_line == upgrade_line and "belum berisi tabel" not in import_line
    missing_file = f"sqlite+aiosqlite:///{tmp_path / 'belum.db'}"
    first_time = one_line(bot("admin", "roles", "--url", missing_file, "--lang", "en", cwd=tmp_path, env=env))
    assert first_time == (f"The database SQLite {tmp_path / 'belum.db'} does not exist yet. Create it with: "
                          "python -m bot db upgrade")
    assert not (tmp_path / "belum.db").exists()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> str:
    database = tmp_path_factory.mktemp("migrated") / "ipasn.db"
    url = f"sqlite+aiosqlite:///{database}"
    call_in_thread(lambda: upgrade(url))
    return url


@pytest.mark.parametrize("command", [["export"], ["report"], ["invite"]])
def test_an_output_in_a_missing_folder_is_one_line_before_any_work(
    tmp_path: Path, migrated: str, command: list[str]
) -> None:
    target = tmp_path / "laporan" / "hasil.xlsx"
    line = one_line(bot("admin", *command, "-o", str(target), "--url", migrated, cwd=tmp_path, env=clean_env()))
    assert line == f"{target} tidak dapat ditulis: folder {target.parent} tidak ada."


def test_run_with_the_placeholder_token_is_one_line(tmp_path: Path, migrated: str) -> None:
    """The token of .env.example, against a Telegram that answers 401 as the real one does."""

    async def scenario() -> subprocess.CompletedProcess[str]:
        async with BotApiSimulator() as sim:
            env = clean_env(TELEGRAM_BOT_TOKEN="123456789:replace-with-your-token", DATABASE_URL=migrated,
                            TELEGRAM_API_BASE_URL=sim.base_url)
            return await asyncio.to_thread(bot, "run", cwd=tmp_path, env=env)

    line = one_line(asyncio.run(scenario()))
    assert line.startswith("Telegram menolak TELEGRAM_BOT_TOKEN")


def test_run_without_network_is_one_line(tmp_path: Path, migrated: str) -> None:
    env = clean_env(TELEGRAM_BOT_TOKEN="123456789:AAHfakefakefakefakefakefakefakefake", DATABASE_URL=migrated,
                    TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{closed_port()}/bot", DEFAULT_LANGUAGE="en")
    line = one_line(bot("run", cwd=tmp_path, env=env))
    assert line.startswith("Cannot reach Telegram (")


def test_downgrade_to_base_asks_first(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'ipasn.db'}"
    env = clean_env()
    assert bot("db", "upgrade", "--url", url, cwd=tmp_path, env=env).returncode == 0
    answered_no = subprocess.run([sys.executable, "-m", "bot", "db", "downgrade", "base", "--url", url],
                                 cwd=tmp_path, env=env, input="tidak\n", capture_output=True, text=True,
                                 timeout=120, check=False)
    assert answered_no.returncode == 2 and "--yes" in answered_no.stderr  # no terminal: never silently
    assert "terbaru" in bot("db", "current", "--url", url, cwd=tmp_path, env=env).stdout
    done = bot("db", "downgrade", "base", "--yes", "--url", url, cwd=tmp_path, env=env)
    assert done.returncode == 0 and "base (tanpa tabel)" in done.stdout


def test_help_texts_speak_the_operators_language_and_say_what_each_argument_is(tmp_path: Path) -> None:
    env = clean_env()
    run_help = bot("run", "--help", cwd=tmp_path, env=env).stdout
    assert "Menjalankan bot dengan token di TELEGRAM_BOT_TOKEN" in run_help
    grant = bot("admin", "grant-role", "--help", cwd=tmp_path, env=env).stdout
    assert "NIP pegawai (18 angka" in grant and "supervisor (atasan) atau hr_admin" in grant
    skp = bot("admin", "import-skp", "--help", "--lang", "en", cwd=tmp_path, env=env).stdout
    assert "README: section 'History files'" in skp and "Roster layout" not in skp
    roster = bot("admin", "import-roster", "--help", cwd=tmp_path, env=clean_env(DEFAULT_LANGUAGE="en")).stdout
    assert "README: section 'Roster layout'" in roster and "check and list who and what would change" in roster
