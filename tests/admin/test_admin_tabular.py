"""Reading CSV and XLSX files whatever their headers, delimiter or encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from bot.admin.roster_rows import ROSTER_LAYOUT
from bot.admin.tabular import FileProblem, read_sheet


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


def test_semicolons_bom_and_header_aliases(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "r.csv",
        "\ufeffNIP Baru;NAMA LENGKAP;Status;OPD;Jenis_Jabatan;Pendidikan;Golongan\n"
        "198507172010012004;Siti;PNS;Dinas A;Pelaksana;SMA;III/a\n\n",
    )
    sheet = read_sheet(csv, ROSTER_LAYOUT)
    assert sheet.fields == {"nip", "name", "employment_status", "unit", "position_type", "education"}
    assert sheet.headers["name"] == "NAMA LENGKAP"
    assert sheet.ignored == ["Golongan"]
    assert [(row.number, row.cells["name"], row.cells["unit"]) for row in sheet.rows] == [(2, "Siti", "Dinas A")]


def test_windows_1252_and_title_lines_above_the_header(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "r.csv",
        "DAFTAR PEGAWAI 2026,,,,\n,,,,\nNIP,Nama,Unit Kerja,Jenis Jabatan,Pendidikan Terakhir\n"
        "198507172010012004,José Señor,Dinas,Pelaksana,S1\n",
        encoding="cp1252",
    )
    sheet = read_sheet(csv, ROSTER_LAYOUT)
    assert sheet.rows[0].number == 4 and sheet.rows[0].cells["name"] == "José Señor"


def test_missing_columns_are_named(tmp_path: Path) -> None:
    csv = write(tmp_path / "r.csv", "NIP,Nama,Unit Kerja\n1,2,3\n")
    with pytest.raises(FileProblem, match="Jenis Jabatan, Pendidikan Terakhir"):
        read_sheet(csv, ROSTER_LAYOUT)


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    csv = write(tmp_path / "r.csv", "NIP,Nama,Nama Lengkap,Unit,Jenis Jabatan,Pendidikan\n")
    with pytest.raises(FileProblem, match="'Nama' and 'Nama Lengkap' are both Nama"):
        read_sheet(csv, ROSTER_LAYOUT)


def test_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(FileProblem, match=r"save the file as \.xlsx"):
        read_sheet(write(tmp_path / "r.xls", "x"), ROSTER_LAYOUT)
    with pytest.raises(FileProblem, match="unknown file type"):
        read_sheet(write(tmp_path / "r.txt", "x"), ROSTER_LAYOUT)
    with pytest.raises(FileProblem, match="does not exist"):
        read_sheet(tmp_path / "none.csv", ROSTER_LAYOUT)
    with pytest.raises(FileProblem, match="empty"):
        read_sheet(write(tmp_path / "e.csv", ""), ROSTER_LAYOUT)
    with pytest.raises(FileProblem, match="Excel workbook"):
        read_sheet(write(tmp_path / "bad.xlsx", "not a zip"), ROSTER_LAYOUT)


def test_xlsx_keeps_cell_types(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir"])
    sheet.append(["198507172010012004", "Siti", "Dinas", "Pelaksana", "S1"])
    sheet.append([1.98507172010012e17, "Budi", "Dinas", "Pelaksana", "S1"])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    rows = read_sheet(path, ROSTER_LAYOUT).rows
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].cells["nip"] == "198507172010012004"
    assert isinstance(rows[1].cells["nip"], float)
