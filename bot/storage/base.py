"""Shared pieces of every table: the metadata's naming convention, enum columns, and UTC timestamps.

Every module that defines a table imports `SQLModel` via this module first, so the naming convention is in
place before any constraint is created; migrations then get stable, predictable constraint names on
SQLite (where batch mode needs names) and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata: sa.MetaData = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION

ENUM_LENGTH = 32
"""Every enum column is a VARCHAR of this length: new members need no migration (no native PG enum)."""


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """A VARCHAR column holding the enum's *values* ('jpt_utama', not 'JPT_UTAMA'), loaded as members."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=ENUM_LENGTH,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    """Aware UTC now, the default of every `created_at`; services pass `clock.now()` where tests need it."""
    return datetime.now(UTC)


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table of a table model, for bulk statements (executemany) that bypass the ORM unit of work."""
    table = model.__table__  # type: ignore[attr-defined]
    if not isinstance(table, sa.Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table


async def core_connection(session: AsyncSession) -> AsyncConnection:
    """The session's own connection and transaction, for Core bulk statements (one executemany per chunk).

    Pending ORM changes are flushed first: a Core statement does not autoflush as `session.exec` would.
    """
    await session.flush()
    return await session.connection()
