"""What every import shares: options and limits, reading a cell as clean text, turning validation errors into
report lines, and chunked writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin.progress import NoProgress, Progress
from bot.cleaning import TextRefused, clean_line
from bot.storage.audit import CLI_ACTOR
from bot.texts import Lang, plain
from scoring.io.cells import Cell, CellError, cell_text
from scoring.io.reading import Header, Limits, Table

CHUNK = 5_000
"""Rows per executemany: big enough to amortize round trips, small enough to show progress."""


@dataclass
class ImportOptions:
    dry_run: bool = False
    """Validate and plan, report what would change, write nothing."""
    skip_invalid: bool = False
    """Write the good rows even when some are bad (default: all-or-nothing)."""
    actor: str = CLI_ACTOR
    progress: Progress = field(default_factory=NoProgress)
    limits: Limits = field(default_factory=Limits)
    """File size and rows a file may have (settings IMPORT_MAX_MB, IMPORT_MAX_ROWS)."""
    lang: Lang = "id"
    """Language of the row problems and the report."""


def filled_rows(table: Table) -> Iterator[tuple[int, dict[str, Cell]]]:
    """The rows after the header as (spreadsheet row number, cells by field), blank ones left out: a blank row
    is neither counted nor checked by any import (spreadsheets keep empty rows after the data)."""
    header = table.header
    for number, raw in table.rows:
        cells = header.pick(raw)
        if any(value is not None for value in cells.values()):
            yield number, cells


def repeated_rows(groups: Iterable[Sequence[int]], key: str, lang: Lang) -> dict[int, str]:
    """Row → problem for every row of a group that says the same thing (a NIP, a record): each is refused, for
    nobody can tell which one is right, and the catalog's `key` names the group's other rows (`{rows}`)."""
    return {
        row: plain(key, lang, rows=", ".join(str(other) for other in sorted(rows) if other != row))
        for rows in groups
        if len(rows) > 1
        for row in rows
    }


class RowRefused(ValueError):
    """One row's problem, already named by its column: a line of the import report."""


def text_cell(header: Header, cells: Mapping[str, Cell], name: str, *, limit: int = 255,
              required: bool = False) -> str | None:
    """A cell as clean text (`bot.cleaning.clean_line`: NFC, no invisible characters, one line, `limit`
    characters); None when empty and not `required`. A control character refuses the row."""
    value = cells.get(name)
    try:
        return clean_line(cell_text(value), limit=limit, required=required)
    except TextRefused as error:
        raise RowRefused(f"{header.label(name)}: {error}") from None


def typed_cell(header: Header, cells: Mapping[str, Cell], name: str, parse: Callable[[Cell], Any]) -> Any:
    """A cell through one of `scoring.io.cells`' parsers; its error named by the column."""
    try:
        return parse(cells.get(name))
    except CellError as error:
        raise RowRefused(f"{header.label(name)}: {error}") from None


def describe_validation(error: ValidationError, header: Header) -> list[str]:
    """One line per pydantic error, named by the column header the user knows."""
    lines = []
    for item in error.errors():
        location = str(item["loc"][0]) if item["loc"] else None
        message = item["msg"].removeprefix("Value error, ")
        if location:
            lines.append(f"{header.label(location)}: {message}")
            continue
        # A check across fields names its fields itself ('kind: …; jp: …'): use the file's names for them.
        parts = []
        for part in message.split("; "):
            name, sep, rest = part.partition(": ")
            parts.append(f"{header.label(name)}: {rest}" if sep and name in header.columns else part)
        lines.append("; ".join(parts))
    return lines


async def insert_chunks(
    connection: AsyncConnection, table: sa.Table, rows: Sequence[dict[str, Any]], progress: Progress
) -> None:
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        await connection.execute(sa.insert(table), chunk)
        progress.advance(len(chunk))


async def update_chunks(
    connection: AsyncConnection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    progress: Progress,
) -> None:
    """UPDATE … WHERE id = :row_id for rows that all carry the same keys plus 'row_id' (executemany)."""
    if not rows:
        return
    columns = [key for key in rows[0] if key != "row_id"]
    # bind names must differ from column names in SET, hence the "v_" prefix
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"v_{name}") for name in columns})
    )
    for start in range(0, len(rows), CHUNK):
        chunk = [
            {"row_id": row["row_id"], **{f"v_{name}": row[name] for name in columns}}
            for row in rows[start : start + CHUNK]
        ]
        await connection.execute(statement, chunk)
        progress.advance(len(chunk))
