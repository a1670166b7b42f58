"""The one writer (`scoring.io.writing`): what every file it writes promises, checked on the writer itself."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook  # type: ignore[import-untyped]

from scoring.io.writing import (
    FORMULA_STARTS,
    Column,
    CsvSink,
    Kind,
    SheetError,
    XlsxBook,
    open_sink,
    safe_text,
    write_file,
)

ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ['"', ";", ",", "\t", "\r", "\n", "=", "+", "-", "@", "\x01", "\x0b", "\x1f", "é"])
CELLS = st.one_of(st.none(), st.text(ALPHABET, max_size=12))


def _csv(rows: list[list[str | None]], delimiter: str, *, text_only: bool) -> str:
    stream = io.StringIO()
    sink = CsvSink(stream, delimiter, text_only=text_only)
    sink.write_all(rows)
    sink.close()
    return stream.getvalue()


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=600),
       delimiter=st.sampled_from([";", ",", "\t"]))
def test_the_fast_csv_path_writes_what_checking_each_cell_writes(rows: list[list[str | None]],
                                                                 delimiter: str) -> None:
    """The text-only path checks blocks of rows at once; its output equals the cell-by-cell path's."""
    fast = _csv(rows, delimiter, text_only=True)
    assert fast == _csv(rows, delimiter, text_only=False)
    for row in csv.reader(io.StringIO(fast, newline=""), delimiter=delimiter):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS)


def test_safe_text() -> None:
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text("\x01=1") == "'=1"  # dropped first, then checked
    assert safe_text("a=b") == "a=b" and safe_text("") == ""
    assert safe_text("'=x") == "'=x"  # already harmless: written as it is


def test_numbers_and_dates_stay_typed_in_csv() -> None:
    stream = io.StringIO()
    sink = CsvSink(stream, ";")
    sink.write([-2.5, 3, date(2026, 1, 2), datetime(2026, 1, 2, 9, 30), "-2"])
    assert stream.getvalue() == "-2,5;3;2026-01-02;2026-01-02 09:30;'-2\r\n"


def test_xlsx_cells_are_typed_with_formats_widths_and_a_filtered_header() -> None:
    book = XlsxBook()
    sheet = book.sheet("Per unit: [A/B]", [Column("Unit"), Column("Cakupan", Kind.PERCENT),
                                          Column("Indeks", Kind.DECIMAL), Column("Tanggal", Kind.DATE)])
    sheet.write(["Dinas Pendidikan dan Kebudayaan", 0.6667, 72.5, date(2026, 11, 28)])
    sheet.write(["=EVIL", 1.0, None, None])
    loaded = load_workbook(io.BytesIO(book.to_bytes()))
    [worksheet] = loaded.worksheets
    assert worksheet.title == "Per unit   A B"  # Excel refuses []:/ in a sheet name
    assert worksheet.freeze_panes == "A2" and worksheet.auto_filter.ref == "A1:D3"
    assert worksheet["A1"].font.bold
    assert (worksheet["B2"].value, worksheet["B2"].number_format) == (0.6667, "0.00%")
    assert worksheet["C2"].number_format == "0.00" and worksheet["D2"].number_format == "dd-mm-yyyy"
    assert worksheet["D2"].is_date
    assert worksheet["A3"].data_type == "s" and worksheet["A3"].value == "=EVIL" and worksheet["A3"].quotePrefix
    assert worksheet.column_dimensions["A"].width >= len("Dinas Pendidikan dan Kebudayaan")
    assert worksheet.column_dimensions["B"].width < worksheet.column_dimensions["A"].width


def test_a_file_is_what_its_name_says_or_nothing(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match=r"\.csv or \.xlsx"), open_sink(tmp_path / "hasil.xlsm"):
        pass
    with pytest.raises(SheetError, match="xlsx"):
        write_file(tmp_path / "laporan.csv", b"PK", kind="xlsx")
    assert list(tmp_path.iterdir()) == []
    # a run that fails half-way leaves no file that looks finished
    with pytest.raises(RuntimeError), open_sink(tmp_path / "hasil.csv") as sink:
        sink.write(["a"])
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SheetError, match="does not exist"), open_sink(tmp_path / "no" / "hasil.csv"):
        pass
