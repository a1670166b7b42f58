"""Benchmark: a broadcast to 10,000 recipients through the emulator, 1% of sends answered 429; one JSON line.

    .venv/bin/python benchmarks/broadcast.py [--recipients 10000] [--rate 25] [--pg-url postgresql+asyncpg://…]
                                             [--kill [N]] [--scale 500000 [--window 60] [--no-analyze]]

The real Application (`build_application`, its JobQueue waking the worker) sends to the Bot API emulator at
its default flood limits (30 messages a second overall, one a second per chat, recorded as violations).
One send in a hundred, at random, is answered "429 Too Many Requests: retry after 1". The broadcast is
written by the service as /siaran would, then the clock is the system clock: retries wait for real.

Printed: messages per second achieved (recipients' messages, first to last) divided by BROADCAST_RATE
(aim ≥ 0.95), duplicates (a recipient with more than one message) and losses (a recipient with none),
both of which must be 0, the 429s injected and the emulator's rate violations. With --pg-url (or
TEST_DATABASE_URL) the same runs on a scratch PostgreSQL database as well. At the default 25/s a run
takes about seven minutes per database.

`--kill [N]` (default 1,000 recipients) measures a crash instead, with real processes: `python -m bot run`
(this tree, default settings: DELIVERY_TAKEOVER_SECONDS 5, BROADCAST_POLL_SECONDS 2) sends the broadcast,
is killed with SIGKILL a third of the way, and is restarted at once, as a service manager would. Printed:
`kill_to_first_resumed_s`, the seconds from the kill to the first recipient's message of the restarted
process (aim < 10 s; most of it is the dead holder's lease running out), `restart_first_call_s` (when the
new process first reached Telegram: its start-up), the resumed run's rate, and the truth: duplicates
(must be 0), recipients without the message who are not counted uncertain, failed or unreachable (must
be 0), and the report's figures.

`--scale N` (PostgreSQL only: --pg-url) measures a national broadcast's first minute: N recipients, the
outbox written by `create_broadcast` as /siaran writes it (`create_s`, and `loop_stall_ms`, the longest
the event loop went without running a 10 ms ticker meanwhile), then the engine starts (`first_message_s`
from its start to the first recipient's message) and sends: `achieved_over_limit` is the messages
delivered in the `--window` seconds from the first one, over BROADCAST_RATE × window (aim ≥ 0.95 from the
first minute). `--no-analyze` keeps the planner's statistics
as stale as a fresh outbox leaves them (no ANALYZE after writing it): the claim's partial index must keep
the pace anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("PTB_TIMEDELTA", "1")

import sqlalchemy as sa  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.broadcast.audience import Audience, AudienceKind  # noqa: E402
from bot.broadcast.service import counts, create_broadcast  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.delivery import outbox  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.simulator import BotApiSimulator, SimUser  # noqa: E402
from bot.simulator.faults import Fault, FaultPlan  # noqa: E402
from bot.storage.base import table_of  # noqa: E402
from bot.storage.db import session_scope  # noqa: E402
from bot.storage.models import Employee, Role, Unit  # noqa: E402
from bot.storage.models.broadcast import Broadcast  # noqa: E402
from bot.storage.models.delivery import OutboxMessage  # noqa: E402
from bot.storage.roles import grant_role  # noqa: E402
from bot.storage.samples import make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402

TEXT = "<b>Pengumuman</b>: batas pengisian asesmen mandiri IP ASN adalah 15 Desember."
QUIET_SCHEDULE = "0 8 1 1 *"  # no 20 JP reminder while measuring
CHUNK = 5_000


def one_in_a_hundred(plan: FaultPlan, seed: int = 6) -> list[int]:
    """Make 1% of sendMessage calls, at random, answer 429 (retry after 1 s); returns the running count."""
    rng = random.Random(seed)
    injected = [0]
    take = plan.take

    def take_with_floods(method: str) -> Fault | None:
        if method.lower() == "sendmessage" and rng.random() < 0.01:
            injected[0] += 1
            return Fault("retry_after", status=429, retry_after=1)
        return take(method)

    plan.take = take_with_floods  # type: ignore[method-assign]
    return injected


async def seed(services: Services, sim: BotApiSimulator, recipients: int) -> tuple[list[Any], Any, int, int]:
    """The recipients, and an HR admin (a Telegram user too: the progress and the report go to them)."""
    users = [sim.add_user(f"P{k}", started=True) for k in range(recipients)]
    hr = sim.add_user("Admin", started=True)
    now = datetime.now(UTC)

    def rows(start: int, unit_id: int) -> Iterator[dict[str, Any]]:
        for k in range(start, min(start + CHUNK, recipients)):
            yield {"nip": make_nip(k + 1), "name": f"Pegawai {k + 1}", "employment_status": "PNS",
                   "position_type": "pelaksana", "education": "s1", "telegram_user_id": users[k].id,
                   "unit_id": unit_id, "reminders_enabled": False, "active": True, "created_at": now,
                   "updated_at": now}

    async with session_scope(services.sessionmaker) as session:
        unit = Unit(code="BENCH", name="Unit Uji")
        session.add(unit)
        await session.flush()
        connection = await session.connection()
        for start in range(0, recipients, CHUNK):  # in chunks: half a million rows never sit in memory at once
            await connection.execute(sa.insert(table_of(Employee)), list(rows(start, unit.id or 0)))
        admin = Employee(nip=make_nip(recipients + 1), name="Admin BKPSDM", position_type="pelaksana",
                         education="s1", telegram_user_id=hr.id, reminders_enabled=False)
        session.add(admin)
        await session.flush()
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="bench", clock=services.clock)
    return users, hr, unit.id or 0, admin.id or 0


class Deliveries:
    """When each recipient's message was carried out, read incrementally from the emulator's journal (the
    condition of a `wait_until` is re-checked after every change: it must not rescan the journal)."""

    def __init__(self, sim: BotApiSimulator, users: list[SimUser]) -> None:
        self.calls = sim.state.journal.calls
        self.wanted = {user.id for user in users}
        self.times: list[float] = []
        self.position = 0

    def __call__(self) -> int:
        for call in self.calls[self.position:]:
            if call.method.lower() == "sendmessage" and call.ok and int(call.params.get("chat_id", 0)) in self.wanted:
                self.times.append(call.at)
        self.position = len(self.calls)
        return len(self.times)


async def broadcast_to(services: Services, unit: int, admin: int, admin_chat: int) -> Broadcast:
    async with session_scope(services.sessionmaker) as session:
        return await create_broadcast(session, admin_id=admin, admin_chat_id=admin_chat, lang="id", text=TEXT,
                                      audience=Audience(AudienceKind.UNITS, (unit,)), send_at=None,
                                      today=services.today(), clock=services.clock)


async def run(url: str, recipients: int, rate: float) -> dict[str, Any]:
    async with BotApiSimulator() as sim:
        injected = one_in_a_hundred(sim.faults)
        settings = Settings(TELEGRAM_BOT_TOKEN=sim.token, DATABASE_URL=url, BROADCAST_RATE=rate,  # type: ignore[arg-type]
                            BROADCAST_POLL_SECONDS=1)
        app = build_application(settings, base_url=sim.base_url, clock=SystemClock(settings.tz))
        services: Services = app.bot_data.services
        users, hr, unit, admin = await seed(services, sim, recipients)
        async with app:
            made = await broadcast_to(services, unit, admin, hr.id)
            started = time.monotonic()
            await app.start()  # from here the JobQueue wakes the worker
            while True:
                await asyncio.sleep(1)
                async with session_scope(services.sessionmaker) as session:
                    if (await session.get(Broadcast, made.id)).reported_at is not None:  # type: ignore[union-attr]
                        found = await counts(session, made.id or 0)
                        break
            elapsed = time.monotonic() - started
            await app.stop()
        wanted = {user.id for user in users}
        delivered = [c for c in sim.calls("sendMessage") if c.ok and int(c.params["chat_id"]) in wanted]
        per_user = [len(sim.bot_messages(user)) for user in users]
        span = delivered[-1].at - delivered[0].at
        return {
            "recipients": made.recipients,
            "rate_limit": rate,
            "messages_per_s": round((len(delivered) - 1) / span, 2),
            "achieved_over_limit": round((len(delivered) - 1) / span / rate, 3),
            "duplicates": sum(1 for n in per_user if n > 1),
            "losses": sum(1 for n in per_user if n == 0),
            "injected_429": injected[0],
            "sent": found.sent, "failed": found.failed, "unreachable": found.unreachable,
            "rate_violations": len(sim.violations),
            "seconds_to_report": round(elapsed, 1),
        }  # fmt: skip


async def reported(services: Services, broadcast_id: int) -> bool:
    async with session_scope(services.sessionmaker) as session:
        found = await session.get(Broadcast, broadcast_id)
        return found is not None and found.reported_at is not None


async def kill_and_resume(url: str, recipients: int, rate: float) -> dict[str, Any]:
    """`python -m bot run` killed with SIGKILL a third of the way through a broadcast, restarted at once."""
    async with BotApiSimulator() as sim:
        injected = one_in_a_hundred(sim.faults)
        settings = Settings(TELEGRAM_BOT_TOKEN=sim.token, DATABASE_URL=url, BROADCAST_RATE=rate)  # type: ignore[arg-type]
        app = build_application(settings, base_url=sim.base_url, clock=SystemClock(settings.tz), offload=False)
        services: Services = app.bot_data.services
        users, hr, unit, admin = await seed(services, sim, recipients)
        made = await broadcast_to(services, unit, admin, hr.id)
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": sim.token, "TELEGRAM_API_BASE_URL": sim.base_url,
               "DATABASE_URL": url, "BROADCAST_RATE": str(rate), "REMINDER_SCHEDULE": QUIET_SCHEDULE,
               "PTB_TIMEDELTA": "1"}
        with tempfile.TemporaryFile() as log:

            async def start() -> asyncio.subprocess.Process:
                return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", cwd=ROOT, env=env,
                                                            stdout=asyncio.subprocess.DEVNULL, stderr=log)

            deliveries = Deliveries(sim, users)
            first = await start()
            restarted = None
            try:
                await sim.wait_until(lambda: deliveries() >= recipients // 3, timeout=600, what="a third sent")
                first.kill()  # SIGKILL: its lease stays taken, what it had claimed stays `sending`
                killed = time.monotonic()
                restarted = await start()
                await first.wait()
                await sim.wait_until(lambda: sim.in_progress("sendMessage") == 0, timeout=30, what="the wire empty")
                at_kill = deliveries()
                await sim.wait_until(lambda: deliveries() > at_kill, timeout=300, what="the resumed broadcast")
                resumed = deliveries.times[at_kill] - killed
                while not await reported(services, made.id or 0):
                    await asyncio.sleep(1)
            finally:  # never leave a bot running behind
                for process in (first, restarted):
                    if process is not None and process.returncode is None:
                        process.send_signal(signal.SIGINT)
                        await process.wait()
            deliveries()
        first_call = next(call.at for call in sim.api_calls if call.at > killed)
        async with session_scope(services.sessionmaker) as session:
            found = await counts(session, made.id or 0)
            message = table_of(OutboxMessage)
            rows = await (await session.connection()).execute(
                sa.select(message.c.chat_id, message.c.status).where(message.c.batch_id == made.batch_id))
            statuses = {int(chat): str(status) for chat, status in rows}
        await services.close()
    per_user = {user.id: len(sim.bot_messages(user)) for user in users}
    unreported = sum(1 for chat, n in per_user.items() if n == 0 and statuses.get(chat) == "sent")
    missing = sum(1 for chat, n in per_user.items()
                  if n == 0 and statuses.get(chat) not in ("uncertain", "failed", "unreachable"))
    times = deliveries.times
    return {
        "recipients": made.recipients, "rate_limit": rate, "killed_after": at_kill,
        "kill_to_first_resumed_s": round(resumed, 2),
        "restart_first_call_s": round(first_call - killed, 2),
        "resumed_messages_per_s": round((len(times) - 1 - at_kill) / (times[-1] - times[at_kill]), 2),
        "duplicates": sum(1 for n in per_user.values() if n > 1),
        "missing_not_reported": missing + unreported,
        "sent": found.sent, "failed": found.failed, "unreachable": found.unreachable, "uncertain": found.uncertain,
        "injected_429": injected[0], "rate_violations": len(sim.violations),
        "violations": [str(v) for v in sim.violations[:3]],
    }  # fmt: skip


class LoopStall:
    """The longest the event loop went without running a 10 ms ticker: what a blocking call costs everyone."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            self.worst = max(self.worst, time.monotonic() - before - 0.01)

    def __enter__(self) -> LoopStall:
        self._task = asyncio.create_task(self._tick())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def first_minute(url: str, recipients: int, rate: float, window: float, analyze: bool) -> dict[str, Any]:
    """A national broadcast: the outbox written, then `window` seconds of sending from the engine's start."""
    if not analyze:
        outbox.ANALYZE_AFTER = 10**12  # type: ignore[misc]  # the statistics stay as the writes left them
    async with BotApiSimulator() as sim:
        injected = one_in_a_hundred(sim.faults)
        settings = Settings(TELEGRAM_BOT_TOKEN=sim.token, DATABASE_URL=url, BROADCAST_RATE=rate,  # type: ignore[arg-type]
                            BROADCAST_POLL_SECONDS=1, REMINDER_SCHEDULE=QUIET_SCHEDULE)
        app = build_application(settings, base_url=sim.base_url, clock=SystemClock(settings.tz), offload=False)
        services: Services = app.bot_data.services
        began = time.monotonic()
        users, hr, unit, admin = await seed(services, sim, recipients)
        seeded = time.monotonic() - began
        # The emulator's N users live in this process, not in a bot's: out of the collector's sight, or each
        # full collection (hundreds of ms at 500,000) would stall the bot and the emulator alike.
        gc.collect()
        gc.freeze()
        async with services.engine.begin() as connection:  # the roster as a production database would know it
            await connection.execute(sa.text("ANALYZE employee"))
        with LoopStall() as stall:
            began = time.monotonic()
            made = await broadcast_to(services, unit, admin, hr.id)
            created = time.monotonic() - began
        deliveries = Deliveries(sim, users)
        async with app:
            started = time.monotonic()
            await app.start()  # from here the JobQueue wakes the engine
            await sim.wait_until(lambda: deliveries() > 0, timeout=120, what="the first message")
            await asyncio.sleep(window - (time.monotonic() - deliveries.times[0]))
            await app.stop()
        deliveries()
        first = deliveries.times[0]
        in_window = [t for t in deliveries.times if t < first + window]
    return {
        "recipients": made.recipients, "rate_limit": rate, "analyze_after_writing": analyze,
        "seed_s": round(seeded, 1), "create_s": round(created, 2), "loop_stall_ms": round(stall.worst * 1000, 1),
        "window_s": window, "sent_in_window": len(in_window),
        "first_message_s": round(first - started, 2),
        "messages_per_s": round(len(in_window) / window, 2),
        "achieved_over_limit": round(len(in_window) / window / rate, 3),
        "injected_429": injected[0], "rate_violations": len(sim.violations),
        "violations": [str(v) for v in sim.violations[:3]],
    }  # fmt: skip


def on_postgresql(admin_url: str, work: Any) -> dict[str, Any]:
    with scratch_database(admin_url, prefix="ipasn_bench") as url:
        upgrade(url)
        result: dict[str, Any] = asyncio.run(work(url))
        return result


def bench_postgresql(admin_url: str, recipients: int, rate: float) -> dict[str, Any]:
    return on_postgresql(admin_url, lambda url: run(url, recipients, rate))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=Settings.model_fields["BROADCAST_RATE"].default)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    parser.add_argument("--kill", type=int, nargs="?", const=1_000, metavar="N",
                        help="kill -9 a `run` process a third of the way through a broadcast to N, restart it")
    parser.add_argument("--scale", type=int, metavar="N", help="the first minute of a broadcast to N (PostgreSQL)")
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--no-analyze", action="store_true")
    args = parser.parse_args()
    if args.scale is not None:
        if not args.pg_url:
            parser.error("--scale needs PostgreSQL: --pg-url or TEST_DATABASE_URL")
        print(json.dumps({"postgresql": on_postgresql(args.pg_url, lambda url: first_minute(
            url, args.scale, args.rate, args.window, not args.no_analyze))}))
        return
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
        upgrade(url)
        if args.kill is not None:
            results["sqlite"] = asyncio.run(kill_and_resume(url, args.kill, args.rate))
        else:
            results["sqlite"] = asyncio.run(run(url, args.recipients, args.rate))
    if args.pg_url:
        if args.kill is not None:
            results["postgresql"] = on_postgresql(args.pg_url, lambda url: kill_and_resume(url, args.kill, args.rate))
        else:
            results["postgresql"] = bench_postgresql(args.pg_url, args.recipients, args.rate)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
