"""Reading CSV and XLSX files into rows keyed by field, whatever the headers are called.

Headers are matched after folding case, spaces and punctuation ('Pendidikan Terakhir', 'PENDIDIKAN_TERAKHIR'
and 'pendidikan terakhir' are one column), against each field's aliases. The header row is the first of the
first ten rows that names every required column, so exports with a title line above the table work too.
CSV may use ',', ';' (Excel with an Indonesian locale), tab or '|', in UTF-8 (with or without BOM) or
Windows-1252. XLSX is streamed (openpyxl read-only); the first sheet is read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zipfile import BadZipFile

from bot.admin.cells import Cell

HEADER_SCAN_ROWS = 10


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, wrong type, required columns missing)."""


def fold(header: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", header.lower())


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    """The header the documentation and reports use."""
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {fold(self.field), fold(self.label), *(fold(alias) for alias in self.aliases)}


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]

    def lookup(self) -> dict[str, Column]:
        table: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names():
                table[name] = column
        return table

    def label(self, field_name: str) -> str:
        return next((column.label for column in self.columns if column.field == field_name), field_name)


@dataclass(frozen=True)
class SheetRow:
    number: int
    """The row number the user sees in the spreadsheet (1 = the first line of the file)."""
    cells: dict[str, Cell]

    def has(self, field_name: str) -> bool:
        return self.cells.get(field_name) is not None


@dataclass
class Sheet:
    path: Path
    fields: frozenset[str]
    headers: dict[str, str]
    """Field → the header as written in the file, for messages."""
    ignored: list[str]
    rows: list[SheetRow] = field(default_factory=list)


def _clean(value: Cell) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _match_header(
    raw: Sequence[Cell], layout: Layout
) -> tuple[dict[int, Column], dict[str, str], list[str], list[str]]:
    lookup = layout.lookup()
    positions: dict[int, Column] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    duplicates: list[str] = []
    for index, cell in enumerate(raw):
        header = str(cell).strip() if cell is not None else ""
        if not header:
            continue
        column = lookup.get(fold(header))
        if column is None:
            ignored.append(header)
        elif column.field in headers:
            duplicates.append(f"'{headers[column.field]}' and '{header}' are both {column.label}")
        else:
            positions[index] = column
            headers[column.field] = header
    return positions, headers, ignored, duplicates


def _rows_from(raw_rows: Iterator[Sequence[Cell]], path: Path, layout: Layout) -> Sheet:
    required = [column for column in layout.columns if column.required]
    first_seen: list[str] | None = None
    for number, raw in enumerate(raw_rows, start=1):
        if not any(_clean(cell) is not None for cell in raw):
            continue
        positions, headers, ignored, duplicates = _match_header(raw, layout)
        if first_seen is None:
            first_seen = [str(cell) for cell in raw if _clean(cell) is not None]
        missing = [column.label for column in required if column.field not in headers]
        if missing:
            if number >= HEADER_SCAN_ROWS:
                break
            continue
        if duplicates:
            raise FileProblem("; ".join(duplicates))
        sheet = Sheet(path=path, fields=frozenset(headers), headers=headers, ignored=ignored)
        for data_number, values in enumerate(raw_rows, start=number + 1):
            cells = {column.field: _clean(values[i]) for i, column in positions.items() if i < len(values)}
            if any(value is not None for value in cells.values()):
                sheet.rows.append(SheetRow(data_number, cells))
        return sheet
    if first_seen is None:
        raise FileProblem("the file is empty")
    wanted = ", ".join(column.label for column in required)
    raise FileProblem(
        f"no header row with the required columns ({wanted}) in the first {HEADER_SCAN_ROWS} rows; "
        f"the first row has: {', '.join(first_seen)}"
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(path: Path) -> Iterator[list[Cell]]:
    content = _decode(path.read_bytes())
    sample = "\n".join(content.splitlines()[:HEADER_SCAN_ROWS])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    for record in csv.reader(io.StringIO(content, newline=""), dialect):
        yield list(record)


def _xlsx_rows(path: Path) -> Iterator[tuple[Cell, ...]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise FileProblem(f"cannot read {path.name} as an Excel workbook: {error}") from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield tuple(row)
    finally:
        workbook.close()


def read_sheet(path: Path, layout: Layout) -> Sheet:
    """All data rows of the file, keyed by field; raises `FileProblem` for a file that cannot be used."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise FileProblem(f"{path} does not exist")
    if suffix == ".csv":
        rows: Iterable[Sequence[Cell]] = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix == ".xls":
        raise FileProblem("old .xls workbooks are not read: save the file as .xlsx or .csv")
    else:
        raise FileProblem(f"unknown file type {suffix or '(none)'}: give a .csv or .xlsx file")
    return _rows_from(iter(rows), path, layout)
