"""HR broadcasts end to end: /siaran against the emulator, the outbox worker, 429s, blocked users, restarts.

The worker sends fast here (BROADCAST_RATE 1000/s, the emulator's overall limit raised to match) so a
thousand recipients take about a second; the pacing itself is tested with a fake clock in tests/broadcast.
Scheduled and retried messages wait on the fake clock: the test moves it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from bot.app import build_application
from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery.job import worker_of as delivery_worker
from bot.delivery.worker import DeliveryWorker
from bot.simulator import BotApiSimulator, RateLimits, run_polling
from bot.simulator.faults import Fault
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.base import table_of
from bot.storage.models import Employee, Role, Unit
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.storage.models.delivery import OutboxMessage
from bot.storage.roles import grant_role, revoke_role
from bot.storage.samples import make_nip
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

FAST = {"BROADCAST_RATE": 1000, "BROADCAST_POLL_SECONDS": 0.1, "BROADCAST_PROGRESS_SECONDS": 1}
MESSAGE = "<b>Pengumuman</b>: rapat koordinasi Senin pukul 09.00 di aula."
SEEN = "Pengumuman: rapat koordinasi Senin pukul 09.00 di aula."


def hr_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "DATABASE_URL": database_url,
                              "TIMEZONE": "Asia/Jakarta", "DEFAULT_LANGUAGE": "id", **FAST, **overrides}
    return Settings(**values)


@pytest.fixture
async def hr(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    limits = RateLimits(global_per_second=1_000)  # the emulator checks the worker keeps to its pace
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp(), rate_limits=limits) as sim:
        app = build_application(hr_settings(database_url), base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1):
            yield World(sim, app, clock, database_url)
        assert sim.violations == [], sim.violations


def worker_of(world: World) -> DeliveryWorker:
    return delivery_worker(world.app)


async def hr_admin(world: World, unit: Unit | None = None) -> tuple[Any, Employee]:
    user, employee = await world.linked_user()
    async with world.session() as session:
        await grant_role(session, employee.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock,
                         unit_id=unit.id if unit else None)
    return user, employee


async def unit(world: World, code: str, parent: Unit | None = None) -> Unit:
    async with world.session() as session:
        made = Unit(code=code, name=f"Unit {code}", parent_id=parent.id if parent else None)
        session.add(made)
        await session.flush()
    return made


async def people(world: World, where: Unit, count: int, *, first: int) -> list[Any]:
    """`count` employees of `where`, each with a Telegram account that has started the bot."""
    users = [world.sim.add_user(f"P{first + k}", started=True) for k in range(count)]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [{"nip": make_nip(first + k), "name": f"Pegawai {first + k}", "employment_status": "PNS",
             "position_type": "pelaksana", "education": "s1", "unit_id": where.id, "telegram_user_id": user.id,
             "reminders_enabled": False, "active": True, "created_at": now, "updated_at": now}
            for k, user in enumerate(users)]
    async with world.session() as session:
        await (await session.connection()).execute(sa.insert(table_of(Employee)), rows)
    return users


async def compose(world: World, admin: Any, text: str, where: Unit, *, when: str | None = None) -> Any:
    """/siaran → text → one unit → (a time) → the preview; returns the preview message."""
    await say(world.sim, admin, "/siaran")
    await say(world.sim, admin, text)
    await press(world.sim, admin, "units")
    await press(world.sim, admin, f"u:{where.id}")
    [preview] = await press(world.sim, admin, "next")
    if when is not None:
        await press(world.sim, admin, "when")
        [preview] = await say(world.sim, admin, when)
    return preview


class Attempts:
    """Which of these users the bot has tried to message (delivered or refused), read incrementally from the
    emulator's journal: the condition is re-checked after every change, so it must not rescan it all."""

    def __init__(self, world: World, users: list[Any]) -> None:
        self.calls = world.sim.state.journal.calls
        self.wanted = {user.id for user in users}
        self.seen: set[int] = set()
        self.position = 0

    def __call__(self) -> int:
        for call in self.calls[self.position:]:
            if call.method.lower() == "sendmessage" and int(call.params.get("chat_id", 0)) in self.wanted:
                self.seen.add(int(call.params["chat_id"]))
        self.position = len(self.calls)
        return len(self.seen)


async def rows_by_status(world: World) -> dict[str, int]:
    async with world.session() as session:
        result = await (await session.connection()).execute(
            sa.select(table_of(OutboxMessage).c.status, sa.func.count()).group_by("status"))
        return {str(status): int(n) for status, n in result}


async def test_a_thousand_recipients_with_429s_and_blocked_users_get_one_message_each(hr: World) -> None:
    world, sim = hr, hr.sim
    dik = await unit(world, "DIK")
    admin, _ = await hr_admin(world)
    users = await people(world, dik, 1000, first=10_000)
    blocked = users[-3:]  # the last rows: the injected faults hit the first sends
    for user in blocked:
        sim.block(user)

    preview = await compose(world, admin, MESSAGE, dik, when="besok 08:00")
    assert "Pratinjau" in preview.text and SEEN in preview.text
    assert "DIK beserta subunitnya — 1000 orang" in preview.text
    assert "29 November 2026 08:00" in preview.text
    [scheduled] = await press(world.sim, admin, "send")
    assert "Siaran #" in scheduled.text and "dijadwalkan" in scheduled.text
    attempted = Attempts(world, users)
    assert attempted() == 0  # nothing goes out before its time

    sim.faults.rate_limit("sendMessage", times=2, retry_after=1)  # two: one chat's flood control, no pause
    sim.faults.server_error("sendMessage", times=2, status=502)
    world.clock.set(datetime(2026, 11, 29, 8, 0, 5, tzinfo=world.clock.tz))
    await sim.wait_until(lambda: attempted() == 1000, timeout=30, what="every recipient tried")
    await worker_of(world).settle()
    statuses = await rows_by_status(world)
    assert statuses.get("unreachable") == 3 and statuses.get("pending", 0) >= 3, statuses

    world.clock.advance(timedelta(seconds=10))  # past every retry's not_before
    await sim.wait_until(lambda: any(m.kind == "document" for m in sim.bot_messages(admin)), timeout=20,
                         what="the report with its CSV")
    await worker_of(world).settle()  # the report is on the screen; its row is written just after

    for user in users[:-3]:
        [message] = sim.bot_messages(user)
        assert message.text == SEEN and message.entities[0]["type"] == "bold"
    for user in blocked:
        assert sim.bot_messages(user) == []
    report = sim.bot_messages(admin)[-1]
    assert "Terkirim: 997 dari 1000" in report.content and "Gagal: 0" in report.content
    assert "Tidak terjangkau (memblokir bot atau akun dihapus): 3" in report.content
    rows = list(csv.reader(io.StringIO(sim.files_sent(admin)[-1].data.decode("utf-8-sig"))))
    assert rows[0][0] == "NIP" and len(rows) == 4 and {r[3] for r in rows[1:]} == {"tidak terjangkau"}
    progress = next(m for m in sim.bot_messages(admin) if m.text.startswith("📢 Siaran"))
    assert "selesai: terkirim 997 dari 1000" in progress.text
    async with world.session() as session:
        marked = (await session.exec(select(Employee).where(col(Employee.telegram_blocked_at).is_not(None)))).all()
        broadcast = (await session.exec(select(Broadcast))).one()
    assert {e.telegram_user_id for e in marked} == {u.id for u in blocked}
    assert broadcast.status is BroadcastStatus.FINISHED and broadcast.reported_at is not None
    assert await rows_by_status(world) == {"sent": 997, "unreachable": 3}


async def outcomes(world: World) -> dict[int, str]:
    """Chat id → the status of its broadcast message, as the outbox has it."""
    message = table_of(OutboxMessage)
    async with world.session() as session:
        rows = await (await session.connection()).execute(sa.select(message.c.chat_id, message.c.status))
        return {int(chat): str(status) for chat, status in rows}


def report_counts(text: str) -> dict[str, int]:
    """The figures of a report: Terkirim (of the total), Gagal, Tidak terjangkau, Tidak pasti."""
    found = re.search(r"Terkirim: (\d+) dari (\d+)\nGagal: (\d+)\n.*?: (\d+)\n.*?: (\d+)", text)
    assert found is not None, text
    sent, total, failed, unreachable, uncertain = (int(n) for n in found.groups())
    return {"sent": sent, "total": total, "failed": failed, "unreachable": unreachable, "uncertain": uncertain}


def assert_report_is_the_truth(report: str, statuses: dict[int, str], delivered: dict[int, int]) -> None:
    """The report equals the outbox, and the outbox equals what the emulator delivered: a message counted
    sent arrived exactly once, one counted failed or unreachable never arrived, one counted uncertain arrived
    at most once; nobody got it twice."""
    figures = report_counts(report)
    counted = {name: sum(1 for s in statuses.values() if s == name)
               for name in ("sent", "failed", "unreachable", "uncertain")}
    assert figures == {**counted, "total": len(statuses)}, (figures, counted)
    assert sum(counted.values()) == len(statuses)  # sent + failed + unreachable + uncertain = recipients
    for chat, status in statuses.items():
        arrived = delivered.get(chat, 0)
        assert arrived <= 1, f"chat {chat} got the broadcast {arrived} times"
        assert arrived == (1 if status == "sent" else arrived if status == "uncertain" else 0), (chat, status)


async def test_random_faults_on_every_method_and_the_report_still_equals_what_was_delivered(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 10: 15% of every Bot API call fails (429, 5xx, a dropped connection, a 6 s delay longer than the
    engine's read timeout, after which the emulator still delivers): nobody gets the broadcast twice, nobody
    misses it without being reported uncertain, and the report equals the emulator's deliveries."""
    limits = RateLimits(global_per_second=1_000)  # delayed sends land in bunches: the pace is tested elsewhere
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp(), rate_limits=limits) as sim:
        app = build_application(hr_settings(database_url, BROADCAST_RATE=200, DELIVERY_READ_TIMEOUT=2),
                                base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1):
            world = World(sim, app, clock, database_url)
            dik = await unit(world, "DIK")
            admin, _ = await hr_admin(world)
            users = await people(world, dik, 150, first=60_000)
            await compose(world, admin, MESSAGE, dik)
            faults = [Fault("retry_after", retry_after=1), Fault("server_error", status=502), Fault("drop"),
                      Fault("delay", seconds=6)]
            draw = sim.faults.at_random(0.15, faults, seed=10)
            with caplog.at_level(logging.WARNING, logger="bot"):
                await press(sim, admin, "send")

                def reported() -> bool:
                    return any("Laporan siaran" in m.content for m in sim.bot_messages(admin))

                for _ in range(40):  # retries wait on the fake clock: move it past every back-off
                    if reported():
                        break
                    world.clock.advance(timedelta(minutes=1))
                    with contextlib.suppress(TimeoutError):
                        await sim.wait_until(reported, timeout=3, what="the report")
                assert reported()
                sim.faults.clear()
                await worker_of(world).settle()
            assert draw.injected >= 10
        await sim.wait_until(lambda: sim.in_progress("sendMessage") == 0, timeout=10,
                             what="the late deliveries")  # a delayed send the bot gave up on still lands
    statuses = await outcomes(world)
    assert len(statuses) == 150
    delivered = {user.id: len([m for m in sim.bot_messages(user) if m.text == SEEN]) for user in users}
    [report, *_] = [m.content for m in sim.bot_messages(admin) if "Laporan siaran" in m.content]
    assert_report_is_the_truth(report, statuses, delivered)
    assert [r for r in caplog.records if r.name.startswith("bot") and r.exc_info] == []  # no traceback


async def test_restart_in_the_middle_resumes_without_sending_anyone_twice(database_url: str,
                                                                          clock: FakeClock) -> None:
    limits = RateLimits(global_per_second=1_000)
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp(), rate_limits=limits) as sim:
        settings = hr_settings(database_url, BROADCAST_RATE=100)  # slow enough to stop it half-way
        first = build_application(settings, base_url=sim.base_url, clock=clock)
        async with run_polling(first, poll_timeout=1):
            world = World(sim, first, clock, database_url)
            dik = await unit(world, "DIK")
            admin, _ = await hr_admin(world)
            users = await people(world, dik, 160, first=20_000)
            await compose(world, admin, MESSAGE, dik)
            await press(world.sim, admin, "send")
            attempted = Attempts(world, users)
            await sim.wait_until(lambda: attempted() >= 30, timeout=20, what="some sent")
        # stopped mid-way: what was on the wire is recorded, the rest waits
        statuses = await rows_by_status(world)
        assert statuses.get("pending", 0) > 0 and "sending" not in statuses, statuses
        second = build_application(settings, base_url=sim.base_url, clock=clock)
        async with run_polling(second, poll_timeout=1):
            await sim.wait_until(lambda: any("Laporan siaran" in m.content
                                             for m in sim.bot_messages(admin)), timeout=20, what="the report")
        assert all(len(sim.bot_messages(user)) == 1 for user in users)
        assert sim.violations == []
    assert await rows_by_status(World(sim, second, clock, database_url)) == {"sent": 160}


async def test_two_bot_processes_on_one_database_send_each_message_once(hr: World) -> None:
    world, sim = hr, hr.sim
    dik = await unit(world, "DIK")
    admin, _ = await hr_admin(world)
    users = await people(world, dik, 100, first=30_000)
    other = build_application(hr_settings(world.database_url), base_url=sim.base_url, clock=world.clock)
    async with other:  # a second process: same database, same Telegram; it does not poll, its jobs run
        await other.start()
        try:
            await compose(world, admin, MESSAGE, dik)
            await press(world.sim, admin, "send")
            await sim.wait_until(lambda: any("Laporan siaran" in m.content for m in sim.bot_messages(admin)),
                                 timeout=20, what="the report")
        finally:
            await other.stop()
    assert all(len(sim.bot_messages(user)) == 1 for user in users)
    reports = [m for m in sim.bot_messages(admin) if "Laporan siaran" in m.content]
    assert len(reports) == 1


async def test_only_hr_admins_may_broadcast_and_bad_html_is_refused(hr: World) -> None:
    world, sim = hr, hr.sim
    employee, _ = await world.linked_user()
    [refused] = await say(sim, employee, "/siaran")
    assert "hanya untuk admin" in refused.text
    admin, _ = await hr_admin(world)
    [ask] = await say(sim, admin, "/siaran")
    assert "Siaran baru" in ask.text
    [bad] = await say(sim, admin, "<b>Penting</i> besok")
    assert "menutup sebelum" in bad.text and "Siaran baru" in bad.text
    [bad] = await say(sim, admin, "<script>alert(1)</script>")
    assert "tidak didukung" in bad.text
    [bad] = await say(sim, admin, "nilai < 60 harus diperbaiki")
    assert "&lt;" in bad.raw["text"] or "&lt;" in bad.text or "bukan awal tag" in bad.text
    long = "<b>Pengumuman panjang</b>\n" + "Rincian kegiatan pengembangan kompetensi. " * 40  # 1,700 characters
    [audience] = await say(sim, admin, long)  # longer than other answers may be (1,000), within Telegram's
    assert "Siapa penerimanya" in audience.text
    await press(sim, admin, "<")
    [audience] = await say(sim, admin, "nilai &lt; 60 <i>harus</i> diperbaiki")
    assert "Siapa penerimanya" in audience.text


async def test_an_admin_limited_to_a_unit_cannot_reach_outside_it(hr: World) -> None:
    world, sim = hr, hr.sim
    dik, kes = await unit(world, "DIK"), await unit(world, "KES")
    sd = await unit(world, "DIK-SD", parent=dik)
    await people(world, sd, 3, first=40_000)
    outside = await people(world, kes, 3, first=40_100)
    admin, _ = await hr_admin(world, dik)
    await say(sim, admin, "/siaran")
    await say(sim, admin, "Halo")
    [units] = await press(sim, admin, "units")
    assert {b.text for row in units.buttons for b in row} >= {"DIK", "DIK-SD"}
    assert "KES" not in {b.text for row in units.buttons for b in row}
    [typed] = await say(sim, admin, "KES")
    assert "di luar wewenang" in typed.text
    nonce = (typed.buttons[0][0].callback_data or "").split("|")[1]  # the current question's own nonce
    forged = await sim.forge_callback_query(admin, f"d|{nonce}|u:{kes.id}", message=typed.message_id)
    await sim.wait_for_answer(forged)
    [refusal] = await sim.wait_for_replies(admin, 1)
    assert "di luar wewenang" in refusal.text
    # "everyone", for this admin, is everyone in DIK and below
    await press(sim, admin, "<")
    [preview] = await press(sim, admin, "all")
    assert "semua pegawai — 3 orang" in preview.text
    await press(sim, admin, "send")
    await sim.wait_until(lambda: any("Laporan siaran" in m.content for m in sim.bot_messages(admin)), timeout=10)
    assert all(sim.bot_messages(user) == [] for user in outside)


async def test_a_revoked_admin_cannot_finish_the_broadcast(hr: World) -> None:
    world, sim = hr, hr.sim
    dik = await unit(world, "DIK")
    await people(world, dik, 2, first=50_000)
    admin, employee = await hr_admin(world)
    await say(sim, admin, "/siaran")
    await say(sim, admin, "Halo semua")
    await press(sim, admin, "all")
    async with world.session() as session:
        await revoke_role(session, employee.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
    [refused] = await press(sim, admin, "send")
    assert "hanya untuk admin" in refused.text
    async with world.session() as session:
        assert (await session.exec(select(Broadcast))).all() == []


async def test_nothing_reachable_means_nothing_to_confirm(hr: World) -> None:
    world = hr
    empty = await unit(world, "KOSONG")
    admin, _ = await hr_admin(world)
    preview = await compose(world, admin, "Halo", empty)
    assert "Tidak ada pegawai" in preview.text
    assert "send" not in {b.callback_data.split("|")[-1] for row in preview.buttons for b in row if b.callback_data}

