"""Engine and session helpers, and the start-up schema check."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.db import create_engine, session_scope
from bot.storage.models import Unit
from bot.storage.schema import (
    UPGRADE_COMMAND,
    check_schema_current_async,
    describe_schema_state,
    head_revisions,
    safe_url,
)


async def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'pragmas.db'}")
    try:
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
            assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        await engine.dispose()


async def test_session_scope_commits_or_rolls_back(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with session_scope(sessionmaker) as session:
        session.add(Unit(code="A", name="A"))
    with pytest.raises(RuntimeError):
        async with session_scope(sessionmaker) as session:
            session.add(Unit(code="B", name="B"))
            await session.flush()
            raise RuntimeError("boom")
    async with sessionmaker() as session:
        codes = (await session.exec(select(Unit.code))).all()
    assert codes == ["A"]


async def test_objects_stay_usable_after_commit(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with session_scope(sessionmaker) as session:
        unit = Unit(code="C", name="Unit C")
        session.add(unit)
    assert unit.name == "Unit C"  # expire_on_commit=False: no lazy load outside the session


async def test_a_migrated_database_may_start(database_url: str) -> None:
    assert await check_schema_current_async(database_url) is None


async def test_an_empty_database_names_the_upgrade_command(empty_database_url: str) -> None:
    message = await check_schema_current_async(empty_database_url, "en")
    assert message is not None and UPGRADE_COMMAND in message
    assert "does not exist yet" in message or "has no tables yet" in message


async def test_a_database_from_a_newer_version_is_refused(database_url: str, engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(sa.text("UPDATE alembic_version SET version_num = '999'"))
    message = await check_schema_current_async(database_url, "en")
    assert message is not None and "999" in message and "newer version" in message


def test_a_database_behind_names_both_revisions_and_the_command() -> None:
    (head,) = head_revisions()
    message = describe_schema_state("sqlite+aiosqlite:///x.db", [head], [head, "zz_next"], "en")
    assert message == (
        f"The database SQLite {Path('x.db').resolve()} is at revision {head} but this version of the bot needs "
        f"{head}, zz_next. Bring it up to date with: {UPGRADE_COMMAND}"
    )


def test_the_current_head_needs_nothing() -> None:
    assert describe_schema_state("sqlite+aiosqlite:///x.db", head_revisions(), head_revisions()) is None


async def test_an_unreachable_database_is_a_message_not_a_crash() -> None:
    message = await check_schema_current_async("postgresql+asyncpg://nobody:secret@127.0.0.1:9/none", "en")
    assert message is not None and message.startswith("Cannot open the database")
    assert "secret" not in message


def test_passwords_never_appear_in_messages() -> None:
    assert "s3cret" not in safe_url("postgresql+asyncpg://ipasn:s3cret@db/ipasn")
