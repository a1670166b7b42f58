"""Spreadsheet cells → values, tolerant of how HR offices' files really look, strict about what matters.

A cell is whatever the reader produced: text from CSV, or text, numbers, dates and booleans from XLSX.
Parsers raise `CellError` with a message that goes into the import report next to the row number.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.parsing import MONTHS

Cell = str | int | float | bool | date | datetime | None


class CellError(ValueError):
    pass


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]+)\.?[\s\-]+(\d{4})$")
_TRUE = {"ya", "y", "yes", "true", "1", "sesuai", "benar", "sudah"}
_FALSE = {"tidak", "t", "no", "n", "false", "0", "tidaksesuai", "salah", "belum"}


_WIDE_SPACE = re.compile(r"\s{2,}|[^\S ]")


def text(cell: Cell) -> str | None:
    """Trimmed text with inner whitespace collapsed; None for an empty cell."""
    if cell is None:
        return None
    if type(cell) is str:  # the common case, kept fast: called for every cell of 50,000 rows
        value = cell.strip()
        if _WIDE_SPACE.search(value):
            value = " ".join(value.split())
        return value or None
    if isinstance(cell, bool):
        return "ya" if cell else "tidak"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    value = " ".join(str(cell).split())
    return value or None


def nip_text(cell: Cell) -> str | None:
    """The NIP as typed. A NIP that Excel stored as a number has lost its last digits: refuse it."""
    if isinstance(cell, float):
        raise CellError(
            "stored as a number, which keeps only 15 digits of 18: format the NIP column as Text and re-enter it"
        )
    return text(cell)


def date_value(cell: Cell) -> date:
    """Dates as Excel stores them, or written as 2025-03-31, 31/03/2025, 31-03-2025, 31.03.2025, 31 Maret 2025."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    if value is None:
        raise CellError("missing")
    try:
        if match := _ISO.match(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.match(value):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _WORDS.match(value)) and match[2].lower() in MONTHS:
            return date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        raise CellError(f"{value!r} is not a calendar date") from None
    raise CellError(f"{value!r} is not a date (write 31/12/2025 or 2025-12-31)")


def number(cell: Cell) -> float:
    """A number; a decimal comma (12,5) is read as Indonesian spreadsheets write it."""
    if isinstance(cell, bool):
        raise CellError("expected a number")
    if isinstance(cell, int | float):
        return float(cell)
    value = text(cell)
    if value is None:
        raise CellError("missing")
    cleaned = value.replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise CellError(f"{value!r} is not a number") from None


def whole_number(cell: Cell) -> int:
    value = number(cell)
    if not value.is_integer():
        raise CellError(f"{value:g} is not a whole number")
    return int(value)


def yes_no(cell: Cell) -> bool | None:
    """Ya/Tidak (and yes/no, 1/0, sesuai/tidak sesuai); None for an empty cell."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return cell
    value = text(cell)
    if value is None:
        return None
    folded = "".join(ch for ch in value.lower() if ch.isalnum())
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise CellError(f"{value!r}: write Ya or Tidak")
