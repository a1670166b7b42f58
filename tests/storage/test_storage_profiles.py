"""Records → scoring Profile, the only mapping between what is stored and what scoring reads."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import (
    Employee,
    PenaltyRecord,
    PerformanceRecord,
    RecordSource,
    SkpSystem,
    TrainingRecord,
)
from bot.storage.profiles import EmployeeNotFound, build_profile, build_profiles, profile_from_records
from bot.storage.samples import MakeEmployee
from scoring import score
from scoring.models import (
    Education,
    EmploymentStatus,
    LeadershipLevel,
    PenaltyLevel,
    Position,
    Predicate,
    TrainingKind,
)


def training(
    employee_id: int, end: date, *, jp: float = 10, source: RecordSource = RecordSource.IMPORT, **kw: object
) -> TrainingRecord:
    values: dict[str, object] = {
        "employee_id": employee_id,
        "kind": TrainingKind.TEKNIS,
        "title": "Pelatihan",
        "start_date": date(2000, 1, 1),
        "end_date": end,
        "jp": jp,
        "source": source,
        "created_by": "cli",
        **kw,
    }
    return TrainingRecord(**values)


async def add_records(session: AsyncSession, employee: Employee) -> None:
    assert employee.id is not None
    session.add_all(
        [
            training(employee.id, date(2026, 3, 10), jp=12, source=RecordSource.SELF),
            training(employee.id, date(2026, 1, 5), jp=9),
            training(
                employee.id,
                date(2019, 5, 1),
                jp=0,
                kind=TrainingKind.KEPEMIMPINAN,
                level=LeadershipLevel.PKA,
                title="PKA",
            ),
            PerformanceRecord(
                employee_id=employee.id,
                year=2024,
                system=SkpSystem.PERMENPANRB6_2022,
                predicate=Predicate.BAIK,
                source=RecordSource.IMPORT,
                created_by="cli",
            ),
            PerformanceRecord(
                employee_id=employee.id,
                year=2025,
                system=SkpSystem.PERMENPANRB6_2022,
                predicate=Predicate.SANGAT_BAIK,
                source=RecordSource.SELF,
                created_by="cli",
            ),
            PenaltyRecord(
                employee_id=employee.id,
                level=PenaltyLevel.RINGAN,
                effective_date=date(2023, 2, 1),
                source=RecordSource.IMPORT,
                created_by="cli",
            ),
        ]
    )
    await session.flush()


async def test_a_profile_has_every_record_dated_as_scoring_expects(
    session: AsyncSession, make_employee: MakeEmployee
) -> None:
    employee = await make_employee(position_type=Position.ADMINISTRATOR, education=Education.S2, functional_family=None)
    await add_records(session, employee)
    assert employee.id is not None
    profile = await build_profile(session, employee.id)
    assert profile.position is Position.ADMINISTRATOR and profile.education is Education.S2
    # trainings are dated by their END date (rules §2), oldest first; self-entered ones count too
    assert [(t.date, t.jp) for t in profile.trainings] == [
        (date(2019, 5, 1), 0),
        (date(2026, 1, 5), 9),
        (date(2026, 3, 10), 12),
    ]
    assert profile.trainings[0].level is LeadershipLevel.PKA
    assert profile.performance is not None and profile.performance.year == 2025
    assert profile.performance.predicate is Predicate.SANGAT_BAIK
    assert [(p.level, p.date) for p in profile.penalties] == [(PenaltyLevel.RINGAN, date(2023, 2, 1))]
    result = score(profile, as_of=date(2026, 11, 28))
    assert result.dimension_points["kinerja"] == 30  # the latest appraisal, Sangat Baik
    assert result.dimension_points["kompetensi"] == 30  # PKA (15) + 21 JP technical in 12 months (15)


async def test_as_of_picks_the_appraisal_of_that_time(session: AsyncSession, make_employee: MakeEmployee) -> None:
    employee = await make_employee()
    await add_records(session, employee)
    assert employee.id is not None
    profile = await build_profile(session, employee.id, as_of=date(2024, 12, 31))
    assert profile.performance is not None and profile.performance.year == 2024


async def test_status_and_family_reach_the_profile(session: AsyncSession, make_employee: MakeEmployee) -> None:
    employee = await make_employee(
        employment_status=EmploymentStatus.PPPK, position_type=Position.FUNGSIONAL, functional_family="guru"
    )
    assert employee.id is not None
    profile = await build_profile(session, employee.id)
    assert (profile.employment_status, profile.functional_family) == (EmploymentStatus.PPPK, "guru")
    assert profile.performance is None and profile.trainings == () and profile.penalties == ()


async def test_many_profiles_at_once_match_one_by_one(session: AsyncSession, make_employee: MakeEmployee) -> None:
    employees = [await make_employee() for _ in range(3)]
    await add_records(session, employees[1])
    ids = [e.id for e in employees if e.id is not None]
    many = await build_profiles(session, ids)
    assert set(many) == set(ids)
    for employee_id in ids:
        assert many[employee_id] == await build_profile(session, employee_id)


async def test_an_unknown_employee_is_an_error(session: AsyncSession) -> None:
    with pytest.raises(EmployeeNotFound):
        await build_profile(session, 424242)


def test_the_pure_mapping_needs_no_database() -> None:
    employee = Employee(
        id=1, nip="198507172010012004", name="A", position_type=Position.PELAKSANA, education=Education.SLTA
    )
    profile = profile_from_records(employee, [training(1, date(2026, 1, 1), jp=20)])
    assert profile.trainings[0].date == date(2026, 1, 1)
    assert profile.employment_status is EmploymentStatus.PNS
