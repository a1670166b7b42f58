"""The real Application (built by `build_application`, as `run` does) against the Bot API emulator.

`world` gives a polling bot on a fresh migrated database (SQLite, and PostgreSQL when configured), a
fake clock, and helpers to add an employee with a link code. Every test ends by asserting the emulator
saw no violation of Telegram's rules or rates.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.app import build_application
from bot.clock import FakeClock
from bot.config import Settings
from bot.linking.service import issue_code
from bot.services import Services
from bot.simulator import BotApiSimulator, run_polling
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.db import session_scope
from bot.storage.models import Employee
from bot.storage.samples import employee_factory

os.environ.setdefault("PTB_TIMEDELTA", "1")


def settings_for(database_url: str, token: str = DEFAULT_TOKEN) -> Settings:
    return Settings(TELEGRAM_BOT_TOKEN=token, DATABASE_URL=database_url, TIMEZONE="Asia/Jakarta", DEFAULT_LANGUAGE="id")  # type: ignore[arg-type]


@dataclass
class World:
    sim: BotApiSimulator
    app: Any
    clock: FakeClock
    database_url: str
    counter: list[int] = field(default_factory=lambda: [1000])

    @property
    def services(self) -> Services:
        services: Services = self.app.bot_data.services
        return services

    def session(self) -> Any:
        return session_scope(self.services.sessionmaker)

    async def employee(self, **fields: Any) -> tuple[Employee, str]:
        """A roster employee (the sample defaults of `employee_factory`, numbered on from the last one) and a
        fresh link code for them."""
        self.counter[0] += 1
        async with self.session() as session:
            employee = await employee_factory(session, start=self.counter[0])(**fields)
            issued = await issue_code(session, employee.id or 0, clock=self.clock, actor="cli")
        return employee, issued.code

    async def linked_user(self, **fields: Any) -> tuple[Any, Employee]:
        """A simulator user already linked through the real /start and code exchange."""
        employee, code = await self.employee(**fields)
        user = self.sim.add_user(employee.name.split()[0])
        await self.sim.user_sends(user, "/start")
        await self.sim.wait_for_reply(user)
        await self.sim.user_sends(user, code)
        await self.sim.wait_for_replies(user, 2)
        return user, employee


async def make_world(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        app = build_application(settings_for(database_url), base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1):
            offload = app.bot_data.services.offload
            if offload is not None:  # marked `offload`: heavy turns go to the worker once it runs
                assert await asyncio.wait_for(offload.started(), 120)
            world = World(sim, app, clock, database_url)
            yield world
        assert sim.violations == [], sim.violations


@pytest.fixture
async def world(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    async for w in make_world(database_url, clock):
        yield w
