"""Benchmark: /rekap over 50,000 employees in 500 units and /tim for a team of 5,000, and the targeting views
(issue 14: a 2,000-person unit's drill-down page, what to do first for the whole scope, the comparison with an
earlier date); prints one line of JSON.

    .venv/bin/python benchmarks/summary.py [--employees 50000] [--pg-url postgresql+asyncpg://…/test]

PostgreSQL runs when --pg-url or TEST_DATABASE_URL is given (a scratch database is created through that
connection and dropped afterwards). The agency: 10 OPDs, each with 7 divisions of 6 sections (500 units),
100 employees per unit; the first employee of a unit heads it and reports to the head of the unit above, so
an OPD head's whole subtree is 4,999 people. About 70% are assessed (some twice: the latest counts), a fifth of
those with a pending claim (their declared figure above the verified one), 10% are CPNS or PPPK, and most have
learning activities this year. The last section has 2,000 people (the drill-down's unit); the others share the
rest. Each assessment has the advice scoring would give for its points.

Timed, best of 5 after one warm-up, each on a fresh session: what the handler does for the message
(`hr_unit_map` for an HR admin of every unit with its per-unit lines; `team_summary` of the OPD head, whole
subtree, with its message), then the same with the PNG chart; /rekap and /tim again headlined by the declared
figure (INDEX_BASIS=declared; the verified one is the default); and /rekap's parts, best of 3. The aim
(issues 6 and 13) is under 500 ms each. Issue 14's views, each with its message: `unit_page` of the 2,000-person unit,
`scope_needs` of the whole scope, `compare` of the whole scope with a date 200 days back; under 500 ms each.
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
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.ext.asyncio import async_sessionmaker  # noqa: E402
from sqlmodel.ext.asyncio.session import AsyncSession  # noqa: E402

from bot.storage.base import table_of  # noqa: E402
from bot.storage.db import create_engine, create_sessionmaker  # noqa: E402
from bot.storage.models import Assessment, Employee, Role, RoleGrant, TrainingRecord, Unit  # noqa: E402
from bot.storage.models.gaps import AssessmentGap  # noqa: E402
from bot.storage.profiles import Basis  # noqa: E402
from bot.storage.samples import both_figures, make_nip  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.storage.scratch import scratch_database  # noqa: E402
from bot.targeting.compare import compare  # noqa: E402
from bot.targeting.drill import unit_page  # noqa: E402
from bot.targeting.needs import scope_needs  # noqa: E402
from bot.targeting.render import compare_text, needs_text, page_text  # noqa: E402
from bot.team.render import team_chart, team_text  # noqa: E402
from bot.team.service import TeamView, team_summary  # noqa: E402
from bot.unitmap.facts import facts_for_units  # noqa: E402
from bot.unitmap.render import map_chart, map_text  # noqa: E402
from bot.unitmap.service import build_map, figures_by_unit, hr_unit_map, unit_infos  # noqa: E402
from bot.unitmap.tallies import unit_figures  # noqa: E402
from scoring.engine import category_of  # noqa: E402
from scoring.models import EmploymentStatus  # noqa: E402

TODAY = date(2026, 11, 28)
CHUNK = 5_000
BIG_UNIT = 2_000
"""Members of the drill-down's unit (the last section)."""
GAP_CHOICES = (("diklat_teknis", (15.0, 22.5)), ("seminar", (10.0, 17.5)), ("skp", (5.0, 10.0)),
               ("diklat_fungsional", (15.0,)), ("diklat_kepemimpinan", (10.0,)))


def agency(employees: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Units and employees as rows for bulk inserts (ids given, so supervisors can point at them)."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    units: list[dict[str, Any]] = []
    for opd in range(10):
        opd_id = len(units) + 1
        units.append({"id": opd_id, "code": f"OPD{opd}", "name": f"Dinas {opd}", "parent_id": None})
        for division in range(7):
            division_id = len(units) + 1
            units.append({"id": division_id, "code": f"OPD{opd}-B{division}", "name": f"Bidang {division}",
                          "parent_id": opd_id})
            first = len(units) + 1
            units.extend({"id": first + s, "code": f"OPD{opd}-B{division}-S{s}", "name": f"Seksi {s}",
                          "parent_id": division_id} for s in range(6))
    for unit in units:
        unit.update(created_at=now, updated_at=now)
    big = min(BIG_UNIT, employees // 2)
    per_unit, extra = divmod(employees - big, len(units) - 1)
    head: dict[int, int] = {}
    rows: list[dict[str, Any]] = []
    statuses = ["PNS"] * 18 + ["CPNS", "PPPK"]
    for index, unit in enumerate(units):
        size = big if index == len(units) - 1 else per_unit + (1 if index < extra else 0)
        for k in range(size):
            employee_id = len(rows) + 1
            status = statuses[employee_id % len(statuses)]
            if k == 0:
                head[unit["id"]] = employee_id
                boss = head.get(unit["parent_id"]) if unit["parent_id"] else None
            else:
                boss = head[unit["id"]]
            rows.append({
                "id": employee_id, "nip": make_nip(employee_id, status=EmploymentStatus(status)),
                "name": f"Pegawai {employee_id}",
                "employment_status": status, "position_type": "pelaksana", "education": "s1",
                "unit_id": unit["id"], "supervisor_id": boss, "telegram_user_id": 10_000_000 + employee_id,
                "reminders_enabled": True, "active": True, "created_at": now, "updated_at": now,
            })  # fmt: skip
    return units, rows


def records(employees: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    rng = random.Random(6)
    assessments: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    trainings: list[dict[str, Any]] = []
    for employee in employees:
        if rng.random() < 0.7:
            for n in range(rng.choice((1, 1, 2))):
                # points as the rule set gives them (kompetensi: sums of 15, 10, 22.5, 17.5 …)
                dims = [rng.choice((5, 10, 15, 20, 25)), rng.choice((0, 10, 15, 17.5, 22.5, 25, 30, 40)),
                        rng.choice((1, 5, 15, 25, 30)), rng.choice((1, 2, 3, 5))]
                total = float(sum(dims))
                for code, gains in rng.sample(GAP_CHOICES, rng.randint(0, 3)):
                    gain = rng.choice(gains)
                    gaps += [{"assessment_id": len(assessments) + 1, "figure": figure, "code": code, "gain": gain}
                             for figure in ("declared", "verified")]
                figures = both_figures({}, total, category_of(total), *dims)
                if rng.random() < 0.2:  # a pending claim of a better appraisal: only the declared figure has it
                    declared = [dims[0], dims[1], 30, dims[3]]
                    figures.update(total=float(sum(declared)), category=category_of(float(sum(declared))),
                                   kinerja=30, fully_verified=declared == dims)
                assessments.append({
                    "id": len(assessments) + 1,
                    "employee_id": employee["id"], "as_of": TODAY - timedelta(days=300 - 200 * n),
                    "ruleset_id": "perban-bkn-8-2019", **figures,
                    "official": employee["employment_status"] == "PNS",
                    "triggered_by": "bench", "created_at": datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=200 * n),
                })  # fmt: skip
        for _ in range(rng.choice((0, 1, 2, 3))):
            trainings.append({
                "employee_id": employee["id"], "kind": "teknis", "title": "Bimtek", "end_date": TODAY - timedelta(
                    days=rng.randint(0, 400)), "jp": rng.choice((4, 8, 12, 20)), "source": "import",
                "created_by": "bench", "created_at": datetime(2026, 1, 1, tzinfo=UTC),
                "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
            })  # fmt: skip
    return assessments, trainings, gaps


async def seed(sessions: async_sessionmaker[AsyncSession], employees: int) -> tuple[int, int]:
    """Fill the database; returns (an HR admin's employee id, the first OPD head's id)."""
    units, people = agency(employees)
    assessments, trainings, gaps = records(people)
    async with sessions() as session:
        connection = await session.connection()
        for model, rows in ((Unit, units), (Employee, people), (Assessment, assessments),
                            (TrainingRecord, trainings), (AssessmentGap, gaps)):
            for start in range(0, len(rows), CHUNK):
                await connection.execute(sa.insert(table_of(model)), rows[start : start + CHUNK])
        await connection.execute(sa.insert(table_of(RoleGrant)), [{
            "employee_id": 1, "role": Role.HR_ADMIN.value, "unit_id": None, "granted_by": "bench",
            "granted_at": datetime(2026, 1, 1, tzinfo=UTC)}])
        if connection.dialect.name == "postgresql":
            for model in (Unit, Employee, Assessment, TrainingRecord):
                name = table_of(model).name
                await connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
            await connection.execute(sa.text("ANALYZE"))
        await session.commit()
    return 1, 1


async def best_ms(run: Callable[[], Awaitable[object]], repeat: int = 5) -> float:
    await run()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings), 1)


async def rekap_parts(sessions: async_sessionmaker[AsyncSession]) -> dict[str, float]:
    """Where /rekap's time goes, best of 3: the units and their figures summed by the database, the map
    (per-unit rows, sorted), the message, the chart; and, for comparison, the per-person way the map takes
    when the database cannot sum exactly (reading 50,000 people, then `scoring.aggregate` per unit)."""
    best: dict[str, float] = {}
    for _ in range(3):
        marks = [time.perf_counter()]
        async with sessions() as session:
            units = await unit_infos(session, None)
            figures = await unit_figures(session, None, TODAY, include_unofficial=False)
        assert figures is not None
        marks.append(time.perf_counter())
        found = build_map(figures, units, scope=None, as_of=TODAY, include_unofficial=False)
        found.own  # noqa: B018  (the per-unit summaries, worked out on first use)
        marks.append(time.perf_counter())
        map_text(found, "id", tree=False)
        marks.append(time.perf_counter())
        map_chart(found, "id", tree=False)
        marks.append(time.perf_counter())
        async with sessions() as session:
            facts = await facts_for_units(session, None, TODAY)
        marks.append(time.perf_counter())
        by_person = build_map(figures_by_unit(facts, False), units, scope=None, as_of=TODAY, include_unofficial=False)
        assert [row.summary for row in by_person.own] == [row.summary for row in found.own]
        marks.append(time.perf_counter())
        names = ("read_summed_ms", "map_ms", "message_ms", "chart_ms", "per_person_read_ms", "per_person_map_ms")
        for name, start, end in zip(names, marks, marks[1:], strict=False):
            best[name] = min(best.get(name, 1e9), round((end - start) * 1000, 1))
    return best


async def measure(url: str, employees: int) -> dict[str, Any]:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    try:
        hr, head = await seed(sessions, employees)

        async def rekap(chart: bool, basis: Basis = Basis.VERIFIED) -> None:
            async with sessions() as session:
                found = await hr_unit_map(session, hr, today=TODAY, include_unofficial=False, basis=basis)
            assert found is not None
            map_text(found, "id", tree=False)
            if chart:
                map_chart(found, "id", tree=False)

        async def tim(chart: bool, basis: Basis = Basis.VERIFIED) -> None:
            async with sessions() as session:
                summary = await team_summary(session, head, view=TeamView.ALL, today=TODAY,
                                             include_unofficial=False, basis=basis)
            team_text(summary, "id")
            if chart:
                team_chart(summary, "id")

        big_unit = 500  # the last section

        async def drill() -> None:
            async with sessions() as session:
                page = await unit_page(session, hr, big_unit, 0, today=TODAY, include_unofficial=False)
            assert page.member_count == BIG_UNIT or employees < 2 * BIG_UNIT
            page_text(page, "id")

        async def needs() -> None:
            async with sessions() as session:
                found = await scope_needs(session, hr, None, today=TODAY, include_unofficial=False)
            assert found.needs
            needs_text(found, "id")

        async def changes() -> None:
            async with sessions() as session:
                found = await compare(session, hr, None, since=TODAY - timedelta(days=200), today=TODAY,
                                      include_unofficial=False)
            compare_text(found, "id")

        async with sessions() as session:
            summary = await team_summary(session, head, view=TeamView.ALL, today=TODAY, include_unofficial=False)
            found = await hr_unit_map(session, hr, today=TODAY, include_unofficial=False)
        assert found is not None
        figures = found.total.figures
        return {
            "units": 500,
            "team_members": summary.summary.members,
            "mean_verified": figures.summary_of(Basis.VERIFIED).mean,
            "mean_declared": figures.summary_of(Basis.DECLARED).mean,
            "fully_verified_share": figures.verified_share,
            "rekap_ms": await best_ms(lambda: rekap(False)),
            "rekap_with_chart_ms": await best_ms(lambda: rekap(True)),
            "rekap_declared_ms": await best_ms(lambda: rekap(False, Basis.DECLARED)),
            "rekap_parts": await rekap_parts(sessions),
            "tim_ms": await best_ms(lambda: tim(False)),
            "tim_with_chart_ms": await best_ms(lambda: tim(True)),
            "drill_down_2000_ms": await best_ms(drill),
            "what_first_ms": await best_ms(needs),
            "compare_ms": await best_ms(changes),
            "tim_declared_ms": await best_ms(lambda: tim(False, Basis.DECLARED)),
        }
    finally:
        await engine.dispose()


def bench_sqlite(employees: int, directory: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{directory / 'bench.db'}"
    upgrade(url)
    return asyncio.run(measure(url, employees))


def bench_postgresql(employees: int, admin_url: str) -> dict[str, Any]:
    with scratch_database(admin_url, prefix="ipasn_bench") as url:
        upgrade(url)
        return asyncio.run(measure(url, employees))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--pg-url", default=os.environ.get("TEST_DATABASE_URL") or None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        results: dict[str, Any] = {"employees": args.employees, "sqlite": bench_sqlite(args.employees, Path(scratch))}
        if args.pg_url:
            results["postgresql"] = bench_postgresql(args.employees, args.pg_url)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
