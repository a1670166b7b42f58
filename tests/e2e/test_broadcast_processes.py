"""Broadcasts sent by real `python -m bot run` processes against the emulator, killed and frozen (issue 10):

- `kill -9` in the middle of a broadcast, then a restart: it resumes within seconds (the dead holder's lease
  runs out after DELIVERY_TAKEOVER_SECONDS), nobody gets it twice, and the report equals what the emulator
  delivered (what was on the wire at the kill is reported uncertain, not failed, not resent).
- PostgreSQL: a sender frozen (SIGSTOP) inside a transaction, holding row locks. The server ends its
  transaction after DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, a second process takes the lease over and sends while
  the first is still frozen; once thawed, the first sends and writes nothing (its epoch is fenced); no
  message twice, Telegram's overall rate never exceeded.

The emulator counts what it delivered to each chat; the outbox and the report are compared with that.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.broadcast.audience import Audience, AudienceKind
from bot.broadcast.service import create_broadcast
from bot.clock import SystemClock
from bot.simulator import BotApiSimulator, SimUser
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.base import table_of
from bot.storage.db import create_engine, create_sessionmaker, session_scope
from bot.storage.models import Employee, Role, Unit
from bot.storage.models.delivery import OutboxMessage
from bot.storage.roles import grant_role
from bot.storage.samples import make_nip
from tests.conftest import postgresql_only
from tests.e2e.test_broadcast import assert_report_is_the_truth

TEXT = "<b>Pengumuman</b>: apel pagi Senin pukul 07.30."
SEEN = "Pengumuman: apel pagi Senin pukul 07.30."
RECIPIENTS = 250
TAKEOVER = 5.0


@dataclass
class Agency:
    users: list[SimUser]
    admin: SimUser
    broadcast_id: int


async def seed(sim: BotApiSimulator, database_url: str) -> Agency:
    """The recipients, an HR admin, and a broadcast to everyone, written as /siaran's confirmation writes it."""
    users = [sim.add_user(f"P{k}", started=True) for k in range(RECIPIENTS)]
    admin_user = sim.add_user("Admin", started=True)
    engine = create_engine(database_url)
    clock = SystemClock()
    now = datetime.now(UTC)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            unit = Unit(code="DIK", name="Dinas")
            session.add(unit)
            await session.flush()
            rows = [{"nip": make_nip(k + 1), "name": f"Pegawai {k + 1}", "employment_status": "PNS",
                     "position_type": "pelaksana", "education": "s1", "unit_id": unit.id,
                     "telegram_user_id": user.id, "reminders_enabled": False, "active": True, "created_at": now,
                     "updated_at": now} for k, user in enumerate(users)]
            await (await session.connection()).execute(sa.insert(table_of(Employee)), rows)
            admin = Employee(nip=make_nip(RECIPIENTS + 1), name="Admin BKPSDM", position_type="pelaksana",
                             education="s1", telegram_user_id=admin_user.id, reminders_enabled=False)
            session.add(admin)
            await session.flush()
            assert admin.id is not None
            await grant_role(session, admin.id, Role.HR_ADMIN, actor="cli", clock=clock)
            everyone = Audience(AudienceKind.UNITS, (unit.id or 0,))
            made = await create_broadcast(session, admin_id=admin.id, admin_chat_id=admin_user.id, lang="id",
                                          text=TEXT, audience=everyone, send_at=None, today=clock.now().date(),
                                          clock=clock)
            assert made.id is not None and made.recipients == RECIPIENTS
    finally:
        await engine.dispose()
    return Agency(users, admin_user, made.id)


@dataclass
class Bots:
    """`python -m bot run` processes on one database, against the emulator."""

    sim: BotApiSimulator
    database_url: str
    folder: Path
    settings: dict[str, str] = field(default_factory=dict)
    running: list[asyncio.subprocess.Process] = field(default_factory=list)
    logs: list[BinaryIO] = field(default_factory=list)

    async def start(self, name: str) -> asyncio.subprocess.Process:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_API_BASE_URL": self.sim.base_url,
               "DATABASE_URL": self.database_url, "PTB_TIMEDELTA": "1", "BROADCAST_POLL_SECONDS": "0.5",
               "DELIVERY_TAKEOVER_SECONDS": str(TAKEOVER), "REMINDER_SWEEP_SECONDS": "3600", **self.settings}
        log = (self.folder / f"{name}.log").open("wb")
        self.logs.append(log)
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=self.folder, env=env,
                                                       stdout=asyncio.subprocess.DEVNULL, stderr=log)
        self.running.append(process)
        return process

    async def stop_all(self) -> None:
        for process in self.running:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):  # it may have exited meanwhile
                    os.kill(process.pid, signal.SIGCONT)
                    process.send_signal(signal.SIGINT)
        for process in self.running:
            try:
                await asyncio.wait_for(process.wait(), 60)
            except TimeoutError:
                process.kill()
                await process.wait()
        for log in self.logs:
            log.close()


@pytest.fixture
async def bots(database_url: str, tmp_path: Path) -> AsyncIterator[Bots]:
    async with BotApiSimulator() as sim:  # Telegram's own limits: 30 a second overall, one a second per chat
        made = Bots(sim, database_url, tmp_path)
        try:
            yield made
        finally:
            await made.stop_all()


def delivered(sim: BotApiSimulator, users: list[SimUser]) -> dict[int, int]:
    return {user.id: sum(1 for m in sim.bot_messages(user) if m.text == SEEN) for user in users}


def count(sim: BotApiSimulator, users: list[SimUser]) -> int:
    return sum(delivered(sim, users).values())


def reported(sim: BotApiSimulator, admin: SimUser) -> str | None:
    return next((m.content for m in reversed(sim.bot_messages(admin)) if "Laporan siaran" in m.content), None)


async def statuses(database_url: str) -> dict[int, str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            message = table_of(OutboxMessage)
            rows = await connection.execute(sa.select(message.c.chat_id, message.c.status))
            return {int(chat): str(status) for chat, status in rows}
    finally:
        await engine.dispose()


async def test_kill_9_mid_broadcast_then_a_restart_resumes_in_seconds_and_the_report_is_the_truth(
    bots: Bots, database_url: str
) -> None:
    sim = bots.sim
    agency = await seed(sim, database_url)
    first = await bots.start("first")
    await sim.wait_until(lambda: count(sim, agency.users) >= 60, timeout=90, what="the broadcast under way")
    first.kill()  # SIGKILL: no cleanup, the lease stays taken, claimed messages stay `sending`
    at_kill = count(sim, agency.users)
    await first.wait()
    await sim.wait_until(lambda: sim.in_progress("sendMessage") == 0, timeout=10, what="what was on the wire")
    assert at_kill < RECIPIENTS

    await bots.start("restarted")
    # resumed once the dead holder's lease has run out (benchmarks/broadcast.py measures how soon)
    await sim.wait_until(lambda: count(sim, agency.users) > at_kill, timeout=60, what="the resumed broadcast")
    await sim.wait_until(lambda: reported(sim, agency.admin) is not None, timeout=90, what="the report")

    report = reported(sim, agency.admin)
    assert report is not None
    assert_report_is_the_truth(report, await statuses(database_url), delivered(sim, agency.users))
    assert sim.violations == [], sim.violations  # 25 a second overall, one a second per chat, take-over included


async def _backends(connection: asyncpg.Connection) -> list[str]:
    """The states of the database's other client sessions (only the frozen bot's exist when this is asked)."""
    rows = await connection.fetch("SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
    return [str(row["state"]) for row in rows]


async def freeze_inside_a_transaction(process: asyncio.subprocess.Process, connection: asyncpg.Connection) -> int:
    """SIGSTOP the process at a moment it is inside a database transaction (its session `idle in transaction`,
    its row locks held): stop, look, and let it go on to try again if it was not. Returns the tries it took."""
    for tries in range(1, 5001):
        os.kill(process.pid, signal.SIGSTOP)
        if "idle in transaction" in await _backends(connection):
            return tries
        os.kill(process.pid, signal.SIGCONT)
        await asyncio.sleep(0)  # let it run on (a yield, not a wait for time)
    raise AssertionError("never caught the sender inside a transaction")


@postgresql_only
async def test_a_sender_frozen_inside_a_transaction_is_replaced_and_after_its_thaw_sends_nothing(
    bots: Bots, database_url: str
) -> None:
    sim = bots.sim
    bots.settings = {"DB_IDLE_IN_TRANSACTION_TIMEOUT_MS": "3000", "DB_LOCK_TIMEOUT_MS": "1000"}
    agency = await seed(sim, database_url)
    url = make_url(database_url)
    watcher = await asyncpg.connect(host=url.host, port=url.port, user=url.username, database=url.database)
    try:
        frozen = await bots.start("frozen")
        await sim.wait_until(lambda: count(sim, agency.users) >= 30, timeout=90, what="the broadcast under way")
        await freeze_inside_a_transaction(frozen, watcher)
        at_freeze = count(sim, agency.users)
        await sim.wait_until(lambda: sim.in_progress("sendMessage") == 0, timeout=10, what="what was on the wire")

        await bots.start("replacement")
        # replaced while still frozen: its transaction ended by the server, its lease run out
        await sim.wait_until(lambda: count(sim, agency.users) > at_freeze, timeout=60, what="the replacement sending")
        os.kill(frozen.pid, signal.SIGCONT)
        await sim.wait_until(lambda: reported(sim, agency.admin) is not None, timeout=120, what="the report")
    finally:
        await watcher.close()

    report = reported(sim, agency.admin)
    assert report is not None
    assert_report_is_the_truth(report, await statuses(database_url), delivered(sim, agency.users))
    assert sim.violations == [], sim.violations  # no burst when the frozen one thawed: it sent nothing more
