"""Async engine and sessions: one engine per process, one session per unit of work (an update, a command).

SQLite is the zero-set-up default, so it gets what a multi-user bot needs from it: foreign keys enforced
(off by default in SQLite), WAL so readers do not block the writer, and a busy timeout instead of
immediate "database is locked" errors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 15_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _is_file_database(url: str) -> bool:
    database = make_url(url).database
    return bool(database) and database != ":memory:" and not str(database).startswith("file::memory:")


def is_shared(url: str) -> bool:
    """Whether a second engine on this URL sees the same database (not so for an in-memory SQLite)."""
    return not is_sqlite(url) or _is_file_database(url)


def create_engine(
    url: str, *, echo: bool = False, session_options: Mapping[str, int] | None = None, **kwargs: Any
) -> AsyncEngine:
    """An async engine for `sqlite+aiosqlite://` or `postgresql+asyncpg://` URLs, SQLite tuned as above.

    `session_options` (PostgreSQL only; `DatabaseSettings.session_options()`): server settings every
    connection starts with, e.g. `lock_timeout`, so that a frozen process holding locks blocks nobody for
    long and a stuck statement ends.
    """
    if session_options and not is_sqlite(url):
        connect_args = dict(kwargs.pop("connect_args", {}))
        server = dict(connect_args.get("server_settings", {}))
        server.update({name: str(value) for name, value in session_options.items()})
        connect_args["server_settings"] = server
        kwargs["connect_args"] = connect_args
    engine = create_async_engine(url, echo=echo, **kwargs)
    if is_sqlite(url):
        wal = _is_file_database(url)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (async code cannot lazy-load them later)."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@asynccontextmanager
async def session_scope(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
