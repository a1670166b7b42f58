"""Alembic environment: async engine, the bot's metadata, batch mode so every migration also runs on SQLite.

The URL comes, first match wins, from `-x url=…`, from `config.attributes["url"]` (set by
`bot.storage.schema` for `python -m bot db …` and tests), from `sqlalchemy.url`, and finally from
DATABASE_URL in the environment or `.env` (no bot token needed).
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_engine_from_config
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from bot.storage.models import metadata
from bot.storage.settings import load_database_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = metadata


def database_url() -> str:
    x_url = context.get_x_argument(as_dictionary=True).get("url")
    url = x_url or config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    return str(url) if url else load_database_settings().DATABASE_URL


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Write plain SQLAlchemy types into revisions, so a revision never depends on how a model was typed.

    SQLModel's `AutoString`/`UTCDateTime` become `sa.String`/`sa.DateTime(timezone=True)`, and enums
    (stored as VARCHAR, never native PostgreSQL enums) become `sa.String(32)`: adding a member later needs
    no migration.
    """
    if type_ != "type":
        return False
    if isinstance(obj, sa.Enum) and not obj.native_enum:
        return f"sa.String(length={obj.length})"
    if isinstance(obj, AutoString):
        length = obj.impl.length  # type: ignore[attr-defined]
        return f"sa.String(length={length})" if length else "sa.String()"
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table; batch ops are no-ops elsewhere
        render_item=render_item,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: write the SQL for a DBA instead of running it."""
    _configure(url=database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # Batch mode drops and recreates tables; with foreign keys enforced, dropping a parent table
        # would cascade-delete its children's rows. SQLite ignores this pragma inside a transaction.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = async_engine_from_config(
        {"sqlalchemy.url": database_url()}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
