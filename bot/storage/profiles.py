"""Records and claims → scoring `Profile`s: the only place that maps what is stored to what scoring reads.

The bot never adds up points; it builds profiles here and hands them to `scoring.score`. One employee has
three (docs/ipasn-rules.md, "Provenance and the two figures"):

- *declared*: official records, and the employee's claims that are pending or verified (their own answers);
- *verified*: official records and verified claims only;
- *official*: official records alone (what tells an indicator resting on a verified claim from one resting
  on HR's records).

A claim that is in force for a basis also overturns what it contradicts there: a dispute its record, an
appraisal claim the official appraisal of its year, "no appraisal" every appraisal on record when it was
made, an education or position claim the roster's value. A closed claim (an official import now contains it)
counts no more on its own: the official record does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import table_of
from bot.storage.models import (
    OFFICIAL_SOURCES,
    Claim,
    ClaimKind,
    ClaimStatus,
    Employee,
    PenaltyRecord,
    PerformanceRecord,
    RecordKind,
    TrainingRecord,
)
from scoring.models import Education, Penalty, Performance, Position, Profile, Training

_IN_CHUNK = 1_000  # ids per IN (...) list: far below SQLite's and PostgreSQL's parameter limits


class EmployeeNotFound(LookupError):
    pass


class Basis(StrEnum):
    """Which claims a figure counts besides the official records (INDEX_BASIS chooses the headline)."""

    DECLARED = "declared"
    VERIFIED = "verified"
    OFFICIAL = "official"


_IN_FORCE: dict[Basis, frozenset[ClaimStatus]] = {
    Basis.DECLARED: frozenset({ClaimStatus.PENDING, ClaimStatus.VERIFIED}),
    Basis.VERIFIED: frozenset({ClaimStatus.VERIFIED}),
    Basis.OFFICIAL: frozenset(),
}


def in_force(claim: Claim, basis: Basis) -> bool:
    """Whether the claim counts in a figure of this basis."""
    return claim.status in _IN_FORCE[basis] and claim.closed_at is None


@dataclass(frozen=True)
class Profiles:
    declared: Profile
    verified: Profile
    official: Profile

    def of(self, basis: Basis) -> Profile:
        return {Basis.DECLARED: self.declared, Basis.VERIFIED: self.verified, Basis.OFFICIAL: self.official}[basis]


Record = TrainingRecord | PerformanceRecord | PenaltyRecord
_KIND_OF: dict[type[Any], RecordKind] = {
    TrainingRecord: RecordKind.TRAINING, PerformanceRecord: RecordKind.SKP, PenaltyRecord: RecordKind.PENALTY,
}


def record_kind(record: Record) -> RecordKind:
    return _KIND_OF[type(record)]


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
    """The most recent year's appraisal (rules §3), ignoring years after `as_of` when it is given; of two
    for one year (a claim that names no official record, and one imported since), the later entered."""
    usable = [r for r in records if as_of is None or r.year <= as_of.year]
    if not usable:
        return None
    latest = max(usable, key=lambda r: (r.year, r.updated_at, r.id or 0))
    return Performance(year=latest.year, predicate=latest.predicate, score=latest.score)


class Standing:
    """One employee's claims, answering what counts in a figure of each basis."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self.claims = sorted(claims, key=lambda c: (c.created_at, c.id or 0))
        self.by_id = {c.id: c for c in self.claims}

    def counts(self, record: Record, basis: Basis) -> bool:
        """Whether the record is part of a figure of this basis."""
        if record.source not in OFFICIAL_SOURCES:
            claim = self.by_id.get(record.claim_id)
            if claim is None:  # an own record that lost its claim: the employee's word, never verified
                if basis is not Basis.DECLARED:
                    return False
            elif not in_force(claim, basis):
                return False
        return not self.overturned(record, basis)

    def overturned(self, record: Record, basis: Basis) -> bool:
        """Whether a claim in force for this basis says the record is not right (or not theirs)."""
        kind = record_kind(record)
        for claim in self.claims:
            if claim.id == record.claim_id or not in_force(claim, basis):
                continue
            if claim.target_kind is kind and claim.target_id == record.id and claim.kind in (
                    ClaimKind.DISPUTE, ClaimKind.SKP, ClaimKind.NO_SKP):
                return True
            if (claim.kind is ClaimKind.NO_SKP and isinstance(record, PerformanceRecord)
                    and record.updated_at <= claim.created_at):
                return True
        return False

    def fact(self, kind: ClaimKind, official: str, basis: Basis) -> str:
        """Education or position type: the latest claim in force for the basis, else the roster's."""
        value = official
        for claim in self.claims:
            if claim.kind is kind and claim.value and in_force(claim, basis):
                value = claim.value
        return value


def declared_join(training: sa.Table) -> sa.FromClause:
    """`training_record` joined to its own claim, for `declared_trainings`."""
    claim = table_of(Claim)
    return training.outerjoin(claim, claim.c.id == training.c.claim_id)


def declared_trainings(training: sa.Table) -> sa.ColumnElement[bool]:
    """In SQL, the trainings `Standing.counts` puts in a declared figure (the yearly JP of many people at once):
    official ones not disputed, and the employee's own whose claim is pending or verified and not closed."""
    claim, dispute = table_of(Claim), table_of(Claim).alias("dispute")
    statuses = sorted(status.value for status in _IN_FORCE[Basis.DECLARED])
    own_counts = sa.or_(training.c.claim_id.is_(None),
                        sa.and_(claim.c.status.in_(statuses), claim.c.closed_at.is_(None)))
    disputed = (sa.select(dispute.c.id)
                .where(dispute.c.target_kind == RecordKind.TRAINING.value, dispute.c.target_id == training.c.id,
                       dispute.c.status.in_(statuses), dispute.c.closed_at.is_(None))
                .exists())
    return sa.and_(own_counts, ~disputed)


def profile_from_records(
    employee: Employee,
    trainings: Iterable[TrainingRecord] = (),
    performances: Iterable[PerformanceRecord] = (),
    penalties: Iterable[PenaltyRecord] = (),
    claims: Iterable[Claim] = (),
    *,
    as_of: date | None = None,
    basis: Basis = Basis.DECLARED,
) -> Profile:
    """The pure mapping for one basis; scoring applies the windows."""
    return profiles_from_records(employee, trainings, performances, penalties, claims, as_of=as_of).of(basis)


def profiles_from_records(
    employee: Employee,
    trainings: Iterable[TrainingRecord] = (),
    performances: Iterable[PerformanceRecord] = (),
    penalties: Iterable[PenaltyRecord] = (),
    claims: Iterable[Claim] = (),
    *,
    as_of: date | None = None,
) -> Profiles:
    """The declared, verified and official profiles of one employee (pure)."""
    standing = Standing(claims)
    ordered = sorted(trainings, key=lambda r: (r.end_date, r.id or 0))
    performances = list(performances)
    penalties = sorted(penalties, key=lambda r: (r.effective_date, r.id or 0))

    def one(basis: Basis) -> Profile:
        return Profile(
            position=Position(standing.fact(ClaimKind.POSITION, employee.position_type, basis)),
            education=Education(standing.fact(ClaimKind.EDUCATION, employee.education, basis)),
            trainings=tuple(training_of(r) for r in ordered if standing.counts(r, basis)),
            performance=latest_performance((r for r in performances if standing.counts(r, basis)), as_of),
            penalties=tuple(Penalty(level=r.level, date=r.effective_date) for r in penalties
                            if standing.counts(r, basis)),
            employment_status=employee.employment_status,
            functional_family=employee.functional_family,
        )

    return Profiles(one(Basis.DECLARED), one(Basis.VERIFIED), one(Basis.OFFICIAL))


@dataclass
class Holdings:
    """Everything stored about one employee that scoring reads, and their claims."""

    employee: Employee
    trainings: list[TrainingRecord]
    performances: list[PerformanceRecord]
    penalties: list[PenaltyRecord]
    claims: list[Claim]

    def profiles(self, as_of: date | None = None) -> Profiles:
        return profiles_from_records(self.employee, self.trainings, self.performances, self.penalties,
                                     self.claims, as_of=as_of)


async def holdings(session: AsyncSession, employee_id: int) -> Holdings:
    """One employee's records and claims (five small indexed queries)."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise EmployeeNotFound(f"no employee with id {employee_id}")
    trainings = await session.exec(select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee_id))
    performances = await session.exec(
        select(PerformanceRecord).where(col(PerformanceRecord.employee_id) == employee_id))
    penalties = await session.exec(select(PenaltyRecord).where(col(PenaltyRecord.employee_id) == employee_id))
    claims = await session.exec(select(Claim).where(col(Claim.employee_id) == employee_id))
    return Holdings(employee, list(trainings.all()), list(performances.all()), list(penalties.all()),
                    list(claims.all()))


async def build_both(session: AsyncSession, employee_id: int, *, as_of: date | None = None) -> Profiles:
    """The three profiles of one employee, from the database."""
    return (await holdings(session, employee_id)).profiles(as_of)


async def build_profile(
    session: AsyncSession, employee_id: int, *, as_of: date | None = None, basis: Basis = Basis.DECLARED
) -> Profile:
    """The scoring profile of one employee for one basis (default: what the employee declared)."""
    return (await build_both(session, employee_id, as_of=as_of)).of(basis)


async def build_profiles(
    session: AsyncSession, employee_ids: Sequence[int], *, as_of: date | None = None, basis: Basis = Basis.DECLARED
) -> dict[int, Profile]:
    """Profiles of many employees at once: five queries per 1,000 ids, not per person."""
    profiles: dict[int, Profile] = {}
    for start in range(0, len(employee_ids), _IN_CHUNK):
        chunk = list(employee_ids[start : start + _IN_CHUNK])
        employees = (await session.exec(select(Employee).where(col(Employee.id).in_(chunk)))).all()
        found: dict[type[Any], defaultdict[int, list[Any]]] = {}
        models: tuple[type[Any], ...] = (TrainingRecord, PerformanceRecord, PenaltyRecord, Claim)
        for model in models:
            rows: defaultdict[int, list[Any]] = defaultdict(list)
            for row in (await session.exec(select(model).where(col(model.employee_id).in_(chunk)))).all():
                rows[row.employee_id].append(row)
            found[model] = rows
        for employee in employees:
            assert employee.id is not None
            profiles[employee.id] = profile_from_records(
                employee, *(found[model][employee.id] for model in models),
                as_of=as_of, basis=basis)
    return profiles
