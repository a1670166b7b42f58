"""The tables behave alike on SQLite and PostgreSQL: enum values as text, aware UTC times, constraints."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.base import core_connection, table_of
from bot.storage.models import (
    Assessment,
    Employee,
    EmployeeBase,
    ImmutableRecordError,
    PenaltyRecordBase,
    PerformanceRecordBase,
    SkpSystem,
    TrainingRecordBase,
)
from bot.storage.samples import MakeEmployee, MakeUnit, both_figures
from scoring.models import (
    Education,
    EmploymentStatus,
    LeadershipLevel,
    PenaltyLevel,
    Position,
    Predicate,
    TrainingKind,
)


async def test_enums_are_stored_as_their_values_and_loaded_as_members(
    session: AsyncSession, make_employee: MakeEmployee
) -> None:
    employee = await make_employee(position_type=Position.JPT_PRATAMA, education=Education.S2)
    await session.commit()
    raw = (
        await (await core_connection(session)).execute(
            sa.text("SELECT position_type, education FROM employee WHERE id = :id"), {"id": employee.id}
        )
    ).one()
    assert tuple(raw) == ("jpt_pratama", "s2")
    session.expunge_all()
    loaded = await session.get(Employee, employee.id)
    assert loaded is not None and loaded.position_type is Position.JPT_PRATAMA


async def test_timestamps_come_back_aware_in_utc(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee(linked_at=clock.now(), telegram_user_id=7_000_000_001)
    await session.commit()
    session.expunge_all()
    loaded = await session.get(Employee, employee.id)
    assert loaded is not None and loaded.linked_at is not None
    assert loaded.linked_at.utcoffset() is not None
    assert loaded.linked_at == clock.now()
    assert loaded.linked_at.tzinfo == UTC
    assert loaded.telegram_user_id == 7_000_000_001  # above 2**31: a BIGINT


async def test_nip_and_telegram_account_are_unique(session: AsyncSession, make_employee: MakeEmployee) -> None:
    first = await make_employee(telegram_user_id=42)
    await session.commit()
    with pytest.raises(IntegrityError):
        await make_employee(nip=first.nip)
    await session.rollback()
    with pytest.raises(IntegrityError):
        await make_employee(telegram_user_id=42)


async def test_foreign_keys_are_enforced_on_sqlite_too(session: AsyncSession, make_employee: MakeEmployee) -> None:
    with pytest.raises(IntegrityError):
        await make_employee(unit_id=987_654)


async def test_deleting_a_supervisor_leaves_the_report_without_one(
    session: AsyncSession, make_employee: MakeEmployee
) -> None:
    boss = await make_employee()
    report = await make_employee(supervisor=boss)
    await session.commit()
    employee = table_of(Employee)
    await (await core_connection(session)).execute(sa.delete(employee).where(employee.c.id == boss.id))
    await session.commit()
    await session.refresh(report)
    assert report.supervisor_id is None


async def test_an_assessment_cannot_be_changed(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee()
    assessment = Assessment(
        employee_id=employee.id or 0,
        as_of=date(2026, 11, 28),
        ruleset_id="perban-bkn-8-2019",
        **both_figures({"position": "pelaksana"}, 41.0, "Sangat Rendah", 15, 0, 25, 1),
        official=True,
        triggered_by="cli",
        created_at=clock.now(),
    )
    session.add(assessment)
    await session.commit()
    assessment.total = 99.0
    session.add(assessment)
    with pytest.raises(ImmutableRecordError):
        await session.flush()


def test_employee_input_is_validated_with_aliases_and_the_nip_rules() -> None:
    employee = EmployeeBase.model_validate(
        {
            "nip": "19850717 201001 2 004",
            "name": "  Siti   Aminah ",
            "employment_status": "pns",
            "position_type": "Eselon IV",
            "education": "S-1",
            "functional_family": "Guru",
        }
    )
    assert employee.nip == "198507172010012004"
    assert employee.name == "Siti Aminah"
    assert employee.position_type is Position.PENGAWAS
    assert employee.education is Education.S1
    assert employee.functional_family == "guru"
    pppk = EmployeeBase.model_validate(
        {
            "nip": "198507172021212004",
            "name": "A",
            "employment_status": "P3K",
            "position_type": "jft",
            "education": "d3",
        }
    )
    assert pppk.employment_status is EmploymentStatus.PPPK
    with pytest.raises(ValidationError, match="appointment month 21"):
        EmployeeBase.model_validate(
            {"nip": "198507172021212004", "name": "A", "position_type": "jft", "education": "d3"}
        )
    with pytest.raises(ValidationError, match="unknown employment status"):
        EmployeeBase.model_validate(
            {
                "nip": "198507172010012004",
                "name": "A",
                "employment_status": "honorer",
                "position_type": "jft",
                "education": "d3",
            }
        )


def test_training_input_reuses_the_scoring_rules() -> None:
    training = TrainingRecordBase.model_validate(
        {
            "kind": "Diklat Kepemimpinan",
            "title": "PKA",
            "end_date": date(2025, 5, 1),
            "hours": 3,
            "level": "Diklatpim III",
        }
    )
    assert (training.kind, training.level, training.jp) == (TrainingKind.KEPEMIMPINAN, LeadershipLevel.PKA, 4.0)
    with pytest.raises(ValidationError, match="needs a level"):
        TrainingRecordBase.model_validate({"kind": "kepemimpinan", "title": "x", "end_date": date(2025, 5, 1), "jp": 1})
    with pytest.raises(ValidationError, match="start date is after end date"):
        TrainingRecordBase.model_validate(
            {
                "kind": "teknis",
                "title": "x",
                "start_date": date(2025, 5, 2),
                "end_date": date(2025, 5, 1),
                "jp": 1,
            }
        )
    hours = TrainingRecordBase.model_validate(
        {"kind": "teknis", "title": "x", "end_date": date(2025, 5, 1), "hours": 3}
    )
    assert hours.jp == 4.0
    assert (
        TrainingRecordBase.model_validate(
            {"kind": "kepemimpinan", "title": "PKA", "end_date": date(2025, 5, 1), "jp": 0, "level": "pka"}
        ).level
        is LeadershipLevel.PKA
    )


def test_performance_input_needs_a_predicate_after_2019() -> None:
    old = PerformanceRecordBase.model_validate({"year": 2018, "score": 88.5})
    assert old.system is SkpSystem.PP46_2011
    new = PerformanceRecordBase.model_validate({"year": 2024, "predicate": "Sangat Baik"})
    assert (new.system, new.predicate) == (SkpSystem.PERMENPANRB6_2022, Predicate.SANGAT_BAIK)
    with pytest.raises(ValidationError, match="give the predicate for 2021"):
        PerformanceRecordBase.model_validate({"year": 2021, "score": 110 / 1.2})
    with pytest.raises(ValidationError, match="not both"):
        PerformanceRecordBase.model_validate({"year": 2018, "score": 80, "predicate": "baik"})


def test_penalty_levels_are_read_from_longer_labels() -> None:
    assert (
        PenaltyRecordBase.model_validate({"level": "Hukuman Disiplin Sedang", "effective_date": date(2024, 1, 1)}).level
        is PenaltyLevel.SEDANG
    )
    with pytest.raises(ValidationError, match="is not a penalty level"):
        PenaltyRecordBase.model_validate({"level": "ringan atau berat", "effective_date": date(2024, 1, 1)})
    with pytest.raises(ValidationError, match="'sangat berat' is not a penalty level"):  # not stored as berat
        PenaltyRecordBase.model_validate({"level": "sangat berat", "effective_date": date(2024, 1, 1)})


async def test_make_unit_builds_a_tree(session: AsyncSession, make_unit: MakeUnit) -> None:
    root = await make_unit("DIK", name="Dinas Pendidikan")
    child = await make_unit("DIK-SD", parent=root)
    assert child.parent_id == root.id
    assert datetime.now(UTC) >= child.created_at
