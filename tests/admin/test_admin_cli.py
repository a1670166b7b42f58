"""`python -m bot db …` and `python -m bot admin …` end to end, as an operator types them."""

from __future__ import annotations

import asyncio
import csv
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from bot.__main__ import main
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Employee
from bot.storage.schema import head_revisions

EXAMPLE = Path(__file__).resolve().parents[2] / "bot" / "admin" / "examples" / "roster_example.csv"
KADIS = "196805121990031003"
SEKRETARIS = "197203151998031002"


def employees(url: str) -> dict[str, Employee]:
    async def load() -> dict[str, Employee]:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                return {e.nip: e for e in (await session.exec(select(Employee))).all()}
        finally:
            await engine.dispose()

    return asyncio.run(load())


def test_an_operator_session_from_empty_database_to_export(
    empty_database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = ["--url", empty_database_url]
    assert main(["admin", "import-roster", str(EXAMPLE), *url]) == 2
    assert "python -m bot db upgrade" in capsys.readouterr().err
    assert main(["db", "check", *url]) == 1
    assert main(["db", "upgrade", *url]) == 0
    assert main(["db", "current", *url]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{', '.join(head_revisions())} (terbaru)"
    assert main(["db", "check", *url]) == 0

    assert main(["admin", "import-roster", str(EXAMPLE), "--dry-run", *url]) == 0
    assert "Uji coba (--dry-run)" in capsys.readouterr().out and employees(empty_database_url) == {}
    assert main(["admin", "import-roster", str(EXAMPLE), *url]) == 0
    assert "Ditulis: dibuat 8" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("NIP,Nama,Unit Kerja,Jenis Jabatan,Pendidikan Terakhir\n123,X,Dinas,Pelaksana,SMA\n")
    assert main(["admin", "import-roster", str(bad), *url]) == 1
    assert "baris 2 (NIP 123): NIP: panjang: 3 digit, seharusnya 18" in capsys.readouterr().out
    assert main(["admin", "import-roster", str(tmp_path / "missing.csv"), *url]) == 2
    assert "missing.csv: file not found" in capsys.readouterr().err

    assert main(["admin", "grant-role", SEKRETARIS, "hr_admin", "--unit", "Sekretariat", *url]) == 0
    assert main(["admin", "roles", *url]) == 0
    assert "hr_admin    197203151998031002" in capsys.readouterr().out
    assert main(["admin", "grant-role", SEKRETARIS, "employee", *url]) == 1
    assert main(["admin", "grant-role", "199001012015031001", "hr_admin", *url]) == 1
    assert "Tidak ada pegawai dengan NIP 199001012015031001." in capsys.readouterr().err
    assert main(["admin", "revoke-role", SEKRETARIS, "hr-admin", *url]) == 0
    assert main(["admin", "revoke-role", SEKRETARIS, "hr_admin", *url]) == 1

    codes = tmp_path / "codes.csv"
    assert main(["admin", "invite", "--unit", "DISDIK-SD", "-o", str(codes), "--ttl-days", "14", *url]) == 0
    with codes.open(encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    # printed form (Excel keeps it as text); the importer reads it back
    assert {row["NIP"].replace(" ", "") for row in rows} == {"197509172000121001", "198504112010012012",
                                                           "199802142025022003"}
    assert main(["admin", "unlink", KADIS, *url]) == 1
    assert "tidak memiliki akun Telegram yang tertaut" in capsys.readouterr().err

    export = tmp_path / "all.xlsx"
    assert main(["admin", "export", "-o", str(export), *url]) == 0
    assert export.exists() and "employee 8" in capsys.readouterr().out
    assert main(["db", "downgrade", "base", *url]) == 2, "not without asking: nobody at a terminal, no --yes"
    assert "--yes" in capsys.readouterr().err and employees(empty_database_url)
    assert main(["db", "downgrade", "base", "--yes", *url]) == 0
    assert "base (tanpa tabel)" in capsys.readouterr().out


def test_plain_alembic_works_from_the_project_root(tmp_path: Path) -> None:
    """`alembic upgrade head` with `-x url=…` (the README's alternative to `python -m bot db upgrade`)."""
    root = Path(__file__).resolve().parents[2]
    url = f"sqlite+aiosqlite:///{tmp_path / 'alembic.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url}", "upgrade", "head"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Running upgrade  -> 001" in done.stderr
    assert main(["db", "check", "--url", url]) == 0
