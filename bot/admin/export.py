"""`admin export`: everything the bot holds, one sheet per table, streamed into an XLSX workbook.

Personal data leaves the system here, so every export is audit-logged. Text that looks like a formula
('=HYPERLINK(…)' typed into a training title) is written as text, never as a live formula.
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
    """Write every table to `path`; returns rows per table. Times are UTC (header says so)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    connection = await core_connection(session)

    def existing(sync_connection: Connection) -> set[str]:
        return set(sa.inspect(sync_connection).get_table_names())

    present = await connection.run_sync(existing)
    workbook = Workbook(write_only=True)
    info = workbook.create_sheet("export")
    now = clock.now()
    info.append(["exported_at_utc", _cell_value(now)])
    info.append(["times", "all date-times in this workbook are UTC"])
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        if table.name not in present:
            continue
        sheet = workbook.create_sheet(table.name[:31])
        columns = list(table.columns)
        sheet.append([f"{c.name} (UTC)" if _is_datetime(c.type) else c.name for c in columns])
        order = [column for column in table.primary_key.columns] or columns[:1]
        result = await connection.stream(sa.select(table).order_by(*order))
        rows = 0
        async for row in result:
            cells = []
            for value in row:
                plain = _cell_value(value)
                if isinstance(plain, str):
                    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", plain))
                    cell.data_type = "s"  # never a formula
                    cells.append(cell)
                else:
                    cells.append(plain)
            sheet.append(cells)
            rows += 1
        counts[table.name] = rows
    workbook.save(path)
    audit(session, actor=actor, action=AuditAction.EXPORT, at=now, details={"file": path.name, "rows": counts})
    await session.flush()
    return counts
