"""The dependencies every handler hands to services: database sessions, the clock, the settings.

`Services.offload` (a `bot.offload.Offload`, when the database can be shared) runs the few turns that
compute a lot in a worker process of their own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.storage.db import session_scope

if TYPE_CHECKING:
    from bot.offload import Offload


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
