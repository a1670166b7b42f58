"""Benchmark: the first /verifikasi card of a supervisor with 5,000 pending claims below them; one line of JSON.

    .venv/bin/python benchmarks/review.py [--claims 5000] [--others 45000] [--pg-url postgresql+asyncpg://…/test]

PostgreSQL runs when --pg-url or TEST_DATABASE_URL is given (a scratch database, dropped afterwards). The
agency: a head with 50 section heads, each over `claims / 50` staff (the head's subtree), every staff member
with one pending training claim; `others` more employees elsewhere with a pending claim each, so the claim
table is large and mostly not this reviewer's. Timed, best of 5 after one warm-up, each on a fresh session,
as the handler does it: the reviewer's reach from their roles, the first card (the query, the counts, the
record, the text), and the card after one in the middle of the queue (what follows a decision or a skip).
The aim (issue 13) is under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.ext.asyncio import async_sessionmaker  # noqa: E402
from sqlmodel.ext.asyncio.session import AsyncSession  # noqa: E402
from summary import best_ms  # noqa: E402  (benchmarks/summary.py, beside this script)

from bot.claims.review import next_claim, reach_of  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.review.handlers import queue_replies  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.storage.base import table_of  # noqa: E402
from bot.storage.db import create_engine, create_sessionmaker  # noqa: E402
from bot.storage.models import Claim, ClaimKind, ClaimStatus, Employee, RecordSource, TrainingRecord, Unit  # noqa: E402
from bot.storage.samples import make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402
from scoring.models import Education, EmploymentStatus, Position, TrainingKind  # noqa: E402

CHUNK = 5_000
SECTIONS = 50
START = datetime(2026, 1, 1, tzinfo=UTC)


def rows(claims: int, others: int) -> dict[type[Any], list[dict[str, Any]]]:
    """Employees (id 1 is the head), their claims and the training records the claims consist of."""
    per_section = max(claims // SECTIONS, 1)
    people: list[dict[str, Any]] = []

    def person(supervisor: int | None) -> int:
        number = len(people) + 1
        people.append({"id": number, "nip": make_nip(number), "name": f"Pegawai {number}",
                       "employment_status": EmploymentStatus.PNS, "position_type": Position.PELAKSANA,
                       "education": Education.S1, "unit_id": 1, "supervisor_id": supervisor, "active": True,
                       "reminders_enabled": True, "created_at": START, "updated_at": START})
        return number

    head = person(None)
    staff = []
    for _ in range(SECTIONS):
        section = person(head)
        staff += [person(section) for _ in range(per_section)]
    elsewhere = person(None)
    outside = [person(elsewhere) for _ in range(others)]
    claim_rows, records = [], []
    for index, owner in enumerate([*outside, *staff]):  # the others' claims are older: they come first by time
        made = START + timedelta(minutes=index)
        claim_rows.append({"id": index + 1, "employee_id": owner, "kind": ClaimKind.TRAINING,
                           "status": ClaimStatus.PENDING, "created_by": f"employee:{owner}", "created_at": made,
                           "updated_at": made})
        records.append({"id": index + 1, "employee_id": owner, "source": RecordSource.SELF, "claim_id": index + 1,
                        "kind": TrainingKind.TEKNIS, "title": f"Bimtek {index}", "jp": 8, "end_date": date(2026, 3, 1),
                        "created_by": f"employee:{owner}", "created_at": made, "updated_at": made})
    return {Unit: [{"id": 1, "code": "OPD", "name": "Dinas", "created_at": START, "updated_at": START}],
            Employee: people, Claim: claim_rows, TrainingRecord: records}


async def seed(sessions: async_sessionmaker[AsyncSession], claims: int, others: int) -> None:
    async with sessions() as session:
        connection = await session.connection()
        for model, values in rows(claims, others).items():
            for start in range(0, len(values), CHUNK):
                await connection.execute(sa.insert(table_of(model)), values[start : start + CHUNK])
        if connection.dialect.name == "postgresql":
            await connection.execute(sa.text("ANALYZE"))
        await session.commit()


async def measure(url: str, claims: int, others: int) -> dict[str, Any]:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    settings = Settings(TELEGRAM_BOT_TOKEN="1:bench", DATABASE_URL=url)
    services = Services(engine, sessions, FakeClock(START), settings)
    try:
        await seed(sessions, claims, others)
        async with sessions() as session:
            reach = await reach_of(session, 1)
            assert reach is not None
            queue = await next_claim(session, reach)
        middle = (queue.claim.id or 0) + claims // 2 if queue.claim else None

        async def card(after: int | None) -> None:
            async with sessions() as session:
                found = await reach_of(session, 1)
                assert found is not None
                replies = await queue_replies(session, services, found, "id", after=after)
                assert "Verifikasi klaim" in replies[-1].text

        return {"waiting": queue.waiting, "first_card_ms": await best_ms(lambda: card(None)),
                "card_after_a_decision_ms": await best_ms(lambda: card(middle))}
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--others", type=int, default=45_000)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    results: dict[str, Any] = {"claims_below": args.claims, "other_claims": args.others}
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}"
        upgrade(url)
        results["sqlite"] = asyncio.run(measure(url, args.claims, args.others))
    if args.pg_url:
        with scratch_database(args.pg_url, prefix="ipasn_bench") as url:
            upgrade(url)
            results["postgresql"] = asyncio.run(measure(url, args.claims, args.others))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
