"""Broadcasts as a kind of the delivery engine: every message of a broadcast is its text, and tending is the
admin's progress message and report (`bot.broadcast.progress`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast import service
from bot.broadcast.progress import ProgressReporter
from bot.delivery.kinds import Composed, Message, Tending
from bot.delivery.outbox import Claimed
from bot.services import Services
from bot.storage.models.broadcast import Broadcast

TEXTS_KEPT = 64


class BroadcastKind:
    name = service.KIND

    def __init__(self, services: Services) -> None:
        self.services = services
        self.progress = ProgressReporter(services)
        self._texts: dict[int, str] = {}
        """Batch id → the broadcast's text (it never changes once created)."""

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        missing = {c.batch_id for c in claimed} - self._texts.keys()
        if missing:
            if len(self._texts) > TEXTS_KEPT:
                self._texts.clear()
            rows = await session.exec(select(Broadcast.batch_id, Broadcast.text)
                                      .where(col(Broadcast.batch_id).in_(sorted(missing))))
            self._texts.update(dict(rows.all()))
        return [Message(self._texts[c.batch_id]) for c in claimed]

    async def tend(self, tending: Tending) -> None:
        await self.progress.tend(tending)

    async def needs_tending(self, session: AsyncSession, now: datetime) -> bool:
        return await service.any_to_tend(session, now)


