"""Reminders with the real Application(s) against the emulator and a fake clock: who gets one, that the button
starts /pelatihan, exactly once across repeats, a restart in the middle and two bots on one database,
working hours, /pengingat, a blocked account, and the JobQueue waking the bot by itself."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.app import build_application
from bot.clock import FakeClock
from bot.delivery.job import worker_of
from bot.reminders import service
from bot.services import Services
from bot.simulator import BotApiSimulator, run_polling
from bot.storage.models import Employee, RecordSource, TrainingRecord
from scoring.models import EmploymentStatus, TrainingKind
from tests.e2e.conftest import World, settings_for
from tests.e2e.helpers import press

os.environ.setdefault("PTB_TIMEDELTA", "1")

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY_0800 = datetime(2026, 11, 30, 8, 0, tzinfo=JAKARTA)  # default schedule: every Monday in Oct–Dec
QUIET = {"REMINDER_SWEEP_SECONDS": 3600.0}  # tests sweep by hand; the job's first wake (5 s) rarely comes


def services_of(app: Any) -> Services:
    services: Services = app.bot_data.services
    return services


@asynccontextmanager
async def polling_bot(sim: BotApiSimulator, database_url: str, clock: FakeClock, **settings: Any) -> AsyncIterator[Any]:
    """One bot process, as `python -m bot run` starts it (a second call on the same database = a restart)."""
    app = build_application(settings_for(database_url).model_copy(update={**QUIET, **settings}),
                            base_url=sim.base_url, clock=clock)
    async with run_polling(app, poll_timeout=1):
        yield app


@asynccontextmanager
async def sending_bot(sim: BotApiSimulator, database_url: str, clock: FakeClock) -> AsyncIterator[Any]:
    """A second process on the same database and Telegram account; only one may poll, both may send."""
    app = build_application(settings_for(database_url).model_copy(update=QUIET), base_url=sim.base_url, clock=clock)
    await app.initialize()
    try:
        yield app
    finally:
        await app.shutdown()
        await services_of(app).engine.dispose()


@asynccontextmanager
async def emulator(clock: FakeClock) -> AsyncIterator[BotApiSimulator]:
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        yield sim
        assert sim.violations == [], sim.violations


async def with_jp(world: World, employee: Employee, jp: float) -> None:
    async with world.session() as session:
        session.add(TrainingRecord(employee_id=employee.id or 0, kind=TrainingKind.FUNGSIONAL, title="Diklat",
                                   end_date=date(2026, 5, 4), jp=jp, source=RecordSource.IMPORT, created_by="hr"))


def reminders_to(sim: BotApiSimulator, user: Any) -> list[Any]:
    return [m for m in sim.bot_messages(user) if m.text.startswith("⏰ Pengingat 20 JP")]


@dataclass
class Counter:
    sim: BotApiSimulator
    users: list[Any]

    def __call__(self) -> int:
        return sum(len(reminders_to(self.sim, user)) for user in self.users)


async def remind(app: Any) -> service.SweepReport:
    """What the bot's jobs do, awaited: the sweep queues reminders, the delivery engine sends them, the next
    sweep closes the occasion."""
    report = await service.sweep(services_of(app))
    await worker_of(app).drain(lambda: True)
    await service.sweep(services_of(app))
    return report


async def test_a_reminder_reaches_whom_it_should_and_its_button_starts_pelatihan(
    database_url: str, clock: FakeClock
) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock) as app:
        world = World(sim, app, clock, database_url)
        short, _ = await world.linked_user()
        cpns, _ = await world.linked_user(employment_status=EmploymentStatus.CPNS)
        pppk, _ = await world.linked_user(employment_status=EmploymentStatus.PPPK)
        done, done_employee = await world.linked_user()
        await with_jp(world, done_employee, 21)
        await world.employee()  # on the roster, never linked
        clock.set(MONDAY_0800)

        report = await remind(app)

        assert report.queued == 2
        [reminder] = await sim.wait_for_replies(short, 1)
        assert "sejauh ini: 0 JP — masih kurang 20 JP" in reminder.text
        assert "Sisa waktu tahun ini: 32 hari" in reminder.text
        assert len(reminders_to(sim, cpns)) == 1
        assert reminders_to(sim, pppk) == [] and reminders_to(sim, done) == []
        [kind] = await press(sim, short, "m|pelatihan")
        assert "Jenis kegiatan" in kind.text
        assert "pengingat" in [c["command"] for c in sim.commands()]


async def test_two_applications_on_one_database_and_a_second_sweep_send_one_message_each(
    database_url: str, clock: FakeClock
) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock) as app:
        world = World(sim, app, clock, database_url)
        users = [(await world.linked_user())[0] for _ in range(5)]
        clock.set(MONDAY_0800)
        async with sending_bot(sim, database_url, clock) as other:
            await asyncio.gather(remind(app), remind(other))
            await remind(other)
        await remind(app)
        assert [len(reminders_to(sim, user)) for user in users] == [1] * 5


async def test_a_restart_in_the_middle_still_sends_one_message_each(database_url: str, clock: FakeClock) -> None:
    async with emulator(clock) as sim:
        async with polling_bot(sim, database_url, clock, BROADCAST_RATE=2, BROADCAST_POLL_SECONDS=3600) as app:
            world = World(sim, app, clock, database_url)
            users = [(await world.linked_user())[0] for _ in range(4)]
            clock.set(MONDAY_0800)
            await service.sweep(world.services)
            sent = Counter(sim, users)
            await worker_of(app).drain(lambda: sent() < 2)  # the bot stops after two reminders
        assert 2 <= sum(len(reminders_to(sim, user)) for user in users) < 4
        async with polling_bot(sim, database_url, clock) as restarted:
            await remind(restarted)
        assert [len(reminders_to(sim, user)) for user in users] == [1] * 4


async def test_nothing_goes_out_on_a_day_off_until_the_next_working_time(database_url: str, clock: FakeClock) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock, REMINDER_SCHEDULE="0 9 * * sat") as app:
        world = World(sim, app, clock, database_url)
        user, _ = await world.linked_user()
        await remind(app)  # Saturday 09:00: the occasion itself
        clock.set(datetime(2026, 11, 30, 6, 59, tzinfo=JAKARTA))
        await remind(app)
        assert reminders_to(sim, user) == []
        clock.set(datetime(2026, 11, 30, 7, 0, tzinfo=JAKARTA))
        await remind(app)
        assert len(reminders_to(sim, user)) == 1


async def test_pengingat_turns_reminders_off_and_on(database_url: str, clock: FakeClock) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock) as app:
        world = World(sim, app, clock, database_url)
        user, _ = await world.linked_user()
        stranger = sim.add_user("Tamu")

        await sim.user_sends(user, "/pengingat")  # a bare /pengingat shows the state (issue 15), never flips it
        assert "saat ini menyala" in (await sim.wait_for_reply(user)).text
        await sim.user_sends(user, "/pengingat mati")
        assert "dimatikan" in (await sim.wait_for_reply(user)).text
        clock.set(MONDAY_0800)
        await remind(app)
        assert reminders_to(sim, user) == []

        await sim.user_sends(user, "/pengingat nyala")
        assert "dinyalakan" in (await sim.wait_for_reply(user)).text
        await sim.user_sends(user, "/pengingat mati")
        assert "dimatikan" in (await sim.wait_for_reply(user)).text
        await sim.user_sends(user, "/pengingat nyala")
        assert "dinyalakan" in (await sim.wait_for_reply(user)).text
        await sim.user_sends(user, "/pengingat nyala")  # already so: said, with the word that changes it
        assert "Sudah tersimpan" in (already := (await sim.wait_for_reply(user)).text)
        assert "/pengingat mati" in already
        await sim.user_sends(user, "/pengingat besok")
        assert "/pengingat nyala" in (await sim.wait_for_reply(user)).text
        await sim.user_sends(stranger, "/pengingat")
        assert "belum tertaut" in (await sim.wait_for_reply(stranger)).text

        clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=JAKARTA))  # the next occasion: first working day of December
        await remind(app)
        assert len(reminders_to(sim, user)) == 1


async def test_a_blocked_account_is_marked_and_not_retried(database_url: str, clock: FakeClock) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock) as app:
        world = World(sim, app, clock, database_url)
        user, employee = await world.linked_user()
        sim.block(user)
        clock.set(MONDAY_0800)
        await remind(app)
        async with world.session() as session:
            stored = await session.get(Employee, employee.id)
        assert stored is not None and stored.telegram_blocked_at == MONDAY_0800
        clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=JAKARTA))
        await remind(app)
        refused = [call for call in sim.calls("sendMessage") if call.status == 403]
        assert len(refused) == 1  # the next occasion did not try again


async def test_the_job_queue_wakes_the_bot_without_help(database_url: str, clock: FakeClock) -> None:
    async with emulator(clock) as sim, polling_bot(sim, database_url, clock, REMINDER_SWEEP_SECONDS=0.2) as app:
        world = World(sim, app, clock, database_url)
        user, _ = await world.linked_user()  # Saturday: the job finds nothing to send
        clock.set(MONDAY_0800)
        [reminder] = await sim.wait_for_replies(user, 1, timeout=10)
        assert "Pengingat 20 JP" in reminder.text
