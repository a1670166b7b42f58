"""`python -m bot demo --script`: the README's example from /start to a computed index, and `/as`."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.__main__ import main as bot_main
from bot.demo.cli import main
from bot.demo.seed import person
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Assessment, Employee, RecordSource, TrainingRecord
from bot.storage.profiles import build_profile
from scoring import score
from scoring.texts import number

EXAMPLE = Path(__file__).resolve().parents[2] / "bot" / "demo" / "example.txt"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().out


async def expected_index(database: Path) -> tuple[float, list[TrainingRecord]]:
    """Rina's index recomputed from what the database holds after the demo: the seeded records plus what
    she entered, scored by `scoring.score` on the day the assessment was made."""
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with create_sessionmaker(engine)() as session:
            rina = (await session.exec(select(Employee).where(col(Employee.nip) == person("rina").nip))).one()
            assert rina.id is not None
            assessment = (await session.exec(select(Assessment).where(col(Assessment.employee_id) == rina.id))).one()
            profile = await build_profile(session, rina.id, as_of=assessment.as_of)
            own = (await session.exec(select(TrainingRecord).where(
                col(TrainingRecord.employee_id) == rina.id, col(TrainingRecord.source) == RecordSource.SELF))).all()
            return score(profile, as_of=assessment.as_of).total, list(own)
    finally:
        await engine.dispose()


def test_example_script_reaches_the_computed_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database, files = tmp_path / "demo.db", tmp_path / "files"

    status, out = run(["--script", str(EXAMPLE), "--database", str(database), "--output-dir", str(files)], capsys)

    assert status == 0, out
    total, own = asyncio.run(expected_index(database))
    assert f"Indeks Profesionalitas ASN: {number(total)} — " in out
    assert [(r.title, r.jp) for r in own] == [("Pelatihan Asesmen Diagnostik", 8)]
    chart = re.search(r"\[foto: (\S+)\] Empat dimensi IP ASN", out)
    assert chart is not None, out
    assert Path(chart.group(1)).read_bytes().startswith(b"\x89PNG")
    assert out.rstrip().splitlines()[-1].strip().startswith("[4] ⏱ JP saya")  # /jp answered last
    assert "Rina › /jp\nbot: JP tahun ini:" in out


def test_as_switches_who_is_typing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "as.txt"
    script.write_text("/as hr\n/start\n/as atasan\n/start\n/as pegawai\n/start\n", encoding="utf-8")

    status = bot_main(["demo", "--script", str(script), "--output-dir", str(tmp_path / "files")])
    out = capsys.readouterr().out

    assert status == 0, out
    assert "Anda sekarang: Ratna Kusuma, S.Psi. — Analis SDM Aparatur Ahli Muda; peran: pegawai, HR admin." in out
    assert "Ratna › /start\nbot: Halo, Ratna Kusuma, S.Psi.!" in out
    assert "Bambang › /start\nbot: Halo, Bambang Sutrisno, S.Pd., M.Pd.!" in out
    assert "peran: pegawai, atasan." in out
    assert "Rina › /start\nbot: Halo, Rina Wulandari, S.Pd.!" in out


def test_a_missing_script_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--script", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read the script" in capsys.readouterr().err
