"""Records → scoring `Profile`: the only place that maps what is stored to what scoring reads.

The bot never adds up points; it builds a profile here and hands it to `scoring.score`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Employee, PenaltyRecord, PerformanceRecord, TrainingRecord
from scoring.models import Penalty, Performance, Profile, Training

_IN_CHUNK = 1_000  # ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits


class EmployeeNotFound(LookupError):
    pass


def training_of(record: TrainingRecord) -> Training:
    """A stored training as scoring sees it: dated by its END date (rules §2 counts by end date)."""
    return Training(
        kind=record.kind,
        date=record.end_date,
        jp=record.jp,
        level=record.level,
        matches_position=record.matches_position,
        title=record.title,
    )


def latest_performance(records: Iterable[PerformanceRecord], as_of: date | None = None) -> Performance | None:
    """The most recent year's appraisal (rules §3), ignoring years after `as_of` when it is given."""
    usable = [r for r in records if as_of is None or r.year <= as_of.year]
    if not usable:
        return None
    latest = max(usable, key=lambda r: r.year)
    return Performance(year=latest.year, predicate=latest.predicate, score=latest.score)


def profile_from_records(
    employee: Employee,
    trainings: Iterable[TrainingRecord] = (),
    performances: Iterable[PerformanceRecord] = (),
    penalties: Iterable[PenaltyRecord] = (),
    *,
    as_of: date | None = None,
) -> Profile:
    """The pure mapping. Self-entered and imported records count alike; scoring applies the windows."""
    ordered = sorted(trainings, key=lambda r: (r.end_date, r.id or 0))
    return Profile(
        position=employee.position_type,
        education=employee.education,
        trainings=tuple(training_of(record) for record in ordered),
        performance=latest_performance(performances, as_of),
        penalties=tuple(
            Penalty(level=record.level, date=record.effective_date)
            for record in sorted(penalties, key=lambda r: (r.effective_date, r.id or 0))
        ),
        employment_status=employee.employment_status,
        functional_family=employee.functional_family,
    )


async def build_profile(session: AsyncSession, employee_id: int, *, as_of: date | None = None) -> Profile:
    """The scoring profile of one employee, from the database (four small indexed queries)."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise EmployeeNotFound(f"no employee with id {employee_id}")
    trainings = await session.exec(select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee_id))
    performances = await session.exec(
        select(PerformanceRecord).where(col(PerformanceRecord.employee_id) == employee_id)
    )
    penalties = await session.exec(select(PenaltyRecord).where(col(PenaltyRecord.employee_id) == employee_id))
    return profile_from_records(employee, trainings.all(), performances.all(), penalties.all(), as_of=as_of)


async def build_profiles(
    session: AsyncSession, employee_ids: Sequence[int], *, as_of: date | None = None
) -> dict[int, Profile]:
    """Profiles of many employees at once (unit statistics): four queries per 1,000 ids, not per person."""
    profiles: dict[int, Profile] = {}
    for start in range(0, len(employee_ids), _IN_CHUNK):
        chunk = list(employee_ids[start : start + _IN_CHUNK])
        employees = (await session.exec(select(Employee).where(col(Employee.id).in_(chunk)))).all()
        trainings: defaultdict[int, list[TrainingRecord]] = defaultdict(list)
        performances: defaultdict[int, list[PerformanceRecord]] = defaultdict(list)
        penalties: defaultdict[int, list[PenaltyRecord]] = defaultdict(list)
        for t in (await session.exec(select(TrainingRecord).where(col(TrainingRecord.employee_id).in_(chunk)))).all():
            trainings[t.employee_id].append(t)
        for p in (
            await session.exec(select(PerformanceRecord).where(col(PerformanceRecord.employee_id).in_(chunk)))
        ).all():
            performances[p.employee_id].append(p)
        for d in (await session.exec(select(PenaltyRecord).where(col(PenaltyRecord.employee_id).in_(chunk)))).all():
            penalties[d.employee_id].append(d)
        for employee in employees:
            assert employee.id is not None
            profiles[employee.id] = profile_from_records(
                employee,
                trainings[employee.id],
                performances[employee.id],
                penalties[employee.id],
                as_of=as_of,
            )
    return profiles
