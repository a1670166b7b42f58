"""What a feature gives the delivery engine: a `Kind` that composes its messages and, if it wants, tends them.

The engine knows how to send; a kind knows what to say. For each claimed message the kind answers with a
`Message` (send this), `Drop` (no longer meant for the person: recorded `dropped`) or `Defer` (not now:
pending again from then, e.g. outside working hours). `tend` runs about once a second while the engine holds
the lease (a broadcast edits its progress message and sends its report there), and `needs_tending` tells
an idle engine that a kind has such work although no message is due.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot, InlineKeyboardMarkup

from bot.delivery.outbox import Claimed
from bot.delivery.pacing import ChatGate, Sleep


@dataclass(frozen=True)
class Tending:
    """What a kind's `tend` may use: the drain's Bot, and the engine's per-chat gate and clock (its edits and
    reports to a chat keep to the same one-a-second as the messages)."""

    bot: Bot
    gate: ChatGate
    monotonic: Callable[[], float]
    sleep: Sleep


@dataclass(frozen=True)
class Message:
    """One message to send: Telegram HTML, and an inline keyboard if any."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class Drop:
    reason: str


@dataclass(frozen=True)
class Defer:
    until: datetime


Composed = Message | Drop | Defer


class Kind(Protocol):
    """A feature's bulk messages (`name` is `outbox_batch.kind`)."""

    @property
    def name(self) -> str: ...

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        """One answer per claimed message, in the same order."""
        ...

    async def tend(self, tending: Tending) -> None:
        """Follow-up work while the engine holds the lease (progress, reports)."""
        ...

    async def needs_tending(self, session: AsyncSession, now: datetime) -> bool:
        """Whether `tend` has work although no message is due."""
        ...


class Quiet:
    """For kinds with nothing to tend: inherit it next to `name` and `compose`."""

    async def tend(self, tending: Tending) -> None:
        return None

    async def needs_tending(self, session: AsyncSession, now: datetime) -> bool:
        return False
