"""Spreadsheet cells as HR offices write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.admin.cells import CellError, date_value, nip_text, number, text, whole_number, yes_no


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-31", date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("1-3-2025", date(2025, 3, 1)),
        ("31.03.2025", date(2025, 3, 31)),
        ("31 Maret 2025", date(2025, 3, 31)),
        ("7 Agt 2024", date(2024, 8, 7)),
        ("2025-03-31 00:00:00", date(2025, 3, 31)),
        (datetime(2025, 3, 31, 8, 0), date(2025, 3, 31)),
        (date(2025, 3, 31), date(2025, 3, 31)),
    ],
)
def test_dates_in_every_usual_form(cell: object, expected: date) -> None:
    assert date_value(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["31/02/2025", "03/31/2025", "kemarin", "2025", "32 Maret 2025"])
def test_impossible_or_ambiguous_dates_are_refused(cell: str) -> None:
    with pytest.raises(CellError):
        date_value(cell)


def test_numbers_with_decimal_commas() -> None:
    assert number("12,5") == 12.5
    assert number(" 20 ") == 20.0
    assert number(3) == 3.0
    assert whole_number(2024.0) == 2024
    with pytest.raises(CellError):
        whole_number("2024,5")
    with pytest.raises(CellError):
        number("dua puluh")


def test_a_nip_stored_as_a_number_is_refused_not_rounded() -> None:
    with pytest.raises(CellError, match="format the NIP column as Text"):
        nip_text(1.9850717201001201e17)
    assert nip_text(198507172010012004) == "198507172010012004"
    assert nip_text(" 19850717 201001 2 004 ") == "19850717 201001 2 004"


def test_yes_no_and_text() -> None:
    assert [yes_no(v) for v in ("Ya", "tidak", "Sesuai", "Tidak Sesuai", None, "")] == [
        True,
        False,
        True,
        False,
        None,
        None,
    ]
    with pytest.raises(CellError):
        yes_no("mungkin")
    assert text("  Dinas   Pendidikan ") == "Dinas Pendidikan"
    assert text(2024.0) == "2024"
    assert text("   ") is None
