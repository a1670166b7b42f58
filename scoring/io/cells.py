"""Spreadsheet cells → values: typed XLSX cells as they are, text through the one parser (`scoring.io.values`).

A cell is what the reader produced: text from CSV; text, numbers, dates and booleans from XLSX. Each
function raises `CellError` with a message that the caller puts after the row number and column.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from datetime import time as Time

from scoring.io.values import DATE_EXAMPLES, ValueProblem, parse_date_text, parse_number_text, parse_yes_no, shown
from scoring.texts import number

Cell = str | int | float | bool | datetime | date | Time | None
"""What a cell can hold: CSV gives strings, XLSX typed values."""

DASHES = frozenset({"-", "–", "—"})
"""A lone dash is how many sheets write 'nothing': an empty cell."""


class CellError(ValueError):
    """One cell that cannot be read; the caller adds the row and the column."""


def cell_text(cell: Cell) -> str:
    """A cell as text, trimmed: '' for an empty cell, '2024' for 2024.0, ISO for dates."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "ya" if cell else "tidak"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date | Time):
        return cell.isoformat()
    return str(cell)


def is_empty(text: str) -> bool:
    return not text or text in DASHES


def date_cell(cell: Cell) -> date | None:
    """A spreadsheet date, or a date as written (`values.parse_date_text`); None for an empty cell."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise CellError(f"expected a date such as {DATE_EXAMPLES}, not {cell!r}")
    if is_empty(cell.strip()):
        return None
    try:
        return parse_date_text(cell)
    except ValueProblem as problem:
        raise CellError(str(problem)) from None


def number_cell(cell: Cell, *, low: float = 0.0, high: float = 100_000.0) -> float | None:
    """A number: a spreadsheet number, or one as written (`values.parse_number_text`: 12,5 · 1.000 · 24 JP);
    None for an empty cell; outside `low`–`high` is refused."""
    if cell is None:
        return None
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        raise CellError(f"expected a number, not {shown(cell_text(cell))}")
    if isinstance(cell, str):
        if is_empty(cell.strip()):
            return None
        try:
            value = parse_number_text(cell)
        except ValueProblem as problem:
            raise CellError(str(problem)) from None
    else:
        value = float(cell)
    if math.isnan(value) or not low <= value <= high:
        raise CellError(f"{number(value, 'en')} is outside {number(low, 'en')}–{number(high, 'en')}")
    return value


def whole_number_cell(cell: Cell, *, low: float = 0.0, high: float = 100_000.0) -> int | None:
    value = number_cell(cell, low=low, high=high)
    if value is None:
        return None
    if not value.is_integer():
        raise CellError(f"{number(value, 'en')} is not a whole number")
    return int(value)


def yes_no_cell(cell: Cell) -> bool | None:
    """Ya/Tidak (yes/no, 1/0, sesuai/tidak sesuai …); None for an empty cell."""
    if cell is None or isinstance(cell, bool):
        return cell
    text = cell_text(cell)
    if is_empty(text):
        return None
    try:
        return parse_yes_no(text)
    except ValueProblem as problem:
        raise CellError(str(problem)) from None
