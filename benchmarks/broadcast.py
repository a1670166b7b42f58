"""Benchmark: a broadcast to 10,000 recipients through the emulator, 1% of sends answered 429; one JSON line.

    .venv/bin/python benchmarks/broadcast.py [--recipients 10000] [--rate 25] [--pg-url postgresql+asyncpg://…]

The real Application (`build_application`, its JobQueue waking the worker) sends to the Bot API emulator at
its default flood limits (30 messages a second overall, one a second per chat, recorded as violations).
One send in a hundred, at random, is answered "429 Too Many Requests: retry after 1". The broadcast is
written by the service as /siaran would, then the clock is the system clock: retries wait for real.

Printed: messages per second achieved (recipients' messages, first to last) divided by BROADCAST_RATE
(aim ≥ 0.95), duplicates (a recipient with more than one message) and losses (a recipient with none),
both of which must be 0, the 429s injected and the emulator's rate violations. With --pg-url (or
TEST_DATABASE_URL) the same runs on a scratch PostgreSQL database as well. At the default 25/s a run
takes about seven minutes per database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
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
from bot.services import Services  # noqa: E402
from bot.simulator import BotApiSimulator  # noqa: E402
from bot.simulator.faults import Fault, FaultPlan  # noqa: E402
from bot.storage.base import table_of  # noqa: E402
from bot.storage.db import session_scope  # noqa: E402
from bot.storage.models import Employee, Role, Unit  # noqa: E402
from bot.storage.models.broadcast import Broadcast  # noqa: E402
from bot.storage.roles import grant_role  # noqa: E402
from bot.storage.samples import make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402

TEXT = "<b>Pengumuman</b>: batas pengisian asesmen mandiri IP ASN adalah 15 Desember."


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
    async with session_scope(services.sessionmaker) as session:
        unit = Unit(code="BENCH", name="Unit Uji")
        session.add(unit)
        await session.flush()
        rows = [{"nip": make_nip(k + 1), "name": f"Pegawai {k + 1}", "employment_status": "PNS",
                 "position_type": "pelaksana", "education": "s1", "telegram_user_id": user.id, "unit_id": unit.id,
                 "reminders_enabled": False, "active": True, "created_at": now, "updated_at": now}
                for k, user in enumerate(users)]
        connection = await session.connection()
        for start in range(0, len(rows), 5_000):
            await connection.execute(sa.insert(table_of(Employee)), rows[start : start + 5_000])
        admin = Employee(nip=make_nip(recipients + 1), name="Admin BKPSDM", position_type="pelaksana",
                         education="s1", telegram_user_id=hr.id, reminders_enabled=False)
        session.add(admin)
        await session.flush()
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="bench", clock=services.clock)
    return users, hr, unit.id or 0, admin.id or 0


async def run(url: str, recipients: int, rate: float) -> dict[str, Any]:
    async with BotApiSimulator() as sim:
        injected = one_in_a_hundred(sim.faults)
        settings = Settings(TELEGRAM_BOT_TOKEN=sim.token, DATABASE_URL=url, BROADCAST_RATE=rate,  # type: ignore[arg-type]
                            BROADCAST_POLL_SECONDS=1)
        app = build_application(settings, base_url=sim.base_url, clock=SystemClock(settings.tz))
        services: Services = app.bot_data.services
        users, hr, unit, admin = await seed(services, sim, recipients)
        async with app:
            async with session_scope(services.sessionmaker) as session:
                made = await create_broadcast(session, admin_id=admin, admin_chat_id=hr.id, lang="id",
                                              text=TEXT, audience=Audience(AudienceKind.UNITS, (unit,)), send_at=None,
                                              today=services.today(), clock=services.clock)
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


def bench_postgresql(admin_url: str, recipients: int, rate: float) -> dict[str, Any]:
    with scratch_database(admin_url, prefix="ipasn_bench") as url:
        upgrade(url)
        return asyncio.run(run(url, recipients, rate))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=Settings.model_fields["BROADCAST_RATE"].default)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
        upgrade(url)
        results: dict[str, Any] = {"sqlite": asyncio.run(run(url, args.recipients, args.rate))}
    if args.pg_url:
        results["postgresql"] = bench_postgresql(args.pg_url, args.recipients, args.rate)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
