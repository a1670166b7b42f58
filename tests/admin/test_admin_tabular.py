"""Reading roster files whatever their headers, delimiter or encoding (the one reader, `scoring.io.reading`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from bot.admin.roster_rows import ROSTER_LAYOUT
from scoring.io.reading import TableError, open_table


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    with open_table(path, ROSTER_LAYOUT) as table:
        picked = [(number, table.header.pick(cells)) for number, cells in table.rows]
    return [(number, cells) for number, cells in picked if any(v is not None for v in cells.values())]


def test_semicolons_bom_and_header_aliases(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "r.csv",
        "\ufeffNIP Baru;NAMA LENGKAP;Status;OPD;Jenis_Jabatan;Pendidikan;Golongan\n"
        "198507172010012004;Siti;PNS;Dinas A;Pelaksana;SMA;III/a\n\n",
    )
    with open_table(csv, ROSTER_LAYOUT) as table:
        header = table.header
    assert header.fields == {"nip", "name", "employment_status", "unit", "position_type", "education"}
    assert header.label("name") == "NAMA LENGKAP"
    assert header.ignored == ["Golongan"]
    assert [(n, c["name"], c["unit"]) for n, c in rows(csv)] == [(2, "Siti", "Dinas A")]


def test_windows_1252_and_title_lines_above_the_header(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "r.csv",
        "DAFTAR PEGAWAI 2026,,,,\n,,,,\nNIP,Nama,Unit Kerja,Jenis Jabatan,Pendidikan Terakhir\n"
        "198507172010012004,José Señor,Dinas,Pelaksana,S1\n",
        encoding="cp1252",
    )
    assert rows(csv) == [(4, {"nip": "198507172010012004", "name": "José Señor", "unit": "Dinas",
                              "position_type": "Pelaksana", "education": "S1"})]


def test_a_title_without_delimiters_above_a_semicolon_header(tmp_path: Path) -> None:
    """The delimiter is the one under which the header is found, not the one of the first line."""
    csv = write(tmp_path / "r.csv", "DAFTAR PEGAWAI, DINAS A\nNIP;Nama;Unit Kerja;Jenis Jabatan;Pendidikan\n"
                "198507172010012004;Siti;Dinas;Pelaksana;S1\n")
    assert rows(csv)[0][1]["name"] == "Siti"


def test_missing_columns_are_named(tmp_path: Path) -> None:
    csv = write(tmp_path / "r.csv", "NIP,Nama,Unit Kerja\n1,2,3\n")
    with pytest.raises(TableError, match=r"missing required column 'Jenis Jabatan'.*; 'Pendidikan Terakhir'"):
        rows(csv)


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    csv = write(tmp_path / "r.csv", "NIP,Nama,Nama Lengkap,Unit,Jenis Jabatan,Pendidikan\n")
    with pytest.raises(TableError, match="columns 'Nama' \\(B\\) and 'Nama Lengkap' \\(C\\) both mean 'Nama'"):
        rows(csv)


def test_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"save the old \.xls format as \.xlsx"):
        rows(write(tmp_path / "r.xls", "x"))
    with pytest.raises(TableError, match=r"must be a \.csv or \.xlsx file"):
        rows(write(tmp_path / "r.json", "x"))
    with pytest.raises(TableError, match="file not found"):
        rows(tmp_path / "none.csv")
    with pytest.raises(TableError, match="empty"):
        rows(write(tmp_path / "e.csv", ""))
    with pytest.raises(TableError, match=r"cannot be read as an \.xlsx workbook"):
        rows(write(tmp_path / "bad.xlsx", "not a zip"))


def test_xlsx_keeps_cell_types(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir"])
    sheet.append(["198507172010012004", "Siti", "Dinas", "Pelaksana", "S1"])
    sheet.append([1.98507172010012e17, "Budi", "Dinas", "Pelaksana", "S1"])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    found = rows(path)
    assert [number for number, _ in found] == [2, 3]
    assert found[0][1]["nip"] == "198507172010012004"
    assert isinstance(found[1][1]["nip"], float)
