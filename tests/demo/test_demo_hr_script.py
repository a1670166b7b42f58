"""`python -m bot demo --script bot/demo/hr.txt`: HR drills down, asks what to do first and what changed, cancels a
scheduled broadcast; a supervisor nudges his team. The figures shown are recomputed from the demo's database."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.demo.cli import main
from bot.demo.seed import find_agency
from bot.demo.session import TIMEZONE
from bot.storage.db import create_engine, create_sessionmaker
from bot.targeting.compare import compare, end_of_last_year
from bot.targeting.needs import scope_needs
from bot.targeting.render import compare_text, needs_text
from scoring.texts import day

HR_SCRIPT = Path(__file__).resolve().parents[2] / "bot" / "demo" / "hr.txt"


async def expected(database: Path) -> tuple[str, str, list[tuple[object, ...]]]:
    """What to do first for the agency and the change since the end of last year, from the database: as the
    chat says them, and the change as the workbook's rows (code, name, mean then, now, the difference)."""
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with create_sessionmaker(engine)() as session:
            agency = await find_agency(session)
            assert agency is not None
            ratna = agency.employee_ids["ratna"]
            today = datetime.now(ZoneInfo(TIMEZONE)).date()
            needs = await scope_needs(session, ratna, None, today=today, include_unofficial=False)
            changed = await compare(session, ratna, None, since=end_of_last_year(today), today=today,
                                    include_unofficial=False)
            rows = [(c.unit.code, c.unit.name, c.before.mean, c.after.mean, c.delta)
                    for c in [changed.total, *changed.units]]
            return needs_text(needs, "id"), compare_text(changed, "id"), rows
    finally:
        await engine.dispose()


def plain_lines(html_text: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in html_text.splitlines() if line.strip()]


def test_hr_script_walks_drill_down_what_first_comparison_a_cancelled_broadcast_and_a_nudge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "demo.db"
    status = main(["--measured", "--script", str(HR_SCRIPT), "--database", str(database),
                   "--output-dir", str(tmp_path / "f")])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "Ratna › [SMPN1 ·]" in out and "Pegawai unit ini (3), terendah dulu" in out
    assert "1. Joko Susilo — " in out and "kurang: Diklat teknis" in out
    assert "🎯 Apa dulu: SMPN1 SMP Negeri 1 Harapan Jaya" in out
    needs, changed, rows = asyncio.run(expected(database))
    for line in plain_lines(needs) + plain_lines(changed):
        assert line in out, line
    # "Termasuk subunit" has the buttons into units too, and the workbook compares with the end of last year
    assert "Ratna › [Termasuk subunit]" in out and "Ratna › [🏢 PEMKOT-HJ]" in out
    [exported] = list((tmp_path / "f").rglob("*rekap-ipasn-*.xlsx"))
    book = load_workbook(exported, read_only=True)
    header, *written = [row for row in book["Perubahan"].iter_rows(values_only=True)]
    today = datetime.now(ZoneInfo(TIMEZONE)).date()
    assert header[2:5] == (f"Indeks rata-rata 31 Desember {today.year - 1}", f"Indeks rata-rata {day(today)}",
                           "Selisih")
    scope, *units = rows  # Ratna's scope (PEMKOT-HJ) as a whole, then each unit in it
    assert [r[:5] for r in written if r[0] != scope[0]] == units  # the chat's figures, the units that fell first
    assert scope in [r[:5] for r in written]
    deltas = [r[4] for r in written if r[4] is not None]
    assert deltas == sorted(deltas)
    notes = {row[0]: row[1] for row in book["Keterangan"].iter_rows(values_only=True)}
    assert notes["Data per"] == datetime.combine(today, time())
    assert notes["Dibandingkan dengan"] == datetime(today.year - 1, 12, 31)
    assert "Siaran #1 dibatalkan: tidak ada pesan yang dikirim (3 penerima)." in out
    assert "Tidak ada siaran yang terjadwal atau sedang berjalan." in out
    assert "1 anggota akan menerimanya" in out
    assert "Joko Susilo — NIP" in out and "Yang kurang, dari yang paling menaikkan:" in out
