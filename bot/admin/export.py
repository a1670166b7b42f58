"""`admin export`: everything the bot holds, one sheet per table, streamed into an XLSX workbook.

Personal data leaves the system here, so every export is audit-logged. The one writer
(`scoring.io.writing`) writes it: text that looks like a formula ('=HYPERLINK(…)' typed into a training
title) is text, never a live formula; date-times are real date-times.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.audit import AuditAction, audit
from bot.storage.base import core_connection, metadata
from scoring.io.writing import open_book


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value  # Excel has no zones
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, date | int | float | bool) or value is None:
        return value
    return str(value)


def _is_datetime(type_: Any) -> bool:
    """DateTime columns, including SQLModel's UTCDateTime (a TypeDecorator around DateTime)."""
    return isinstance(getattr(type_, "impl", type_), sa.DateTime)


async def export_workbook(session: AsyncSession, path: Path, *, clock: Clock, actor: str) -> dict[str, int]:
    """Write every table to `path` (an .xlsx: one sheet per table cannot be a CSV; another name raises
    `SheetError` before anything is read); returns rows per table. Times are UTC (the header says so)."""
    connection = await core_connection(session)

    def existing(sync_connection: Connection) -> set[str]:
        return set(sa.inspect(sync_connection).get_table_names())

    present = await connection.run_sync(existing)
    now = clock.now()
    counts: dict[str, int] = {}
    with open_book(path) as book:
        info = book.sheet("export", table=False)
        info.write(["exported_at_utc", _cell_value(now)])
        info.write(["times", "all date-times in this workbook are UTC"])
        for table in metadata.sorted_tables:
            if table.name not in present:
                continue
            columns = list(table.columns)
            sheet = book.sheet(table.name, [f"{c.name} (UTC)" if _is_datetime(c.type) else c.name for c in columns])
            order = [column for column in table.primary_key.columns] or columns[:1]
            result = await connection.stream(sa.select(table).order_by(*order))
            rows = 0
            async for row in result:
                sheet.write([_cell_value(value) for value in row])
                rows += 1
            counts[table.name] = rows
    audit(session, actor=actor, action=AuditAction.EXPORT, at=now, details={"file": path.name, "rows": counts})
    await session.flush()
    return counts
