"""Throw-away PostgreSQL databases, for the tests and the benchmarks (one helper, not one per script).

`scratch_database(admin_url)` creates a database with a random name through the connection `admin_url`
names (e.g. TEST_DATABASE_URL), yields its URL and drops it afterwards, whatever happened. The calls are
synchronous and safe whether or not an event loop is running in the caller's thread.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.engine import make_url

T = TypeVar("T")


def run_in_thread(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on its own loop in a worker thread: safe whether or not a loop is running here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def execute(admin_url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE) on the admin connection."""
    import asyncpg  # type: ignore[import-untyped]  # only needed where PostgreSQL is used

    url = make_url(admin_url)
    connection = await asyncpg.connect(host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
                                       password=url.password, database=url.database)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def url_of(admin_url: str, database: str) -> str:
    return make_url(admin_url).set(database=database).render_as_string(hide_password=False)


def create(admin_url: str, *, prefix: str = "ipasn_scratch", template: str | None = None) -> str:
    """A new database (empty, or a copy of `template`); returns its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    suffix = f" TEMPLATE {template}" if template else ""
    run_in_thread(lambda: execute(admin_url, f'CREATE DATABASE "{name}"{suffix}'))
    return name


def drop(admin_url: str, name: str) -> None:
    run_in_thread(lambda: execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def scratch_database(admin_url: str, *, prefix: str = "ipasn_scratch") -> Iterator[str]:
    """The URL of a new empty database, dropped when the block ends."""
    name = create(admin_url, prefix=prefix)
    try:
        yield url_of(admin_url, name)
    finally:
        drop(admin_url, name)
