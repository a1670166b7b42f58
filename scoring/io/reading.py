"""The one table reader: CSV and XLSX files from outside, row by row, with bounded work.

Used by `scoring batch` and by every import of the bot (`bot.admin`): a `Layout` names the columns a kind of
file may have (with the aliases people use), `open_table` finds the header row and streams the rows after it.

- **Header**: the first of the first 10 non-empty rows that names every required column; rows above it (a
  title, an agency name) are skipped. Case, spacing and punctuation in headers do not matter.
- **CSV**: `,` `;` tab or `|`, the one under which the header is found (Indonesian Excel writes `;`); UTF-8
  with or without BOM, else Windows-1252 (or the encoding given).
- **XLSX**: the first sheet (or the one named), read-only; only the cells that exist are read, whatever
  dimension the file claims. Its XML is parsed with `defusedxml` (openpyxl uses it when installed): entity
  tricks (billion laughs, XXE) are refused.
- **Limits** (`Limits`): file size, rows, 32,767 characters a cell (Excel's own), a workbook part unpacking
  far beyond its packed size (a zip bomb). Each ends in one `TableError` line naming the limit.
- Text from the file is shown in messages escaped and cut (`values.shown`), never raw.

Nothing here keeps more than one row: memory stays flat however long the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from scoring.io.cells import DASHES, Cell, cell_text
from scoring.io.values import fold, shown

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 10
"""Non-empty rows searched for the header: exports often put a title or two above it."""
EXCEL_CELL_CHARS = 32_767
EXCEL_COLUMNS = 16_384
LONGEST_LINE = 4 * 1024 * 1024
"""Characters in one line of a CSV file: more is not a spreadsheet row."""
PACKED_RATIO = 100
"""A workbook part that unpacks to more than this many times its packed size, past `PACKED_FLOOR`, is refused."""
PACKED_FLOOR = 8 * 1024 * 1024


class TableError(Exception):
    """The file as a whole cannot be used (missing, unreadable, too big, no header): one line, exit status 2."""


class LayoutError(TableError):
    """A header row that cannot be used; the caller adds the file name."""


class MissingColumns(LayoutError):
    """A row that lacks a required column: not the header."""


@dataclass(frozen=True)
class Limits:
    """What a file may ask of the reader; `setting` tells the user how to raise the size and row limits."""

    max_mb: float = 50.0
    max_rows: int = 1_048_576
    """Data rows; Excel's own limit by default."""
    setting: str = ""
    """'IMPORT_MAX_MB / IMPORT_MAX_ROWS', '--max-mb / --max-rows': named in the error."""

    def _raise_with(self) -> str:
        return f" (raise it with {self.setting})" if self.setting else ""


@dataclass(frozen=True)
class Column:
    """One column a file may have: its field, the header documentation uses, the aliases also accepted."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    help: str = ""
    required: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.field, self.header, *self.aliases)


def column_letter(index: int) -> str:
    """0 → A, 26 → AA: how a spreadsheet user finds the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(cells: Sequence[Cell]) -> bool:
    # `any(cells)` is the fast answer; only an all-falsy row (0, False, "") needs the exact look.
    return not any(cells) and all(cell is None or cell == "" for cell in cells)


@dataclass(frozen=True)
class Header:
    """Where each field is in one file: the header row as written, and the columns it maps."""

    row: int
    names: list[str]
    index: dict[str, int]
    """Field → column position."""
    columns: dict[str, Column]
    ignored: list[str]
    """Headers that are no known column: reported, in case one is a misspelling."""
    dropped: frozenset[int] = frozenset()
    """Positions of columns the layout drops (an earlier run's result columns in `scoring batch`)."""

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.index)

    def label(self, field_name: str) -> str:
        """The column as this file names it ('NAMA LENGKAP'), or its documented header when absent."""
        if field_name in self.index:
            return self.names[self.index[field_name]]
        column = self.columns.get(field_name)
        return column.header if column else field_name

    def where(self, field_name: str) -> str:
        """"column 'Pendidikan Terakhir' (C)": the column as this file spells it, with its letter."""
        i = self.index[field_name]
        return f"column {shown(self.names[i])} ({column_letter(i)})"

    def pick(self, cells: Sequence[Cell]) -> dict[str, Cell]:
        """The row's cells by field: text trimmed, and an empty cell (or a lone dash) as None."""
        width = len(cells)
        picked: dict[str, Cell] = {}
        for name, i in self.index.items():
            value = cells[i] if i < width else None
            if isinstance(value, str):
                value = value.strip()
                if not value or value in DASHES:
                    value = None
            picked[name] = value
        return picked


class Layout:
    """The columns one kind of file may have; `header` maps a row onto them."""

    def __init__(self, columns: Sequence[Column], *, dropped: Sequence[str] = ()) -> None:
        self.columns = tuple(columns)
        self.by_field = {column.field: column for column in self.columns}
        self._lookup = {fold(name): column for column in self.columns for name in column.names()}
        self._dropped = frozenset(fold(name) for name in dropped)

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def header(self, cells: Sequence[Cell], row: int) -> Header:
        """Map a header row onto the columns; a missing required column or a doubled one is refused."""
        names = [cell_text(cell) for cell in cells]
        while names and not names[-1]:
            names.pop()
        index: dict[str, int] = {}
        ignored: list[str] = []
        dropped: set[int] = set()
        for i, name in enumerate(names):
            key = fold(name)
            if key in self._dropped:
                dropped.add(i)
                continue
            column = self._lookup.get(key)
            if column is None:
                if name:
                    ignored.append(name)
                continue
            if column.field in index:
                first = index[column.field]
                raise LayoutError(
                    f"columns {shown(names[first])} ({column_letter(first)}) and {shown(name)} ({column_letter(i)}) "
                    f"both mean {column.header!r}; keep one"
                )
            index[column.field] = i
        missing = [column for column in self.required if column.field not in index]
        if missing:
            wanted = "; ".join(
                repr(column.header) + (f" (or {', '.join(map(repr, column.aliases))})" if column.aliases else "")
                for column in missing
            )
            found = ", ".join(shown(name) for name in names[:30] if name) or "nothing"
            raise MissingColumns(f"missing required column {wanted}; the header row has {found}")
        return Header(row, names, index, self.by_field, ignored, frozenset(dropped))

    def find_header(self, rows: Iterator[tuple[int, Sequence[Cell]]]) -> Header | None:
        """The header: the first of the first `HEADER_SEARCH_ROWS` non-empty rows naming the required columns.

        None: no non-empty row at all. When none of them qualifies, the error describes the first non-empty
        row, the one a person would take for the header.
        """
        first_error: MissingColumns | None = None
        searched = 0
        for number, cells in rows:
            if is_blank(cells):
                continue
            try:
                return self.header(cells, number)
            except MissingColumns as error:
                first_error = first_error or error
                searched += 1
                if searched >= HEADER_SEARCH_ROWS:
                    break
        if first_error is not None:
            raise first_error
        return None


@dataclass
class Table:
    """An open file: its header, the rows after it as (spreadsheet row number, cells), and reading progress."""

    path: Path
    header: Header
    rows: Iterator[tuple[int, Sequence[Cell]]]
    delimiter: str | None
    """The CSV delimiter (None for XLSX): an output CSV keeps it."""
    fraction_done: Callable[[], float | None] = field(default=lambda: None)


def table_kind(path: Path, role: str = "input") -> str:
    """'csv' or 'xlsx' from the file name; other names are refused before anything is opened."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    hint = " (save the old .xls format as .xlsx first)" if suffix == ".xls" else ""
    raise TableError(f"{path}: the {role} must be a .csv or .xlsx file{hint}")


@contextmanager
def open_table(
    path: Path,
    layout: Layout,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    limits: Limits = Limits(),
) -> Iterator[Table]:
    """Open a CSV or XLSX file and find its header; raises `TableError` for a file that cannot be used.

    `encoding`: of a CSV file; None tries UTF-8 (with or without BOM), then Windows-1252.
    """
    kind = table_kind(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TableError(f"{path}: file not found") from None
    except OSError as error:
        raise TableError(f"{path}: cannot read ({error.strerror})") from None
    if path.is_dir():
        raise TableError(f"{path}: is a directory, not a file")
    if limits.max_mb and size > limits.max_mb * 1024 * 1024:
        raise TableError(
            f"{path}: {size / 1024 / 1024:.1f} MB, more than the limit of {limits.max_mb:g} MB{limits._raise_with()}"
        )
    if kind == "csv":
        if sheet is not None:
            raise TableError("--sheet applies to .xlsx files only")
        with _open_csv(path, layout, encoding, limits) as table:
            yield table
    else:
        with _open_xlsx(path, layout, sheet, limits) as table:
            yield table


def _counted(rows: Iterator[tuple[int, Sequence[Cell]]], path: Path, header: Header,
             limits: Limits) -> Iterator[tuple[int, Sequence[Cell]]]:
    """The rows after the header, stopped with an error past `limits.max_rows`."""
    last = header.row + limits.max_rows
    for number, cells in rows:
        if number > last and not is_blank(cells):
            raise TableError(
                f"{path}: more than {limits.max_rows:,} rows after the header, the limit{limits._raise_with()}"
            )
        yield number, cells


# CSV ----------------------------------------------------------------------------------------------------


def _encoding_of(raw: IO[bytes]) -> str:
    """UTF-8 (a BOM is skipped) when the file's start decodes as UTF-8, else Windows-1252."""
    start = raw.read(64 * 1024)
    raw.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(start, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _not_encoded(path: Path, encoding: str) -> TableError:
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
    return TableError(f"{path}: not {name} text{where}; save the sheet as 'CSV UTF-8' or give its encoding")


@contextmanager
def _open_csv(path: Path, layout: Layout, encoding: str | None, limits: Limits) -> Iterator[Table]:
    try:
        raw = path.open("rb")
    except OSError as error:
        raise TableError(f"{path}: cannot read ({error.strerror})") from None
    size = os.fstat(raw.fileno()).st_size
    chosen = encoding or _encoding_of(raw)
    try:
        text = io.TextIOWrapper(raw, encoding=chosen, newline="")
    except LookupError:
        raw.close()
        raise TableError(f"unknown encoding {chosen!r}; try utf-8 or cp1252") from None
    csv.field_size_limit(EXCEL_CELL_CHARS)
    with text:

        def lines() -> Iterator[str]:
            number = 0
            while True:
                try:
                    line = text.readline(LONGEST_LINE)
                except UnicodeDecodeError:
                    raise _not_encoded(path, chosen) from None
                if not line:
                    return
                number += 1
                if len(line) >= LONGEST_LINE and not line.endswith(("\n", "\r")):
                    raise TableError(f"{path}: line {number} is longer than {LONGEST_LINE:,} characters")
                yield line

        source = lines()
        start: list[str] = []  # the lines the header is searched in, read again by the real reader
        filled = 0
        for line in source:
            start.append(line)
            filled += any(ch not in " \t\r\n,;|\"'" for ch in line)
            if filled > HEADER_SEARCH_ROWS or len(start) >= 64:
                break
        delimiter, header = _csv_header(path, start, layout)

        def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
            number = 0
            records = csv.reader(itertools.chain(start, source), delimiter=delimiter)
            while True:
                try:
                    cells = next(records)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise _malformed(path, number + 1, error) from None
                number += 1
                if number <= header.row:
                    continue
                if len(cells) > EXCEL_COLUMNS:
                    raise TableError(f"{path}: row {number} has more than {EXCEL_COLUMNS:,} cells")
                yield number, cells

        def fraction() -> float | None:
            return raw.tell() / size if size else None

        yield Table(path, header, _counted(rows(), path, header, limits), delimiter, fraction)


def _malformed(path: Path, row: int, error: csv.Error) -> TableError:
    if "field larger than field limit" in str(error):
        return TableError(f"{path}: row {row}: a cell is longer than {EXCEL_CELL_CHARS:,} characters (Excel's limit)")
    return TableError(f"{path}: row {row}: malformed CSV ({error})")


def _csv_header(path: Path, start: list[str], layout: Layout) -> tuple[str, Header]:
    """The delimiter under which the header is found, and the header; the widest header wins a tie."""
    found: list[tuple[int, int, str, Header]] = []
    errors: dict[str, TableError] = {}
    for order, delimiter in enumerate(DELIMITERS):
        records = enumerate(csv.reader(iter(start), delimiter=delimiter), start=1)
        try:
            header = layout.find_header(records)
        except csv.Error as error:
            errors[delimiter] = _malformed(path, 0, error)
            continue
        except LayoutError as error:
            errors[delimiter] = TableError(f"{path}: {error}")
            continue
        if header is None:
            raise TableError(f"{path}: empty; expected a header row ({_wanted(layout)})")
        found.append((len(header.index), -order, delimiter, header))
    if found:
        _, _, delimiter, header = max(found, key=lambda item: item[:2])
        return delimiter, header
    likely = detect_delimiter(next((line for line in start if line.strip()), ""))
    raise errors[likely]


def detect_delimiter(line: str) -> str:
    """The most frequent of `, ; TAB |` outside quotes in a line; ',' when there is none."""
    bare = "".join(part for i, part in enumerate(line.split('"')) if i % 2 == 0)
    counts = [(bare.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] > 0 else ","


def _wanted(layout: Layout) -> str:
    return "at least " + " and ".join(repr(column.header) for column in layout.required)


# XLSX ---------------------------------------------------------------------------------------------------


def _check_packing(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack far beyond their packed size (a zip bomb), before any is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise TableError(f"{path}: cannot be read as an .xlsx workbook ({error})") from None
    for part in parts:
        if part.file_size > PACKED_FLOOR and part.file_size > PACKED_RATIO * max(part.compress_size, 1):
            raise TableError(
                f"{path}: refused: {shown(part.filename)} unpacks to {part.file_size / 1024 / 1024:,.0f} MB "
                f"from {part.compress_size / 1024:,.0f} KB (more than {PACKED_RATIO} times; a zip bomb?)"
            )
        held = part.filename.endswith("sharedStrings.xml")  # openpyxl keeps this part in memory whole
        if held and limits.max_mb and part.file_size > limits.max_mb * 1024 * 1024:
            raise TableError(
                f"{path}: its text table unpacks to {part.file_size / 1024 / 1024:,.0f} MB, more than the limit of "
                f"{limits.max_mb:g} MB{limits._raise_with()}"
            )


def _xml_refused(error: BaseException | None) -> bool:
    """A refusal of defusedxml, however openpyxl wrapped it."""
    while error is not None:
        if type(error).__module__.startswith("defusedxml"):
            return True
        error = error.__cause__ or error.__context__
    return False


@contextmanager
def _open_xlsx(path: Path, layout: Layout, sheet: str | None, limits: Limits) -> Iterator[Table]:
    # openpyxl (with numpy and Pillow, tens of MB) is loaded by the first workbook read, not by importing this:
    # the bot imports the readers at start and may never read a workbook.
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    _check_packing(path, limits)
    # openpyxl warns about workbook features it drops (data validation, default styles): noise for HR staff.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file; each is one line here
            if _xml_refused(error):
                raise TableError(f"{path}: refused: its XML declares entities or a DTD (an XML attack?)") from None
            if isinstance(error, zipfile.BadZipFile | InvalidFileException | KeyError | OSError | ValueError):
                raise TableError(f"{path}: cannot be read as an .xlsx workbook ({shown(str(error), 80)})") from None
            raise
        try:
            worksheet = _worksheet(path, book, sheet)
            expected = worksheet.max_row if isinstance(worksheet.max_row, int) else None
            worksheet.reset_dimensions()  # the stored dimension can be wrong or hostile: read what exists
            done = 0

            def cells_of(rows: Iterator[tuple[Cell, ...]]) -> Iterator[tuple[int, Sequence[Cell]]]:
                nonlocal done
                try:
                    for number, cells in enumerate(rows, start=1):
                        done = number
                        for cell in cells:
                            if cell.__class__ is str and len(cell) > EXCEL_CELL_CHARS:
                                raise TableError(
                                    f"{path}: row {number}: a cell is longer than {EXCEL_CELL_CHARS:,} characters "
                                    "(Excel's limit)"
                                )
                        yield number, cells
                except TableError:
                    raise
                except Exception as error:
                    if _xml_refused(error):
                        raise TableError(f"{path}: refused: its XML declares entities or a DTD (an XML attack?)") \
                            from None
                    raise TableError(f"{path}: cannot be read as an .xlsx workbook ({shown(str(error), 80)})") \
                        from None

            try:
                header = layout.find_header(cells_of(worksheet.iter_rows(values_only=True)))
            except LayoutError as error:
                raise TableError(f"{path}: {error}") from None
            if header is None:
                raise TableError(f"{path}: empty; expected a header row ({_wanted(layout)})")
            # Read again from the row after the header, as wide as the header: cells beyond it are never used,
            # and a hostile row cannot make the reader pad thousands of them.
            width = max(len(header.names), 1)
            after = worksheet.iter_rows(min_row=header.row + 1, max_col=width, values_only=True)
            rows = ((number + header.row, cells) for number, cells in cells_of(after))

            def fraction() -> float | None:
                return min((done + header.row) / expected, 1.0) if expected else None

            yield Table(path, header, _counted(rows, path, header, limits), None, fraction)
        finally:
            book.close()


def _worksheet(path: Path, book: Any, sheet: str | None) -> Any:
    names: list[str] = list(book.sheetnames)
    if sheet is None:
        if not book.worksheets:
            raise TableError(f"{path}: the workbook has no worksheet")
        return book.worksheets[0]
    if sheet in names:
        return book[sheet]
    raise TableError(f"{path}: no sheet named {shown(sheet)}; sheets: {', '.join(names)}")
