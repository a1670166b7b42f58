"""A small agency for the broadcast, team and unit map tests, scored by the real scoring engine (the
`agency` fixture, a pytest plugin of `tests/conftest.py`).

DIK (Dinas Pendidikan) with two sections DIK-SD and DIK-SMP, and KES (Dinas Kesehatan). The head of DIK
supervises the heads of the sections, who supervise their staff. Some are assessed (a few twice: the later
assessment is the one that counts), some CPNS or PPPK (outside the official measurement), some never
assessed; some have logged training this year; some are linked to Telegram, one has blocked the bot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.models import Employee, RecordSource, TrainingRecord, Unit
from bot.storage.samples import MakeEmployee, MakeUnit
from scoring import Performance, Profile, ScoreResult, score
from scoring.models import Education, EmploymentStatus, Position, Predicate

os.environ.setdefault("PTB_TIMEDELTA", "1")  # as in production: RetryAfter.retry_after is a timedelta

TODAY = date(2026, 11, 28)
EDUCATIONS = [Education.S1, Education.S2, Education.D3, Education.SLTA, Education.S3]
PREDICATES = [Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.CUKUP, Predicate.KURANG, Predicate.BAIK]


@dataclass
class Agency:
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Employee] = field(default_factory=dict)
    latest: dict[int, ScoreResult] = field(default_factory=dict)
    """The result of each employee's latest assessment, as scoring produced it."""

    def id(self, name: str) -> int:
        employee_id = self.people[name].id
        assert employee_id is not None
        return employee_id

    def members(self, *codes: str) -> list[Employee]:
        ids = {self.units[code].id for code in codes}
        return [e for e in self.people.values() if e.unit_id in ids and e.active]


async def assess(session: AsyncSession, clock: FakeClock, employee: Employee, k: int, *,
                 on: date = TODAY) -> ScoreResult:
    from bot.storage.assessments import record_assessment

    profile = Profile(position=employee.position_type, education=EDUCATIONS[k % 5],
                      performance=Performance(year=2025, predicate=PREDICATES[(k * 3) % 5]),
                      employment_status=employee.employment_status)
    result = score(profile, as_of=on)
    assert employee.id is not None
    await record_assessment(session, employee.id, profile, result, triggered_by="test", clock=clock)
    clock.advance(timedelta(minutes=1))
    return result


async def train(session: AsyncSession, employee: Employee, jp: float, on: date) -> None:
    assert employee.id is not None
    session.add(TrainingRecord(employee_id=employee.id, kind="teknis", title="Bimtek", end_date=on, jp=jp,
                               source=RecordSource.IMPORT, created_by="test"))
    await session.flush()


@pytest.fixture
async def agency(session: AsyncSession, clock: FakeClock, make_unit: MakeUnit,
                 make_employee: MakeEmployee) -> Agency:
    a = Agency()
    a.units["DIK"] = await make_unit("DIK", name="Dinas Pendidikan")
    a.units["SD"] = await make_unit("DIK-SD", name="Seksi SD", parent=a.units["DIK"])
    a.units["SMP"] = await make_unit("DIK-SMP", name="Seksi SMP", parent=a.units["DIK"])
    a.units["KES"] = await make_unit("KES", name="Dinas Kesehatan")
    a.units["EMPTY"] = await make_unit("KOSONG", name="Unit Kosong")
    head = a.people["head"] = await make_employee(unit=a.units["DIK"], name="Kepala Dinas",
                                                  position_type=Position.JPT_PRATAMA, telegram_user_id=9001)
    for section in ("SD", "SMP"):
        boss = a.people[f"{section}-boss"] = await make_employee(
            unit=a.units[section], supervisor=head, name=f"Kepala {section}", position_type=Position.PENGAWAS,
            telegram_user_id=9100 + len(a.people))
        for n in range(5):
            status = [EmploymentStatus.PNS, EmploymentStatus.PNS, EmploymentStatus.CPNS, EmploymentStatus.PNS,
                      EmploymentStatus.PPPK][n]
            a.people[f"{section}-{n}"] = await make_employee(
                unit=a.units[section], supervisor=boss, name=f"Staf {section} {n}", employment_status=status,
                telegram_user_id=9200 + len(a.people) if n != 4 else None)
    for n in range(4):
        a.people[f"KES-{n}"] = await make_employee(unit=a.units["KES"], name=f"Staf KES {n}",
                                                   telegram_user_id=9300 + n)
    a.people["nobody"] = await make_employee(name="Tanpa Unit", telegram_user_id=9400)
    a.people["gone"] = await make_employee(unit=a.units["KES"], name="Sudah Pensiun", active=False,
                                           telegram_user_id=9401)
    a.people["KES-3"].telegram_blocked_at = clock.now()
    # assessments: some twice (the later counts), CPNS/PPPK results unofficial, some never assessed
    for k, name in enumerate(["head", "SD-boss", "SD-0", "SD-1", "SD-2", "SD-4", "SMP-boss", "SMP-0", "KES-0",
                              "KES-1", "nobody", "gone"]):
        if name in ("SD-0", "KES-0"):
            await assess(session, clock, a.people[name], k + 7, on=date(2025, 6, 1))  # superseded below
        a.latest[a.id(name)] = await assess(session, clock, a.people[name], k,
                                            on=date(2025, 10, 1) if name == "KES-1" else TODAY)
    # JP this year: SD-0 has 24, SD-1 has 8 (+30 last year, which does not count), KES-0 exactly 20
    await train(session, a.people["SD-0"], 24, date(2026, 3, 1))
    await train(session, a.people["SD-1"], 8, date(2026, 5, 1))
    await train(session, a.people["SD-1"], 30, date(2025, 5, 1))
    await train(session, a.people["KES-0"], 20, date(2026, 11, 1))
    await train(session, a.people["KES-2"], 50, date(2026, 12, 20))  # after today: not yet
    await session.commit()
    return a
