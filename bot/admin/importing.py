"""What every import shares: options, turning validation errors into report lines, and chunked writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.admin.progress import NoProgress, Progress
from bot.admin.tabular import Layout
from bot.storage.audit import CLI_ACTOR

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


def describe_validation(error: ValidationError, layout: Layout, fields: Mapping[str, str]) -> list[str]:
    """One line per pydantic error, named by the column header the user knows."""
    lines = []
    for item in error.errors():
        location = item["loc"][0] if item["loc"] else None
        label = fields.get(str(location)) or (layout.label(str(location)) if location else None)
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{label}: {message}" if label else message)
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
