"""The dependencies every handler hands to services: database sessions, the clock, the settings; and a
second event loop for the few turns that compute a lot.

`Offload` runs such turns (an HR map over 50,000 people, its workbook, a broadcast's outbox) on an event
loop of their own, in a thread, with their own database engine (async engines belong to one loop), so
the bot's main loop keeps answering everyone else meanwhile. The interpreter lock is shared, so the main
loop still gets its turn every few milliseconds (`SWITCH_INTERVAL`) instead of waiting for the end.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.storage.db import create_engine, create_sessionmaker, session_scope

T = TypeVar("T")
SWITCH_INTERVAL = 0.001  # seconds a thread holds the interpreter lock while another waits (Python: 0.005)
Work = Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]


class Offload:
    """A second event loop in a thread, started on first use, with its own engine on the same database."""

    def __init__(self, url: str, session_options: Mapping[str, int] | None = None) -> None:
        self.url = url
        self.session_options = dict(session_options or {})
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._engine: AsyncEngine | None = None
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self._lock = threading.Lock()

    def _started(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="offload", daemon=True)
                self._thread.start()
                self._loop = loop
                sys.setswitchinterval(SWITCH_INTERVAL)
            return self._loop

    async def run(self, work: Work[T]) -> T:
        """`work(sessionmaker)` on the offload loop; its result (or exception) here."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._call(work), self._started()))

    async def _call(self, work: Work[T]) -> T:
        if self._sessionmaker is None:
            self._engine = create_engine(self.url, session_options=self.session_options)
            self._sessionmaker = create_sessionmaker(self._engine)
        return await work(self._sessionmaker)

    async def close(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        if self._engine is not None:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._engine.dispose(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 10)
        loop.close()
        self._loop = self._thread = None
        self._engine = self._sessionmaker = None


@dataclass
class Services:
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    settings: Settings
    offload: Offload | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed when the block ends, rolled back when it raises."""
        async with session_scope(self.sessionmaker) as session:
            yield session

    def today(self) -> date:
        return self.clock.now().astimezone(self.settings.tz).date()

    async def close(self) -> None:
        if self.offload is not None:
            await self.offload.close()
        await self.engine.dispose()
