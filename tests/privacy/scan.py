"""Looking for a value everywhere in the database: every integer, text and JSON column of every table."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import metadata


async def places_holding(session: AsyncSession, value: int) -> list[str]:
    """`table.column` for every row where `value` is the column's number, or appears in its text or JSON."""
    needle = str(value)
    found = []
    connection = await session.connection()
    for table in metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, sa.Integer):
                where = sa.cast(column, sa.BigInteger) == value
            elif isinstance(kind, sa.String | sa.Text | sa.Enum):
                where = sa.cast(column, sa.Text).contains(needle)
            elif isinstance(kind, sa.JSON):
                rows = (await connection.execute(sa.select(column).where(column.is_not(None)))).scalars()
                if any(needle in json.dumps(row) for row in rows):
                    found.append(f"{table.name}.{column.name}")
                continue
            else:
                continue
            if (await connection.execute(sa.select(sa.func.count()).where(where))).scalar_one():
                found.append(f"{table.name}.{column.name}")
    return found
