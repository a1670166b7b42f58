"""Broadcasts as a kind of the delivery engine: every message of a broadcast is its text signed with who sent it
(the sender's unit and agency), with the "Catat pelatihan" button of the reminders when it goes to people short
of JP; tending is the admin's progress message and report (`bot.broadcast.progress`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcast import service
from bot.broadcast.audience import AudienceKind
from bot.broadcast.progress import ProgressReporter
from bot.delivery.kinds import Composed, Message, Tending
from bot.delivery.outbox import Claimed
from bot.reminders.delivery import PELATIHAN_BUTTON
from bot.services import Services
from bot.storage.models.broadcast import Broadcast
from bot.texts import lang_of, plain, t

TEXTS_KEPT = 64


def message_of(broadcast: Broadcast) -> Message:
    """What each recipient gets: the text, who sent it, and for people short of JP the button that logs training
    (the same as the 20 JP reminders')."""
    lang = lang_of(broadcast.lang)
    text = broadcast.text
    if broadcast.sender:
        text = f"{text}\n\n{t('siaran.sender', lang, sender=broadcast.sender)}"
    markup = None
    if broadcast.audience.get("kind") == AudienceKind.SHORTFALL.value:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(plain("reminder.button", lang),
                                                             callback_data=PELATIHAN_BUTTON)]])
    return Message(text, markup)


class BroadcastKind:
    name = service.KIND

    def __init__(self, services: Services) -> None:
        self.services = services
        self.progress = ProgressReporter(services)
        self._messages: dict[int, Message] = {}
        """Batch id → the broadcast's message (it never changes once created)."""

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        missing = {c.batch_id for c in claimed} - self._messages.keys()
        if missing:
            if len(self._messages) > TEXTS_KEPT:
                self._messages.clear()
            rows = await session.exec(select(Broadcast).where(col(Broadcast.batch_id).in_(sorted(missing))))
            self._messages.update({b.batch_id: message_of(b) for b in rows.all()})
        return [self._messages[c.batch_id] for c in claimed]

    async def tend(self, tending: Tending) -> None:
        await self.progress.tend(tending)

    async def needs_tending(self, session: AsyncSession, now: datetime) -> bool:
        return await service.any_to_tend(session, now)


