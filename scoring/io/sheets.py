"""Streaming spreadsheet input and output for `python -m scoring batch`: CSV and XLSX, row by row.

A national agency's sheet can hold a million rows, so nothing here keeps more than one row: CSV goes
through the `csv` module, XLSX through openpyxl's read-only and write-only modes. Output is written
to a temporary file beside the target and moved into place only when complete, so an interrupted
run never leaves a half-written result that looks finished.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import sys
import time
import warnings
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as Time
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

import openpyxl  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import (  # type: ignore[import-untyped]
    IllegalCharacterError,
    InvalidFileException,
)

Cell = str | int | float | bool | datetime | date | Time | None
"""What a cell can hold: CSV gives strings, openpyxl gives typed values."""

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')


class SheetError(Exception):
    """The file as a whole cannot be used (missing, unreadable, wrong kind): exit status 2."""


def sheet_kind(path: Path, role: str) -> str:
    """'csv' or 'xlsx' from the file name; other names are refused before anything is opened."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    hint = " (save the old .xls format as .xlsx first)" if suffix == ".xls" else ""
    raise SheetError(f"{path}: the {role} must be a .csv or .xlsx file{hint}")


@dataclass
class Source:
    """An open input sheet: its rows as (spreadsheet row number, cells), and how far reading got."""

    rows: Iterator[tuple[int, Sequence[Cell]]]
    fraction_done: Callable[[], float | None]
    delimiter: str | None
    """The CSV delimiter found in the header (None for XLSX): the output CSV keeps it."""


def detect_delimiter(header_line: str) -> str:
    """The most frequent of `, ; TAB |` outside quotes in the header line; ',' when there is none.

    Indonesian Excel writes ';' (its list separator, because ',' is the decimal mark), other tools ','.
    """
    bare = _QUOTED.sub("", header_line)
    counts = [(bare.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] > 0 else ","


@contextmanager
def open_source(path: Path, *, sheet: str | None = None, encoding: str = "utf-8-sig") -> Iterator[Source]:
    """Open a CSV or XLSX file for streaming; `sheet` picks an XLSX worksheet (default: the first)."""
    kind = sheet_kind(path, "input")
    if not path.exists():
        raise SheetError(f"{path}: file not found")
    if path.is_dir():
        raise SheetError(f"{path}: is a directory, not a file")
    if kind == "csv":
        if sheet is not None:
            raise SheetError("--sheet applies to .xlsx files only")
        with _open_csv(path, encoding) as source:
            yield source
    else:
        with _open_xlsx(path, sheet) as source:
            yield source


@contextmanager
def _open_csv(path: Path, encoding: str) -> Iterator[Source]:
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise SheetError(f"{path}: cannot read ({exc.strerror})") from None
    size = os.fstat(raw.fileno()).st_size
    try:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    except LookupError:
        raw.close()
        raise SheetError(f"unknown encoding {encoding!r}; try utf-8 or cp1252") from None
    with text:
        try:
            # The delimiter is read from the first line with text: the header, after any blank lines.
            leading: list[str] = []
            for line in text:
                leading.append(line)
                if line.strip():
                    break
        except UnicodeDecodeError:
            raise _not_encoded(path, encoding) from None
        delimiter = detect_delimiter(leading[-1] if leading else "")
        reader = csv.reader(itertools.chain(leading, text), delimiter=delimiter)

        def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
            number = 0
            iterator = iter(reader)
            while True:
                try:
                    cells = next(iterator)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise _not_encoded(path, encoding) from None
                except csv.Error as exc:
                    raise SheetError(f"{path}: row {number + 1}: malformed CSV ({exc})") from None
                number += 1
                yield number, cells

        def fraction() -> float | None:
            return raw.tell() / size if size else None

        yield Source(rows(), fraction, delimiter)


def _not_encoded(path: Path, encoding: str) -> SheetError:
    """Name the first line that does not decode: text is decoded in chunks, so the reader cannot."""
    where = ""
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                where = f" (line {number})"
                break
    name = "UTF-8" if encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8") else encoding
    return SheetError(
        f"{path}: not {name} text{where}; save the sheet as 'CSV UTF-8' or give its encoding with "
        "--encoding (e.g. cp1252)"
    )


@contextmanager
def _open_xlsx(path: Path, sheet: str | None) -> Iterator[Source]:
    # openpyxl warns about workbook features it drops (data validation, default styles): noise for HR
    # staff, and nothing a score depends on.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with _open_workbook(path, sheet) as source:
            yield source


@contextmanager
def _open_workbook(path: Path, sheet: str | None) -> Iterator[Source]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise SheetError(f"{path}: cannot be read as an .xlsx workbook ({exc})") from None
    try:
        names: list[str] = list(book.sheetnames)
        if sheet is None:
            worksheets = book.worksheets
            if not worksheets:
                raise SheetError(f"{path}: the workbook has no worksheet")
            worksheet = worksheets[0]
        elif sheet in names:
            worksheet = book[sheet]
        else:
            raise SheetError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(names)}")
        expected = worksheet.max_row if isinstance(worksheet.max_row, int) else None
        # The stored dimension can be stale or absent; trusting it would silently drop rows.
        worksheet.reset_dimensions()
        done = 0

        def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
            nonlocal done
            for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                done = number
                yield number, cells

        def fraction() -> float | None:
            return min(done / expected, 1.0) if expected else None

        yield Source(rows(), fraction, None)
    finally:
        book.close()


# Output -------------------------------------------------------------------------------------------


class Sink(ABC):
    """Where scored rows go; `write` takes one row of cells."""

    @abstractmethod
    def write(self, cells: Sequence[Cell]) -> None: ...

    def number(self, value: float) -> Cell:
        """A score as this format stores it (a number in XLSX, text in CSV)."""
        return value


class CsvSink(Sink):
    """UTF-8 with a byte-order mark, so Excel shows names with accents correctly."""

    def __init__(self, stream: TextIO, delimiter: str, *, text_only: bool = False) -> None:
        writerow = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerow
        self._decimal_comma = delimiter == ";"
        self._numbers: dict[float, str] = {}
        # Rows of a CSV input hold only strings and None (which csv writes as ""), and `number` gives
        # strings: such rows go to the writer untouched, the hot path of a CSV-to-CSV batch.
        self._writerow = writerow
        self._text_only = text_only

    def write(self, cells: Sequence[Cell]) -> None:
        if self._text_only:
            self._writerow(cells)
        else:
            text = self.text
            self._writerow([cell if cell.__class__ is str else text(cell) for cell in cells])

    def number(self, value: float) -> Cell:
        return self.text(value)

    def text(self, cell: Cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, str):
            return cell
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
            return cell.date().isoformat() if cell.time() == Time() else cell.isoformat(sep=" ")
        if isinstance(cell, date | Time):
            return cell.isoformat()
        return str(cell)


class XlsxSink(Sink):
    def __init__(self, worksheet: Any) -> None:
        self._worksheet = worksheet
        self._first = True

    def write(self, cells: Sequence[Cell]) -> None:
        row: list[Any] = [None if cell == "" else cell for cell in cells]  # no empty-string cells
        if self._first:
            # A bold, frozen header: the sheet stays readable while scrolling through thousands of rows.
            row = [self._bold(value) for value in row]
            self._worksheet.freeze_panes = "A2"
            self._first = False
        try:
            self._worksheet.append(row)
        except IllegalCharacterError:
            # Control characters that XLSX cannot store (they come from CSV input): drop them.
            self._worksheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )

    def _bold(self, value: Any) -> Any:
        cell = WriteOnlyCell(self._worksheet, value=value)
        cell.font = Font(bold=True)
        return cell


@contextmanager
def open_sink(
    path: Path, *, delimiter: str = ",", text_only: bool = False, sheet_title: str = "IP ASN"
) -> Iterator[Sink]:
    """Write to a temporary file beside `path`; move it into place only if the block completes.

    `text_only`: every cell written will be a string or None (the input is a CSV), for speed.
    """
    kind = sheet_kind(path, "output")
    if not path.parent.is_dir():
        raise SheetError(f"{path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        if kind == "csv":
            stream = _writing(path, lambda: temporary.open("w", encoding="utf-8-sig", newline=""))
            with stream:
                yield CsvSink(stream, delimiter, text_only=text_only)
        else:
            book = openpyxl.Workbook(write_only=True)
            yield XlsxSink(book.create_sheet(sheet_title))
            _writing(path, lambda: book.save(temporary))
        _writing(path, lambda: os.replace(temporary, path))
    finally:
        temporary.unlink(missing_ok=True)


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


# Progress ------------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal and at most five times a second."""

    WIDTH = 30

    def __init__(self, fraction: Callable[[], float | None], stream: IO[str] | None = None) -> None:
        self._fraction = fraction
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = self._stream.isatty()
        self._next = 0.0
        self._drawn = False

    def tick(self, rows: int) -> None:
        """Call every row or so; cheap unless a redraw is due (the caller checks `rows` sparsely)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + 0.2
        fraction = self._fraction()
        if fraction is None:
            line = f"\r{rows:,} baris".replace(",", ".")
        else:
            filled = int(self.WIDTH * fraction)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"\r[{bar}] {fraction:4.0%} {rows:,} baris".replace(",", ".")
        self._stream.write(line)
        self._stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self._stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self._stream.flush()
            self._drawn = False
