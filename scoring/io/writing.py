"""Streaming spreadsheet output for `python -m scoring batch`: CSV and XLSX, row by row.

A national agency's sheet can hold a million rows, so nothing here keeps more than one row: CSV goes
through the `csv` module, XLSX through openpyxl's write-only mode. Output is written to a temporary file
beside the target and moved into place only when complete, so an interrupted run never leaves a
half-written result that looks finished.
"""

from __future__ import annotations

import csv
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as Time
from pathlib import Path
from typing import Any, TextIO, TypeVar

import openpyxl  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell as Cell_
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import IllegalCharacterError  # type: ignore[import-untyped]

from scoring.io.cells import Cell
from scoring.io.reading import table_kind


class SheetError(Exception):
    """An output file that cannot be written: exit status 2."""


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
        row: list[Any] = [None if cell == "" else self._text(cell) if cell.__class__ is str and cell[0] == "="
                          else cell for cell in cells]  # no empty-string cells; text stays text
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

    def _text(self, value: str) -> Any:
        """'=HYPERLINK(…)' from a file or a chat is written as the text it is, never as a live formula."""
        cell = WriteOnlyCell(self._worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell

    def _bold(self, value: Any) -> Any:
        cell = value if isinstance(value, Cell_) else WriteOnlyCell(self._worksheet, value=value)
        cell.font = Font(bold=True)
        return cell


@contextmanager
def open_sink(
    path: Path, *, delimiter: str = ",", text_only: bool = False, sheet_title: str = "IP ASN"
) -> Iterator[Sink]:
    """Write to a temporary file beside `path`; move it into place only if the block completes.

    `text_only`: every cell written will be a string or None (the input is a CSV), for speed.
    """
    kind = table_kind(path, "output")
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


@contextmanager
def open_book(path: Path) -> Iterator[Callable[[str], Sink]]:
    """An XLSX workbook of several sheets, written like `open_sink` (a temporary file moved into place only
    if the block completes); the block gets a function that adds a sheet by title and returns its sink."""
    if table_kind(path, "output") != "xlsx":
        raise SheetError(f"{path}: the output must be an .xlsx file")
    if not path.parent.is_dir():
        raise SheetError(f"{path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    book = openpyxl.Workbook(write_only=True)
    try:
        yield lambda title: XlsxSink(book.create_sheet(title[:31]))
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
