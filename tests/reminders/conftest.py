"""Reminder tests: Services as one bot process would have them, a roster builder, and a fake Telegram that the
delivery engine sends the reminders to.

`processes` builds Services on the test's database (each call: its own engine, as a separate bot process or
a restart would have), with reminder settings overridden per test. The clock is the shared FakeClock.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.reminders.delivery import ReminderKind
from bot.reminders.service import SweepReport, sweep
from bot.services import Services
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Employee, RecordSource, TrainingRecord
from bot.storage.samples import make_nip
from scoring.models import Education, EmploymentStatus, Position, TrainingKind
from tests.delivery.fakes import FakeBot, FakeTime, make_worker

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


@dataclass
class Telegram:
    """What the people's phones would show: one fake Bot shared by every process of a test, and fake time for
    the delivery engines (the business clock is the test's FakeClock)."""

    bot: FakeBot = field(default_factory=FakeBot)
    time: FakeTime = field(default_factory=FakeTime)

    @property
    def chats(self) -> list[int]:
        return self.bot.chats

    def texts(self, chat_id: int | None) -> list[str]:
        return self.bot.to(chat_id or 0)

    async def deliver(self, services: Services, holder: str = "w1") -> None:
        """One drain of a process's delivery engine (sends what is due, records it)."""
        await make_worker(services, self.bot, self.time, [ReminderKind(services)], holder).drain(lambda: True)


async def remind(services: Services, telegram: Telegram, holder: str = "w1") -> SweepReport:
    """What the bot does every REMINDER_SWEEP_SECONDS with the engine's wake-ups between: sweep (open or
    close occasions, queue reminders), send what is due, sweep again (close the occasion once all is final)."""
    first = await sweep(services)
    await telegram.deliver(services, holder)
    second = await sweep(services)
    return SweepReport(opened=first.opened + second.opened, skipped=first.skipped + second.skipped,
                       superseded=first.superseded + second.superseded, done=first.done + second.done,
                       waiting=second.waiting, queued=first.queued + second.queued)
