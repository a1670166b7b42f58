"""Spreadsheet cells as HR offices write them, read by the one set of cell parsers (`scoring.io.cells`)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.admin.importing import RowRefused, text_cell
from bot.admin.roster_rows import ROSTER_LAYOUT, nip_cell
from scoring.io.cells import CellError, date_cell, number_cell, whole_number_cell, yes_no_cell

HEADER = ROSTER_LAYOUT.header(["NIP", "Nama", "Unit Kerja", "Jenis Jabatan", "Pendidikan Terakhir"], 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-31", date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("1-3-2025", date(2025, 3, 1)),
        ("31.03.2025", date(2025, 3, 31)),
        ("31 Maret 2025", date(2025, 3, 31)),
        ("7 Agt 2024", date(2024, 8, 7)),
        ("12 Nopember 2024", date(2024, 11, 12)),
        ("12-Mar-2024", date(2024, 3, 12)),
        ("2025-03-31 00:00:00", date(2025, 3, 31)),
        (datetime(2025, 3, 31, 8, 0), date(2025, 3, 31)),
        (date(2025, 3, 31), date(2025, 3, 31)),
    ],
)
def test_dates_in_every_usual_form(cell: object, expected: date) -> None:
    assert date_cell(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["31/02/2025", "03/31/2025", "kemarin", "2025", "32 Maret 2025"])
def test_impossible_or_ambiguous_dates_are_refused(cell: str) -> None:
    with pytest.raises(CellError):
        date_cell(cell)


def test_numbers_with_decimal_commas_and_thousands_dots() -> None:
    assert number_cell("12,5") == 12.5
    assert number_cell(" 20 ") == 20.0
    assert number_cell(3) == 3.0
    assert number_cell("1.234,5", high=1e6) == 1234.5
    assert number_cell("1.000") == 1000.0  # one thousand, as Indonesian writes it
    assert whole_number_cell(2024.0, high=3000) == 2024
    with pytest.raises(CellError):
        whole_number_cell("2024,5", high=3000)
    with pytest.raises(CellError):
        number_cell("dua puluh")


def test_a_nip_stored_as_a_number_is_refused_not_rounded() -> None:
    with pytest.raises(RowRefused, match="format kolom NIP sebagai Teks"):
        nip_cell(HEADER, {"nip": 1.9850717201001201e17}, "nip", required=True)
    assert nip_cell(HEADER, {"nip": 198507172010012004}, "nip", required=True) == "198507172010012004"
    assert nip_cell(HEADER, {"nip": " 19850717 201001 2 004 "}, "nip", required=True) == "19850717 201001 2 004"


def test_yes_no_and_text() -> None:
    assert [yes_no_cell(v) for v in ("Ya", "tidak", "Sesuai", "Tidak Sesuai", None, "")] == [
        True, False, True, False, None, None,
    ]  # fmt: skip
    with pytest.raises(CellError):
        yes_no_cell("mungkin")
    assert text_cell(HEADER, {"name": "  Dinas   Pendidikan "}, "name") == "Dinas Pendidikan"
    assert text_cell(HEADER, {"name": 2024.0}, "name") == "2024"
    assert text_cell(HEADER, {"name": "   "}, "name") is None


def test_text_is_cleaned_where_it_enters() -> None:
    """NFC, invisible formatting removed; a control character or a name of nothing but invisibles refused."""
    assert text_cell(HEADER, {"name": "Jose\u0301 \u200bS\u202eantoso"}, "name") == "José Santoso"
    with pytest.raises(RowRefused, match=r"Nama: contains a control character \(U\+0001\)"):
        text_cell(HEADER, {"name": "Budi\x01"}, "name")
    with pytest.raises(RowRefused, match="Nama: empty once invisible characters are removed"):
        text_cell(HEADER, {"name": "\u200b\u200d\u202e"}, "name", required=True)
    with pytest.raises(RowRefused, match="Nama: longer than 10 characters"):
        text_cell(HEADER, {"name": "x" * 11}, "name", limit=10)
