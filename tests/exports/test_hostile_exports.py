"""A hostile roster through every spreadsheet and CSV the project writes, each file read back (issue 11).

Names and unit names that a spreadsheet would evaluate (`=EVIL`, `=HYPERLINK(...)`, `+1`, `-2`, `@SUM(A1)`,
a leading tab or carriage return) and a control character XML forbids are written straight into the
database (as if an older importer had let them in), then every export runs: the unit map workbook
(`/rekap ekspor` and `admin report`), `/tim ekspor`, `admin invite` (CSV and XLSX), `admin export`, the
broadcast failure list and `scoring batch` (CSV and XLSX). In every XLSX no cell is a formula (the XML
holds no `<f>`) and every hostile text is a string cell; in every CSV each hostile cell starts with `'`;
nowhere is there a forbidden character. Each check also finds the hostile text (quoted), so it cannot
pass on a file that left it out.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast.render import failures_csv
from bot.broadcast.service import Failure
from bot.storage.models.delivery import MessageStatus
from bot.targeting.export import map_export
from bot.team.export import team_export
from bot.unitmap.service import unit_map
from scoring.io.writing import FORMULA_STARTS
from tests.agency import TODAY, Agency
from tests.conftest import call_in_thread

HOSTILE = ["=EVIL", '=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tX", "\rY"]
CONTROL = "Ctrl\x01Name"
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


async def _hostile(session: AsyncSession, agency: Agency) -> None:
    """Unit names and people's names from the hostile list; one name with \\x01."""
    for unit, name in zip(("DIK", "SD", "SMP", "KES", "EMPTY"), HOSTILE, strict=False):
        agency.units[unit].name = name
        session.add(agency.units[unit])
    people = ["head", "SD-boss", "SD-0", "SD-1", "SD-4", "SMP-boss", "KES-0", "SMP-4"]
    for person, name in zip(people, [*HOSTILE, CONTROL], strict=True):
        agency.people[person].name = name
        session.add(agency.people[person])
    await session.commit()


def check_xlsx(content: bytes, *, expect: set[str]) -> None:
    """No formula anywhere, hostile text as string cells, no forbidden character; `expect` is found."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    book = load_workbook(io.BytesIO(content))
    seen: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not FORBIDDEN.search(cell.value), (sheet.title, cell.coordinate)
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    seen.add(cell.value)
    missing = {text for text in expect if not any(text in value for value in seen)}
    assert not missing


def check_csv(text: str, *, expect: set[str], delimiter: str = ",") -> None:
    """Every cell that could start a formula is behind a `'`, no forbidden character; `expect` is found."""
    seen: set[str] = set()
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            assert not FORBIDDEN.search(cell), cell
            seen.add(cell)
    missing = {text for text in expect if not any(text in value for value in seen)}
    assert not missing


QUOTED = {"'" + text for text in HOSTILE}
"""How the hostile texts appear in a CSV."""


async def test_the_unit_map_and_team_workbooks(session: AsyncSession, agency: Agency, database_url: str,
                                               tmp_path: Path) -> None:
    from bot.__main__ import main

    await _hostile(session, agency)
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    check_xlsx(await map_export(session, found, "id"), expect={*HOSTILE[:4], "CtrlName"})  # the fifth unit is empty
    report = tmp_path / "laporan.xlsx"
    status = await asyncio.to_thread(call_in_thread, lambda: main(["admin", "report", "--url", database_url,
                                                                   "-o", str(report)]))
    assert status == 0
    check_xlsx(report.read_bytes(), expect=set(HOSTILE[:4]))  # the fifth unit is empty
    # /tim ekspor used to fail on the \x01 (IllegalCharacterError, "Maaf"): the character is dropped
    _name, content = await team_export(session, agency.id("head"), root_id=None, today=TODAY,
                                      include_unofficial=False, lang="id")
    check_xlsx(content, expect={*HOSTILE[1:6], "CtrlName"})


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
async def test_invite_codes(session: AsyncSession, agency: Agency, database_url: str, tmp_path: Path,
                            suffix: str) -> None:
    from bot.__main__ import main

    await _hostile(session, agency)
    nips = [agency.people[p].nip for p in ("head", "SD-boss", "SD-0", "SD-1", "SD-4", "SMP-boss", "SMP-4", "KES-0")]
    output = tmp_path / f"kode.{suffix}"
    argv = ["admin", "invite", "--url", database_url, "-o", str(output), *(f"--nip={nip}" for nip in nips)]
    assert await asyncio.to_thread(call_in_thread, lambda: main(argv)) == 0
    if suffix == "csv":
        check_csv(output.read_bytes().decode("utf-8"), expect={*QUOTED, "CtrlName"})
    else:
        check_xlsx(output.read_bytes(), expect={*HOSTILE, "CtrlName"})
        book = load_workbook(output)
        nip = book.active.cell(row=2, column=1)
        assert nip.data_type == "s" and nip.value.isdigit() and len(nip.value) == 18  # text, not 1,97E+17


async def test_admin_export(session: AsyncSession, agency: Agency, database_url: str, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    from bot.__main__ import main

    await _hostile(session, agency)
    output = tmp_path / "semua.xlsx"
    assert await asyncio.to_thread(call_in_thread, lambda: main(["admin", "export", "--url", database_url,
                                                                 "-o", str(output)])) == 0
    check_xlsx(output.read_bytes(), expect={*HOSTILE, "CtrlName"})
    capsys.readouterr()
    # one sheet per table cannot be a CSV: refused in one line, nothing written, no audit entry
    wrong = tmp_path / "semua.csv"
    assert await asyncio.to_thread(call_in_thread, lambda: main(["admin", "export", "--url", database_url,
                                                                 "-o", str(wrong)])) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len([line for line in error if "semua.csv" in line]) == 1 and ".xlsx" in error[-1]
    assert not wrong.exists()


def test_broadcast_failures() -> None:
    failures = [Failure(f"19850717201001200{n}", name, unit, MessageStatus.FAILED, 3, error)
                for n, (name, unit, error) in enumerate(zip(HOSTILE, reversed(HOSTILE), HOSTILE, strict=True))]
    failures.append(Failure(None, CONTROL, None, MessageStatus.UNREACHABLE, 1, None))
    text = failures_csv(failures, "id").decode("utf-8")
    check_csv(text, expect={*QUOTED, "CtrlName"})
    assert "19850717 201001 2 000" in text  # the NIP printed: Excel keeps it as text


@pytest.mark.parametrize(("suffix", "delimiter"), [("csv", ";"), ("csv", ","), ("xlsx", ",")])
def test_scoring_batch(tmp_path: Path, suffix: str, delimiter: str) -> None:
    from scoring.io.cli import main

    source = tmp_path / "pegawai.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir", "Catatan"])
        for n, name in enumerate([*HOSTILE, CONTROL]):
            writer.writerow([f"19850717201001200{n}", name, HOSTILE[-1 - n % 7], "Pelaksana", "S1", name])
        writer.writerow(["19850717201001209", "Baris salah", "Unit", "=jabatan", "S1", ""])  # a row error
    output = tmp_path / f"hasil.{suffix}"
    assert main(["batch", str(source), "-o", str(output), "--as-of", "2026-11-28"]) == 1  # the bad row
    if suffix == "csv":
        check_csv(output.read_bytes().decode("utf-8"), expect={*QUOTED, "CtrlName"}, delimiter=delimiter)
    else:
        check_xlsx(output.read_bytes(), expect={*HOSTILE, "CtrlName"})
