"""Issue 15 item 3, swept: bad arguments, files and databases for `python -m bot` and `python -m scoring`.

Each case must end with an exit status 1 or 2 and at most one line on stderr (besides the line naming the
database, there when standard output carries data):
never a traceback, never the catch-all "internal error" (which would mean a case nobody foresaw).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bot.__main__ import main as bot_main
from bot.storage.schema import upgrade
from scoring.io.cli import main as scoring_main
from tests.admin.test_admin_cli import EXAMPLE
from tests.conftest import call_in_thread

FILES = ["junk.csv", "empty.csv", "folder", "fake.xlsx", "missing.csv"]
"""Unusable input files, made by the `place` fixture."""


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad-input")
    (root / "junk.csv").write_bytes(b"\x00\x01garbage\xff\xfe" * 50)
    (root / "empty.csv").write_bytes(b"")
    (root / "folder").mkdir()
    (root / "fake.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    call_in_thread(lambda: upgrade(f"sqlite+aiosqlite:///{root / 'ipasn.db'}"))
    return root


def outcome(run: Callable[[Sequence[str]], int], argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    try:
        status = run(argv)
    except SystemExit as stop:  # argparse's usage errors: its own one line and status 2
        status = stop.code if isinstance(stop.code, int) else 2
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text and "internal error" not in text.lower(), text
    refusal = [line for line in captured.err.splitlines() if line.strip() and not line.startswith("Database:")]
    assert len(refusal) <= 1, refusal
    return status


def bot_cases(place: Path) -> list[list[str]]:
    url = ["--url", f"sqlite+aiosqlite:///{place / 'ipasn.db'}", "--lang", "en"]
    cases = [["admin", command, str(place / name), *url]
             for command in ("import-roster", "import-trainings", "import-skp", "import-penalties") for name in FILES]
    cases += [
        ["admin", "grant-role", "", "hr_admin", *url],
        ["admin", "grant-role", EXAMPLE.name, "supervisor", "--unit", "'; drop table unit; --", *url],
        ["admin", "revoke-role", "x", "y", *url],
        ["admin", "unlink", "\x1b[2J", *url],
        ["admin", "invite", "--ttl-days", "0", *url],
        ["admin", "invite", "--ttl-days", "-5", *url],
        ["admin", "invite", "--ttl-days", "99999999", *url],
        ["admin", "invite", "--unit", "nowhere", *url],
        ["admin", "invite", "--nip", "123", *url],
        ["admin", "invite", "-o", str(place / "folder"), *url],
        ["admin", "export", "-o", str(place / "folder"), *url],
        ["admin", "export", "-o", "/proc/cannot-write-here.xlsx", *url],
        ["admin", "report", "-o", str(place / "missing" / "x.xlsx"), *url],
        ["db", "upgrade", "nonsense", *url],
        ["db", "downgrade", "nonsense", "--yes", *url],
        ["db", "current", "--url", f"sqlite+aiosqlite:///{place / 'folder'}"],
        ["db", "upgrade", "--url", f"sqlite+aiosqlite:///{place / 'junk.csv'}"],
        ["admin", "roles", "--url", f"sqlite+aiosqlite:///{place / 'junk.csv'}"],
        ["admin", "roles", "--url", "sqlite+aiosqlite:///"],
        ["admin", "roles", "--url", "mysql://somewhere/db"],
        ["admin", "roles", "--url", "postgresql+asyncpg://nobody@127.0.0.1:9/none"],
        ["admin", "roles", "--lang", "xx"],
        ["admin"],
        ["nonsense"],
    ]
    return cases


def test_the_bot_command_line_never_shows_a_traceback(place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in bot_cases(place):
        status = outcome(bot_main, argv, capsys)
        assert status in (1, 2), (argv, status)


def test_the_scoring_command_line_never_shows_a_traceback(place: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [["batch", str(place / name), "-o", str(place / "out.csv")] for name in FILES]
    cases += [["score", str(place / name)] for name in FILES]
    cases += [
        ["batch", str(EXAMPLE), "-o", str(place / "missing" / "out.csv")],
        ["batch", str(EXAMPLE), "-o", str(place / "folder")],
        ["batch", str(EXAMPLE), "-o", str(EXAMPLE)],
        ["batch", str(EXAMPLE), "-o", str(place / "out.csv"), "--sheet", "x"],
        ["batch", str(EXAMPLE), "-o", str(place / "out.csv"), "--encoding", "nope"],
        ["rules", "--ruleset", "nope.json"],
        ["rules", "--ruleset", "nope"],
        ["score", "-", "--as-of", "kemarin"],
    ]
    for argv in cases:
        status = outcome(scoring_main, argv, capsys)
        assert status in (1, 2), (argv, status)
