"""Reminder tests: Services as one bot process would have them, a roster builder, and a recording sender.

`processes` builds Services on the test's database (each call: its own engine, as a separate bot process or
a restart would have), with reminder settings overridden per test. The clock is the shared FakeClock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.reminders.service import Reminder, SendOutcome, SendResult
from bot.services import Services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Employee, RecordSource, TrainingRecord
from bot.storage.samples import make_nip
from scoring.models import Education, EmploymentStatus, Position, TrainingKind

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY_0800 = datetime(2026, 11, 30, 8, 0, tzinfo=JAKARTA)  # the default schedule: a Monday in Oct–Dec

MakeServices = Callable[..., Services]


def jakarta(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=JAKARTA)


@pytest.fixture
async def processes(database_url: str, clock: FakeClock) -> AsyncIterator[MakeServices]:
    """`processes(REMINDER_GRACE_HOURS=2)` → Services of a new bot process on this test's database."""
    made: list[Services] = []

    def make(**overrides: Any) -> Services:
        settings = Settings(TELEGRAM_BOT_TOKEN="123:abc", DATABASE_URL=database_url,  # type: ignore[arg-type]
                            TIMEZONE="Asia/Jakarta", **overrides)
        engine = create_engine(database_url)
        services = Services(engine, create_sessionmaker(engine), clock, settings)
        made.append(services)
        return services

    yield make
    for services in made:
        await services.engine.dispose()


@dataclass
class Roster:
    """Adds employees the way HR's roster and linking would leave them."""

    services: Services
    counter: list[int] = field(default_factory=lambda: [0])

    async def add(self, *, linked: bool = True, jp: float = 0, status: EmploymentStatus = EmploymentStatus.PNS,
                  **fields: Any) -> Employee:
        self.counter[0] += 1
        index = self.counter[0]
        values: dict[str, Any] = {
            "nip": make_nip(index, status=status), "name": f"Pegawai {index}", "employment_status": status,
            "position_type": Position.PELAKSANA, "education": Education.S1,
            "telegram_user_id": 7_000_000 + index if linked else None, **fields,
        }
        async with self.services.session() as session:
            employee = Employee(**values)
            session.add(employee)
            await session.flush()
            if jp:
                session.add(TrainingRecord(
                    employee_id=employee.id or 0, kind=TrainingKind.TEKNIS, title="Bimtek", end_date=date(2026, 3, 2),
                    jp=jp, source=RecordSource.SELF, created_by="test",
                ))
        return employee

    async def get(self, employee_id: int | None) -> Employee:
        async with self.services.session() as session:
            employee = await session.get(Employee, employee_id)
        assert employee is not None
        return employee


class Crash(BaseException):
    """Raised by a sender to stand for the process dying: not an Exception, so nothing catches it."""


@dataclass
class FakeSender:
    """Records what would have gone to Telegram. `outcomes[chat_id]` overrides the result; `crash_after`
    sends that many and then dies — after the send when `crash_after_send`, else before it; `before`
    runs before each send (e.g. to move the clock); `pause` yields to the event loop (concurrency)."""

    sent: list[Reminder] = field(default_factory=list)
    outcomes: dict[int, SendOutcome] = field(default_factory=dict)
    crash_after: int | None = None
    crash_after_send: bool = True
    before: Callable[[Reminder], Awaitable[None]] | None = None
    pause: bool = False

    async def send(self, reminder: Reminder) -> SendResult:
        if self.before is not None:
            await self.before(reminder)
        if self.pause:
            await asyncio.sleep(0)
        if self.crash_after is not None and len(self.sent) >= self.crash_after and not self.crash_after_send:
            raise Crash
        outcome = self.outcomes.get(reminder.chat_id, SendOutcome.SENT)
        if outcome is SendOutcome.SENT:
            self.sent.append(reminder)
        if self.crash_after is not None and len(self.sent) > self.crash_after and self.crash_after_send:
            raise Crash
        return SendResult(outcome, None if outcome is SendOutcome.SENT else f"fake {outcome}")

    @property
    def chats(self) -> list[int]:
        return [r.chat_id for r in self.sent]
