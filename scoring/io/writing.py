"""The one writer of every spreadsheet and CSV the project produces, row by row.

`python -m scoring batch`, the bot's workbooks (`/rekap ekspor`, `/tim ekspor`, `admin report`), invite codes,
the broadcast failure list and `admin export` all write through here, so every file keeps the same promises:

- **Nothing evaluates.** A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's
  CSV-injection list) is written so no spreadsheet runs it: in CSV with a leading `'` (Excel and LibreOffice
  show the rest as text), in XLSX as a string cell (`t="inlineStr"`, never `<f>`) with Excel's quote prefix,
  so even editing the cell does not turn it into a formula. Numbers given as numbers are not text and are
  written as they are (a score of -2 stays a number).
- **Only characters XML allows.** Control characters other than tab, line feed and carriage return (which an
  XLSX cannot hold and a CSV reader stumbles on) are dropped, in both formats.
- **Typed cells.** Numbers, dates and date-times are real cells in XLSX; a `Column`'s kind gives the number
  format (`0.00%` for a share stored as 0.6667, `0.00` for an index, `dd-mm-yyyy` for a date), so a clerk
  sees "66,67%" in an Indonesian Excel and can still sort and sum.
- **Files Excel opens.** A text longer than Excel's 32,767 characters a cell is cut there (XLSX); sheet
  names are made valid (31 characters, no `[]:*?/\\`, unique).
- **Readable sheets.** The first row is a bold header, frozen, with filters over the whole table; column
  widths fit the longest value among the first `MEASURED_ROWS` rows.
- **Whole files or none.** A file is written to a temporary name beside the target and moved into place only
  when complete; a file that cannot be written raises `SheetError` (the command lines: one line, exit 2).

Nothing here keeps rows: CSV goes through the `csv` module, XLSX rows become sheet XML at once
(`scoring.io.xlsx`, spooled to a temporary file), so a national agency's million rows stream.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as Time
from enum import Enum
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

from scoring.io.cells import Cell
from scoring.io.reading import CSV_SUFFIXES, column_letter
from scoring.io.xlsx import (
    DEFAULT_DATE,
    DEFAULT_DATETIME,
    DEFAULT_TIME,
    SheetPart,
    Styles,
    bool_cell,
    excel_serial,
    number_cell,
    save_package,
    text_cell,
)


class SheetError(Exception):
    """An output file that cannot be written: exit status 2."""


# Text cells ---------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection")."""

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters XML 1.0 forbids (openpyxl's ILLEGAL_CHARACTERS_RE): XLSX cannot hold them."""

_UNSAFE = re.compile(r"^[=+\-@\t\r]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""A text cell that needs `safe_text`."""

def clean_text(text: str) -> str:
    """`text` without the characters XML forbids."""
    return _FORBIDDEN.sub("", text) if _FORBIDDEN.search(text) else text


def needs_quoting(text: str) -> bool:
    """True when a spreadsheet could read `text` (already cleaned) as a formula."""
    return text.startswith(FORMULA_STARTS)


def safe_text(text: str) -> str:
    """The CSV form of a text cell: forbidden characters dropped, a formula start behind a `'`."""
    if _UNSAFE.search(text) is None:
        return text
    text = clean_text(text)
    return "'" + text if needs_quoting(text) else text


# Columns ------------------------------------------------------------------------------------------


class Kind(Enum):
    """What a column holds; in XLSX, its number format."""

    TEXT = None
    COUNT = "0"
    DECIMAL = "0.00"
    """An index or mean: two decimals (the comma or point is the reader's Excel's)."""
    PERCENT = "0.00%"
    """A share stored as a fraction: 0.6667 shows as 66,67%."""
    DATE = "dd-mm-yyyy"
    DATETIME = "dd-mm-yyyy hh:mm"


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind = Kind.TEXT


def columns(*specs: str | Column) -> list[Column]:
    """Columns from titles (text) and `Column`s."""
    return [spec if isinstance(spec, Column) else Column(spec) for spec in specs]


# Output -------------------------------------------------------------------------------------------


class Sink(ABC):
    """Where rows go; `write` takes one row of cells. The first row written is the header."""

    @abstractmethod
    def write(self, cells: Sequence[Cell]) -> None: ...

    def write_all(self, rows: Iterable[Sequence[Cell]]) -> None:
        for row in rows:
            self.write(row)

    def number(self, value: float) -> Cell:
        """A score as this format stores it (a number in XLSX, text in CSV)."""
        return value

    @abstractmethod
    def close(self) -> None:
        """Finish the sheet (write what is held back); the file is complete only when its sink is closed."""


_BLOCK_ROWS = 256
"""Rows of a text-only CSV checked at once (see `CsvSink`)."""


def _marks(delimiter: str) -> tuple[bytes, tuple[bytes, ...]]:
    """A byte table that reduces CSV text to what matters for `CsvSink`'s block check, and the pairs to find.

    Marks: `|` a cell boundary (the delimiter, a line feed), `q` a quote, `!` a formula start, `r` a CR,
    `c` a forbidden character, `x` anything else (UTF-8 lead and continuation bytes included, so a name
    with accents can never look like a mark)."""
    if len(delimiter) != 1 or (delimiter in FORMULA_STARTS and delimiter != "\t"):
        raise ValueError(f"unusable CSV delimiter {delimiter!r}")
    table = bytearray(b"x" * 256)
    for char in "=+-@\t":
        table[ord(char)] = ord("!")
    for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)):
        table[code] = ord("c")
    table[ord("\n")] = table[ord(delimiter)] = ord("|")
    table[ord('"')], table[ord("\r")] = ord("q"), ord("r")
    # A cell starts after a boundary, quoted after `|q`; one starting with a CR, a tab in a tab-separated
    # file, or a delimiter is quoted. Closing quotes give a few harmless finds (`"` before a CR or tab).
    pairs = (b"|!", b"q!", b"qr", b"c") + ((b"q|",) if delimiter == "\t" else ())
    return bytes(table), pairs


class CsvSink(Sink):
    """UTF-8 with a byte-order mark (given by the stream's encoding), so Excel shows accented names correctly.

    Rows of a CSV input hold only strings and None (`text_only`), and `number` gives strings: the hot path of
    a CSV-to-CSV batch. Those rows are written as they are into a block of `_BLOCK_ROWS` rows; the block's
    text, reduced to a few marks by one `bytes.translate` (`_marks`), is searched for a cell that could start
    a formula or a forbidden character. Only a block with a find (some are harmless, e.g. a quoted cell at
    the end of a line) is written again, cell by cell through `safe_text`. Checking each cell of each row in
    Python would cost the batch about a tenth of its speed; the block check costs about 1%.
    """

    def __init__(self, stream: TextIO, delimiter: str = ",", *, text_only: bool = False) -> None:
        self._stream = stream
        self._delimiter = delimiter
        self._decimal_comma = delimiter == ";"
        self._numbers: dict[float, str] = {}
        self._text_only = text_only
        self._block: list[Sequence[Cell]] = []
        self._buffer = io.StringIO()
        target = self._buffer if text_only else stream
        self._writerow = csv.writer(target, delimiter=delimiter, lineterminator="\r\n").writerow
        self._table, self._pairs = _marks(delimiter)

    def write(self, cells: Sequence[Cell]) -> None:
        if self._text_only:
            self._block.append(cells)
            self._writerow(cells)
            if len(self._block) >= _BLOCK_ROWS:
                self._flush()
        else:
            text = self.text
            self._writerow([safe_text(cell) if isinstance(cell, str) else text(cell) for cell in cells])

    def close(self) -> None:
        if self._text_only:
            self._flush()

    def _flush(self) -> None:
        text = self._buffer.getvalue()
        marks = b"|" + text.encode("utf-8", "surrogatepass").translate(self._table)  # the first cell too
        if any(pair in marks for pair in self._pairs):
            buffer = io.StringIO()
            writerow = csv.writer(buffer, delimiter=self._delimiter, lineterminator="\r\n").writerow
            for row in self._block:
                writerow([safe_text(cell) if cell else cell for cell in row])  # type: ignore[arg-type]
            text = buffer.getvalue()
        self._stream.write(text)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._block.clear()

    def number(self, value: float) -> Cell:
        return self.text(value)

    def text(self, cell: Cell) -> str:
        """A cell that is not text, as text: numbers with this file's decimal mark, dates in ISO form."""
        if cell is None:
            return ""
        if isinstance(cell, str):
            return safe_text(cell)
        if isinstance(cell, bool):
            return "ya" if cell else "tidak"
        if isinstance(cell, float):
            text = self._numbers.get(cell)
            if text is None:
                text = str(int(cell)) if cell.is_integer() else repr(cell)
                # ';' files are Indonesian-Excel files: it reads '22,5' as a number, '22.5' as text.
                text = text.replace(".", ",") if self._decimal_comma else text
                if len(self._numbers) < 4096:
                    self._numbers[cell] = text
            return text
        if isinstance(cell, datetime):
            cell = cell.replace(tzinfo=None)  # wall-clock time: the caller chose the zone
            if cell.time() == Time():
                return cell.date().isoformat()
            whole_minute = cell.second == 0 and cell.microsecond == 0
            return cell.isoformat(sep=" ", timespec="minutes" if whole_minute else "auto")
        if isinstance(cell, date | Time):
            return cell.isoformat()
        return str(cell)


XLSX_TEXT_LIMIT = 32_767
"""Excel's limit on the characters of one cell: a longer text is cut there (Excel would call the file
damaged)."""

MEASURED_ROWS = 2_000
"""Rows (header included) whose values size the columns of an XLSX sheet; they are held until then."""

_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0


def _shown_length(value: Any, kind: Kind) -> int:
    """About how many characters a cell shows, for the column width."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, bool):
        return 5
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, int | float):
        if kind is Kind.PERCENT:
            return len(f"{value * 100:.2f}%")
        if kind is Kind.DECIMAL:
            return len(f"{value:,.2f}")
        return len(f"{value:g}") if isinstance(value, float) else len(str(value))
    return len(str(value))


class XlsxSink(Sink):
    """One sheet of a workbook (`XlsxBook`). In a `table` the first row is the header: bold, frozen, with
    filters; a sheet that is not a table (notes) has none of these. Rows go straight to the sheet's XML
    (`scoring.io.xlsx`); the first `MEASURED_ROWS` also size the columns."""

    def __init__(self, part: SheetPart, styles: Styles, kinds: Sequence[Kind] = (), *, table: bool = True) -> None:
        self._part = part
        self._table = table
        self._kinds = list(kinds)
        self._rows = 0
        self._widths: list[float] = []
        self._letters: list[str] = []
        index = styles.index
        self._text_styles = {(bold, quote): index(bold=bold, quote=quote) for bold in (False, True)
                             for quote in (False, True)}
        self._number_styles = [index(kind.value) if kind.value and kind not in _DATE_KINDS else 0 for kind in kinds]
        self._date_styles = [index(kind.value if kind in _DATE_KINDS else DEFAULT_DATE) for kind in kinds]
        self._datetime_styles = [index(kind.value if kind in _DATE_KINDS else DEFAULT_DATETIME) for kind in kinds]
        self._defaults = (index(DEFAULT_DATE), index(DEFAULT_DATETIME), index(DEFAULT_TIME), index(bold=True))

    def write(self, cells: Sequence[Cell]) -> None:
        self._rows += 1
        row = str(self._rows)
        header = self._table and self._rows == 1
        measure = self._rows <= MEASURED_ROWS
        letters = self._letters
        while len(letters) < len(cells):
            letters.append(column_letter(len(letters)))
        out: list[str] = []
        for index, value in enumerate(cells):
            if value is None or value == "":
                continue  # no empty-string cells
            ref = letters[index] + row
            cls = value.__class__
            if cls is str:
                text: str = value  # type: ignore[assignment]
                if _UNSAFE.search(text) or len(text) > XLSX_TEXT_LIMIT:
                    text = clean_text(text)[:XLSX_TEXT_LIMIT]
                out.append(text_cell(ref, text, self._text_styles[header, needs_quoting(text)]))
            elif cls is float or cls is int:
                if not math.isfinite(value):  # type: ignore[arg-type]
                    out.append(text_cell(ref, str(value), self._text_styles[header, False]))
                else:
                    out.append(number_cell(ref, value, self._defaults[3] if header else self._style(  # type: ignore[arg-type]
                        self._number_styles, index, 0)))
            elif cls is bool:
                out.append(bool_cell(ref, value, self._defaults[3] if header else 0))  # type: ignore[arg-type]
            elif isinstance(value, datetime):
                out.append(number_cell(ref, excel_serial(value), self._style(self._datetime_styles, index,
                                                                             self._defaults[1])))
            elif isinstance(value, date):
                out.append(number_cell(ref, excel_serial(value), self._style(self._date_styles, index,
                                                                             self._defaults[0])))
            elif isinstance(value, Time):
                out.append(number_cell(ref, excel_serial(value), self._defaults[2]))
            else:
                text = clean_text(str(value))[:XLSX_TEXT_LIMIT]
                out.append(text_cell(ref, text, self._text_styles[header, needs_quoting(text)]))
            if measure:
                self._measure(index, value, header)
        self._part.add_row(out, len(cells))

    @staticmethod
    def _style(styles: list[int], index: int, default: int) -> int:
        return styles[index] if index < len(styles) else default

    def _measure(self, index: int, value: Cell, header: bool) -> None:
        widths = self._widths
        while len(widths) <= index:
            widths.append(0.0)
        kind = self._kinds[index] if index < len(self._kinds) else Kind.TEXT
        shown = _shown_length(value, kind) * (1.15 if header else 1.0)  # a bold header is wider
        if shown > widths[index]:
            widths[index] = shown

    def close(self) -> None:
        self._part.widths = [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in self._widths]
        self._part.frozen = self._part.filtered = self._table and self._rows > 0


_DATE_KINDS = frozenset({Kind.DATE, Kind.DATETIME})


def _sheet_title(title: str, taken: Iterable[str]) -> str:
    """A sheet name Excel accepts: no `[]:*?/\\`, at most 31 characters, not already used."""
    base = re.sub(r"[\[\]:*?/\\]", " ", clean_text(title)).strip().strip("'")[:31] or "Sheet"
    used = {name.lower() for name in taken}
    candidate, number = base, 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    return candidate


class XlsxBook:
    """A workbook of one or more sheets, each streamed through an `XlsxSink`."""

    def __init__(self) -> None:
        self._styles = Styles()
        self._parts: list[SheetPart] = []
        self._sinks: list[XlsxSink] = []

    def sheet(self, title: str, header: Sequence[str | Column] = (), *, table: bool = True) -> XlsxSink:
        """A new sheet; `header` types its columns and, in a `table`, is written as its header row. Not a
        table: rows of notes (no header, no filters)."""
        specs = columns(*header)
        part = SheetPart(_sheet_title(title, [part.title for part in self._parts]))
        sink = XlsxSink(part, self._styles, [spec.kind for spec in specs], table=table)
        if specs and table:
            sink.write([spec.title for spec in specs])
        self._parts.append(part)
        self._sinks.append(sink)
        return sink

    def save(self, target: Path | IO[bytes], *, stamp: datetime | None = None) -> None:
        """Close every sheet and write the workbook; `stamp` dates the file (the data's date, not now), so the
        same data gives the same bytes."""
        if not self._parts:
            self.sheet("Sheet")
        for sink in self._sinks:
            sink.close()
        try:
            save_package(target, self._parts, self._styles, stamp=stamp)
        finally:
            for part in self._parts:
                part.close()

    def to_bytes(self, *, stamp: datetime | None = None) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer, stamp=stamp)
        return buffer.getvalue()


def output_kind(path: Path) -> str:
    """'csv' or 'xlsx' from the file name; any other name is refused before anything is written (a file is
    what its name says: an .xlsm or .xls would open with Excel's "format does not match" warning)."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise SheetError(f"{path}: the output must be a .csv or .xlsx file")


def csv_bytes(header: Sequence[str | Column], rows: Iterable[Sequence[Cell]], *, delimiter: str = ",") -> bytes:
    """A small CSV (UTF-8 with BOM) in memory, e.g. to send as a Telegram document."""
    buffer = io.StringIO()
    sink = CsvSink(buffer, delimiter)
    sink.write([spec.title for spec in columns(*header)])
    sink.write_all(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, moved onto it only if the block completes (else removed)."""
    if not path.parent.is_dir():
        raise SheetError(f"{path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield temporary
        _writing(path, lambda: os.replace(temporary, path))
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def open_sink(
    path: Path,
    *,
    delimiter: str = ",",
    text_only: bool = False,
    sheet_title: str = "IP ASN",
    header: Sequence[str | Column] = (),
) -> Iterator[Sink]:
    """A one-sheet CSV or XLSX file at `path` (by its name), whole or not at all.

    `text_only`: every cell written will be a string or None (the input is a CSV), for speed.
    `header`: written first (else the first row written is the header), its kinds typing the XLSX columns.
    """
    kind = output_kind(path)
    with replacing(path) as temporary:
        if kind == "csv":
            stream = _writing(path, lambda: temporary.open("w", encoding="utf-8-sig", newline=""))
            with stream:
                sink: Sink = CsvSink(stream, delimiter, text_only=text_only)
                if header:
                    sink.write([spec.title for spec in columns(*header)])
                yield sink
                sink.close()
        else:
            book = XlsxBook()
            yield book.sheet(sheet_title, header)
            _writing(path, lambda: book.save(temporary))


@contextmanager
def open_book(path: Path) -> Iterator[XlsxBook]:
    """A workbook of several sheets at `path` (which must be named .xlsx), whole or not at all."""
    if output_kind(path) != "xlsx":
        raise SheetError(f"{path}: this output has several sheets, so it is a .xlsx file; name it so")
    with replacing(path) as temporary:
        book = XlsxBook()
        yield book
        _writing(path, lambda: book.save(temporary))


def write_file(path: Path, content: bytes, *, kind: str) -> None:
    """Finished file contents (e.g. a workbook also sent in Telegram) to `path`, whole or not at all;
    `path` must be named for its `kind` ('csv' or 'xlsx')."""
    if output_kind(path) != kind:
        raise SheetError(f"{path}: this output is a .{kind} file; name it so")
    with replacing(path) as temporary:
        _writing(path, lambda: temporary.write_bytes(content))


T = TypeVar("T")


def _writing(path: Path, action: Callable[[], T]) -> T:
    """Run one output step, turning an OS error (full disk, no permission) into a `SheetError`."""
    try:
        return action()
    except OSError as exc:
        raise SheetError(f"{path}: cannot write ({exc.strerror or exc})") from None


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file: scoring a sheet onto itself would destroy it mid-read."""
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False
