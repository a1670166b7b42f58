"""Shared fixtures: databases on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.

Every test that asks for `database_url` (or `engine`, `sessionmaker`, `session`, `make_unit`,
`make_employee`) runs once per backend (`db_backend`: 'sqlite' / 'postgresql') on an empty database at
the current schema (head), private to the test while it runs:

- SQLite: a copy of a file migrated once per session, in the test's tmp dir.
- PostgreSQL: one database per test session, `CREATE DATABASE ipasn_test_<random>` through the
  TEST_DATABASE_URL connection (CI: postgresql+asyncpg://postgres@127.0.0.1:5432/test), migrated once,
  emptied before each test, dropped at the end of the session, so parallel sessions never collide.
  Ids are not reset between tests: never assume id 1.

`empty_database_url` is a fresh database of its own with no tables (migration tests). `session` is one
AsyncSession (commit to make rows visible to other sessions). `clock` is a FakeClock at 2026-11-28 09:00
Asia/Jakarta. `make_unit` / `make_employee` add and flush valid rows (`bot.storage.samples` has them as
plain functions, and `make_nip` for valid NIPs). Alembic's env.py calls `asyncio.run`: from async tests
call `bot.storage.schema.upgrade` through `asyncio.to_thread` (or `call_in_thread` below).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage import scratch
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Unit
from bot.storage.samples import MakeEmployee, MakeUnit, add_unit, employee_factory
from bot.storage.schema import head_revisions, upgrade
from bot.storage.scratch import run_in_thread

T = TypeVar("T")
pytest_plugins = ["tests.agency"]  # the `agency` fixture of the broadcast, team and unit map tests

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", *(["postgresql"] if TEST_DATABASE_URL else [])]
JAKARTA = ZoneInfo("Asia/Jakarta")
CLOCK_START = datetime(2026, 11, 28, 9, 0, tzinfo=JAKARTA)
HEADS = head_revisions()


@pytest.fixture(scope="session", autouse=True)
def _no_real_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the developer's own database: DATABASE_URL and the user data folder (the default
    database's home, `settings.default_database_path`) point into this session's temporary folder."""
    home = tmp_path_factory.mktemp("user-data")
    saved = {name: os.environ.get(name) for name in ("DATABASE_URL", "XDG_DATA_HOME")}
    os.environ["XDG_DATA_HOME"] = str(home)
    os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{home / 'unset-in-this-test.db'}"
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def call_in_thread(function: Callable[[], T]) -> T:
    """For Alembic, whose async env.py calls asyncio.run (not allowed inside a running loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def _pg_url(database: str) -> str:
    return scratch.url_of(TEST_DATABASE_URL, database)


def _pg_create(template: str | None = None) -> str:
    return scratch.create(TEST_DATABASE_URL, prefix="ipasn_test", template=template)


def _pg_drop(name: str) -> None:
    scratch.drop(TEST_DATABASE_URL, name)


@pytest.fixture(autouse=True)
def _heavy_turns_inline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Heavy turns run in a worker process (`bot.offload`) only in tests marked `offload`: spawning one per
    test costs seconds; elsewhere they run inline, through the same router code."""
    if request.node.get_closest_marker("offload") is None:
        monkeypatch.setattr("bot.app.OFFLOAD_HEAVY_TURNS", False)


postgresql_only = pytest.mark.parametrize("db_backend", [b for b in BACKENDS if b == "postgresql"], indirect=True)
"""For tests of what only PostgreSQL has (several processes on one database, server-side session timeouts): they
run on PostgreSQL alone, and are not collected for SQLite at all."""


@pytest.fixture(scope="session", params=BACKENDS)
def db_backend(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgresql'; tests using any database fixture run once for each available backend."""
    return str(request.param)


@pytest.fixture(scope="session")
def _migrated_template(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite: a file at head, copied for each test. PostgreSQL: this session's own database at head,
    emptied before each test (faster than a database per test, and still private to the session)."""
    if db_backend == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.db"
        call_in_thread(lambda: upgrade(f"sqlite+aiosqlite:///{path}"))
        yield str(path)
        return
    name = _pg_create()
    try:
        call_in_thread(lambda: upgrade(_pg_url(name)))
        yield name
    finally:
        _pg_drop(name)


_PG_DELETE_ALL = """
DO $$
DECLARE name text;
BEGIN
    SET LOCAL session_replication_role = replica;  -- no FK triggers: any order will do
    FOR name IN SELECT tablename FROM pg_tables
                WHERE schemaname = 'public' AND tablename <> 'alembic_version' LOOP
        EXECUTE format('DELETE FROM %I', name);
    END LOOP;
END $$;
"""
_PG_TRUNCATE_ALL = """
DO $$
DECLARE names text;
BEGIN
    SELECT string_agg(format('%I', tablename), ', ') INTO names
    FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version';
    IF names IS NOT NULL THEN
        EXECUTE 'TRUNCATE ' || names || ' RESTART IDENTITY CASCADE';
    END IF;
END $$;
"""


async def _pg_reset(name: str) -> None:
    """Empty every table (DELETE: milliseconds, where TRUNCATE's new files cost a fsync each) and put
    the revision back at head, since a test may have changed it. TRUNCATE when not a superuser."""
    import asyncpg

    url = make_url(TEST_DATABASE_URL)
    connection = await asyncpg.connect(
        host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username, password=url.password, database=name
    )
    try:
        await connection.execute("SET lock_timeout = '10s'")
        try:
            await connection.execute(_PG_DELETE_ALL)
        except asyncpg.InsufficientPrivilegeError:
            await connection.execute(_PG_TRUNCATE_ALL)
        await connection.execute("DELETE FROM alembic_version")
        await connection.executemany("INSERT INTO alembic_version (version_num) VALUES ($1)", [(h,) for h in HEADS])
    finally:
        await connection.close()


@pytest.fixture
def empty_database_url(db_backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to a fresh database of its own with no tables at all (migration tests)."""
    if db_backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    name = _pg_create()
    try:
        yield _pg_url(name)
    finally:
        _pg_drop(name)


@pytest.fixture
def database_url(db_backend: str, _migrated_template: str, tmp_path: Path) -> str:
    """A URL to an empty database at the current schema (head), private to this test while it runs."""
    if db_backend == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(_migrated_template, path)
        return f"sqlite+aiosqlite:///{path}"
    run_in_thread(lambda: _pg_reset(_migrated_template))
    return _pg_url(_migrated_template)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session; commit explicitly to make rows visible to other sessions."""
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def clock() -> FakeClock:
    """A clock stopped at 2026-11-28 09:00 Asia/Jakarta; `clock.advance(timedelta(...))` moves it."""
    return FakeClock(CLOCK_START, tz=JAKARTA)


@pytest.fixture
def make_unit(session: AsyncSession) -> MakeUnit:
    """`await make_unit("DIK", name="Dinas Pendidikan", parent=other_unit)` adds and flushes a unit."""

    async def make(code: str, *, name: str | None = None, parent: Unit | None = None) -> Unit:
        return await add_unit(session, code, name=name, parent=parent)

    return make


@pytest.fixture
def make_employee(session: AsyncSession) -> MakeEmployee:
    """`await make_employee(unit=u, supervisor=boss, position_type=Position.FUNGSIONAL, …)`: a valid NIP,
    name 'Pegawai N', pelaksana, S-1, PNS unless overridden; added and flushed (not committed)."""
    return employee_factory(session)
