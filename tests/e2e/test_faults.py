"""Telegram failing 15% of every call (429, 5xx, a dropped connection, a 6-second delay) while 15 people
log a training each and press again or resend whenever an answer does not come: no record twice, every
press answered, nobody told "try again" for what was stored, no traceback in the log."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app import build_application
from bot.clock import FakeClock
from bot.simulator import BotApiSimulator, run_polling
from bot.simulator.faults import Fault, FaultPlan
from bot.storage.models import TrainingRecord
from bot.telegram_io import polling_error
from tests.e2e.conftest import World, settings_for
from tests.e2e.helpers import dialog_value

PEOPLE = 15
SHARE = 0.15
PATIENCE = 12.0  # seconds a person waits for an answer before pressing or sending again


class RandomFaults(FaultPlan):
    """Each call fails with probability SHARE, in one of the four ways, from a fixed seed."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.random = random.Random(seed)
        self.enabled = False

    def take(self, method: str) -> Fault | None:
        scheduled = super().take(method)
        if scheduled is not None or not self.enabled or self.random.random() >= SHARE:
            return scheduled
        return self.random.choice([Fault("retry_after", status=429, retry_after=1),
                                   Fault("server_error", status=self.random.choice([500, 502, 503, 504])),
                                   Fault("drop"), Fault("delay", seconds=6.0)])


@pytest.fixture
async def faulty(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        faults = RandomFaults(seed=20261128)
        sim.faults = sim.dispatcher.faults = faults
        app = build_application(settings_for(database_url), base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1, error_callback=polling_error):
            yield World(sim, app, clock, database_url)
        assert sim.violations == [], sim.violations


def _latest_with_buttons(world: World, user: Any) -> Any:
    return next((m for m in reversed(world.sim.bot_messages(user)) if m.buttons), None)


async def _act(world: World, user: Any, n: int) -> bool:
    """One step of a person logging 'Diklat n' (8 JP): reads the last message, does what it asks. True when
    the bot said it is stored."""
    sim = world.sim
    last = sim.last_message(user)
    text = last.text if last is not None else ""
    if "Tersimpan" in text or "Sudah tersimpan" in text:
        return True
    if "Jenis kegiatan" in text and last is not None and last.buttons:
        value = "teknis"
    elif "sertifikat" in text and last is not None and last.buttons:
        value = "skip"
    else:
        value = ""
    count = len(sim.bot_messages(user))
    if value:
        data = next(b.callback_data for row in last.buttons for b in row if dialog_value(b.callback_data) == value)
        await sim.user_presses(user, data or "", message=last)
    elif "nama kegiatannya" in text:
        await sim.user_sends(user, f"Diklat nomor {n}")
    elif "Berapa JP" in text:
        await sim.user_sends(user, "8")
    elif "Tanggal selesainya" in text:
        await sim.user_sends(user, "3/11/2026")
    elif "Diklat nomor" in text and "JP" in text:  # /jp shows it: the record is there
        return True
    else:  # nothing asked (yet), or a question whose buttons were retired: look at /jp or start
        await sim.user_sends(user, "/jp" if "sertifikat" in text else "/pelatihan")
    with contextlib.suppress(TimeoutError):  # lost: the person does it again
        await sim.wait_until(lambda: len(sim.bot_messages(user)) > count, timeout=PATIENCE, what="an answer")
    return False


async def _person(world: World, user: Any, n: int) -> None:
    await world.sim.user_sends(user, "/pelatihan")
    await world.sim.wait_until(lambda: bool(world.sim.bot_messages(user)), timeout=PATIENCE, what="first answer")
    for _ in range(40):
        if await _act(world, user, n):
            return
    raise AssertionError(f"person {n} never got their training stored:\n{world.sim.render(user)}")


async def test_fifteen_people_log_training_through_fifteen_percent_faults(
    faulty: World, caplog: pytest.LogCaptureFixture
) -> None:
    world = faulty
    people = [await world.linked_user() for _ in range(PEOPLE)]
    caplog.clear()
    caplog.set_level(logging.WARNING)
    faults = world.sim.dispatcher.faults
    assert isinstance(faults, RandomFaults)
    faults.enabled = True
    await asyncio.gather(*(_person(world, user, n) for n, (user, _) in enumerate(people)))
    faults.enabled = False
    injected = [c for c in world.sim.api_calls if c.injected]
    assert len(injected) > PEOPLE  # the faults really happened

    async with world.session() as session:
        for n, (_, employee) in enumerate(people):
            records = (await session.exec(select(TrainingRecord).where(
                col(TrainingRecord.employee_id) == employee.id))).all()
            assert [(r.title, r.jp) for r in records] == [(f"Diklat nomor {n}", 8)]
    await world.sim.wait_until(lambda: not world.sim.unanswered_callback_queries(), timeout=30,
                               what="every press answered")
    for user, _ in people:
        assert not any("coba lagi" in m.text for m in world.sim.bot_messages(user))
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records if r.exc_info]
    assert "Traceback" not in caplog.text
