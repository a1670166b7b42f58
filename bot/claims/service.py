"""An employee's own claims: made from their answers, corrected, withdrawn, disputed. No Telegram here.

An answer never changes an official record (`RecordSource.IMPORT`/`HR`). What an employee adds is a record of
theirs with a pending claim; an answer that differs from an official record (another education level or
position type than the roster's, another appraisal for a year, "no appraisal") is a claim beside it. A new
answer replaces the employee's own pending claim of the same matter (withdrawn, so reviewers never see a
statement its author no longer makes), and an answer that agrees with what already counts as verified makes
no claim at all. Every change is in the audit log with the old and the new values, and who made it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims.similar import looks_same
from bot.storage.audit import audit, employee_actor
from bot.storage.models import (
    OFFICIAL_SOURCES,
    Claim,
    ClaimKind,
    ClaimStatus,
    Employee,
    PenaltyRecord,
    PerformanceRecord,
    RecordKind,
    RecordSource,
    TrainingRecord,
)
from bot.storage.profiles import Basis, Record, Standing, record_kind

_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.TRAINING: ("kind", "title", "jp", "start_date", "end_date", "level", "matches_position", "organiser",
                          "certificate_number", "certificate_file_id"),
    RecordKind.SKP: ("year", "system", "predicate", "score"),
    RecordKind.PENALTY: ("level", "effective_date", "description"),
}
_MODEL: dict[RecordKind, type[Any]] = {
    RecordKind.TRAINING: TrainingRecord, RecordKind.SKP: PerformanceRecord, RecordKind.PENALTY: PenaltyRecord,
}
_RECORD_OF_CLAIM: dict[ClaimKind, RecordKind] = {
    ClaimKind.TRAINING: RecordKind.TRAINING, ClaimKind.SKP: RecordKind.SKP, ClaimKind.PENALTY: RecordKind.PENALTY,
}


class ClaimProblem(ValueError):
    """A change the employee asked for that cannot be made; `key` names the catalog message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def values_of(record: Record) -> dict[str, Any]:
    """The record's content, JSON-ready: what the audit log keeps as the old and the new value."""
    return record.model_dump(mode="json", include=set(_FIELDS[record_kind(record)]))


def model_of(kind: RecordKind) -> type[Any]:
    return _MODEL[kind]


async def own_claims(session: AsyncSession, employee_id: int) -> list[Claim]:
    return list((await session.exec(select(Claim).where(col(Claim.employee_id) == employee_id))).all())


async def record_of(session: AsyncSession, claim: Claim) -> Record | None:
    """The record a training, appraisal or penalty claim consists of."""
    kind = _RECORD_OF_CLAIM.get(claim.kind)
    if kind is None:
        return None
    model = _MODEL[kind]
    return (await session.exec(select(model).where(col(model.claim_id) == claim.id))).first()


async def target_of(session: AsyncSession, claim: Claim) -> Record | None:
    """The record a claim differs from or disputes (None: none, or it no longer exists)."""
    if claim.target_kind is None or claim.target_id is None:
        return None
    return await session.get(_MODEL[claim.target_kind], claim.target_id)


def new_claim(employee_id: int, kind: ClaimKind, now: datetime, **fields: Any) -> Claim:
    """A pending claim the employee makes: every claim starts so, whichever module makes it (here, corrections)."""
    return Claim(employee_id=employee_id, kind=kind, status=ClaimStatus.PENDING,
                 created_by=employee_actor(employee_id), created_at=now, updated_at=now, **fields)


def audit_claim(session: AsyncSession, claim: Claim, action: str, now: datetime, *, actor: str | None = None,
                **details: Any) -> None:
    """The audit entry of a change to a claim, by its author unless `actor` says otherwise (a reviewer, an
    import): one shape, so the claim's history reads the same whoever wrote it."""
    audit(session, actor=actor or employee_actor(claim.employee_id), action=action, at=now,
          target_employee_id=claim.employee_id,
          details={"claim_id": claim.id, "kind": claim.kind.value, **details})


async def _add_with_record(session: AsyncSession, claim: Claim, record: Record, now: datetime) -> Claim:
    session.add(claim)
    await session.flush()
    record.claim_id = claim.id
    session.add(record)
    await session.flush()
    audit_claim(session, claim, "claim.create", now, record_id=record.id, old=None, new=values_of(record),
                official=claim.official)
    return claim


def validated_record(model: type[Any], fields: Mapping[str, Any]) -> Any:
    """The record of `model` the employee's fields make, or `ClaimProblem('claim.invalid')`: a new record and a
    correction are validated alike. model_validate, not the constructor: table models skip validation when built
    directly."""
    try:
        return model.model_validate(dict(fields))
    except ValidationError as error:
        raise ClaimProblem("claim.invalid", reason=str(error.errors()[0]["msg"])) from None


async def add_training(
    session: AsyncSession, employee_id: int, fields: Mapping[str, Any], *, now: datetime,
    evidence_kind: str | None = None,
) -> TrainingRecord:
    """A learning activity the employee logged: their record, with a pending claim."""
    record = validated_record(TrainingRecord, {**fields, "employee_id": employee_id, "source": RecordSource.SELF,
                                               "created_by": employee_actor(employee_id), "created_at": now,
                                               "updated_at": now})
    evidence = {"evidence_kind": evidence_kind} if record.certificate_file_id and evidence_kind else {}
    await _add_with_record(session, new_claim(employee_id, ClaimKind.TRAINING, now, **evidence), record, now)
    return record  # type: ignore[no-any-return]


async def add_penalty(session: AsyncSession, employee_id: int, fields: Mapping[str, Any], *,
                      now: datetime) -> PenaltyRecord:
    """A penalty the employee declared: their record, with a pending claim (it lowers the declared figure)."""
    record = validated_record(PenaltyRecord, {**fields, "employee_id": employee_id, "source": RecordSource.SELF,
                                              "created_by": employee_actor(employee_id), "created_at": now})
    await _add_with_record(session, new_claim(employee_id, ClaimKind.PENALTY, now), record, now)
    return record  # type: ignore[no-any-return]


async def withdraw(session: AsyncSession, claim: Claim, *, now: datetime, why: str = "withdrawn") -> None:
    """The employee no longer makes this statement (a pending or rejected claim): it counts nowhere."""
    if claim.status not in (ClaimStatus.PENDING, ClaimStatus.REJECTED):
        raise ClaimProblem("claim.not_withdrawable", status=claim.status.value)
    old = claim.status
    claim.status, claim.updated_at = ClaimStatus.WITHDRAWN, now
    session.add(claim)
    audit_claim(session, claim, "claim.withdraw", now, old={"status": old.value},
                new={"status": ClaimStatus.WITHDRAWN.value}, why=why)


async def _replace_pending(session: AsyncSession, claims: Sequence[Claim], keep: Claim | None, now: datetime) -> None:
    for claim in claims:
        if claim is not keep and claim.status is ClaimStatus.PENDING:
            await withdraw(session, claim, now=now, why="replaced by a new answer")


async def state_fact(
    session: AsyncSession, employee: Employee, kind: ClaimKind, answer: str, *, now: datetime
) -> Claim | None:
    """The education level or position type the employee answered: a claim when it differs from what counts
    as verified (the roster's, or a verified claim's); their earlier pending claim of it gives way."""
    assert employee.id is not None and kind in (ClaimKind.EDUCATION, ClaimKind.POSITION)
    official = str(employee.education if kind is ClaimKind.EDUCATION else employee.position_type)
    claims = [c for c in await own_claims(session, employee.id) if c.kind is kind]
    keep = next((c for c in claims if c.status is ClaimStatus.PENDING and c.value == answer), None)
    await _replace_pending(session, claims, keep, now)
    if keep is not None or answer == Standing(claims).fact(kind, official, Basis.VERIFIED):
        return keep
    claim = new_claim(employee.id, kind, now, value=answer, official={kind.value: official})
    session.add(claim)
    await session.flush()
    audit_claim(session, claim, "claim.create", now, old={kind.value: official}, new={kind.value: answer})
    return claim


@dataclass(frozen=True)
class Appraisal:
    """An appraisal as the employee states it: a year with a predicate, or an old numeric score (≤ 2019)."""

    year: int
    predicate: str | None = None
    score: float | None = None

    def same_as(self, record: PerformanceRecord) -> bool:
        predicate = record.predicate.value if record.predicate else None
        return record.year == self.year and predicate == self.predicate and record.score == self.score


async def _appraisals(session: AsyncSession, employee_id: int) -> list[PerformanceRecord]:
    query = select(PerformanceRecord).where(col(PerformanceRecord.employee_id) == employee_id)
    return list((await session.exec(query)).all())


def _appraisal_snapshot(record: PerformanceRecord) -> dict[str, Any]:
    return values_of(record) | {"record_id": record.id}


async def state_appraisal(session: AsyncSession, employee_id: int, answer: Appraisal, *,
                          now: datetime) -> Claim | None:
    """The appraisal the employee answered for a year: a claim when it differs from what counts as verified
    for that year, beside the official record of the year (never over it)."""
    claims = await own_claims(session, employee_id)
    standing = Standing(claims)
    records = await _appraisals(session, employee_id)
    by_claim = {r.claim_id: r for r in records if r.claim_id is not None}
    mine = [c for c in claims if c.kind is ClaimKind.NO_SKP
            or (c.kind is ClaimKind.SKP and (r := by_claim.get(c.id or 0)) is not None and r.year == answer.year)]
    keep = next((c for c in mine if c.kind is ClaimKind.SKP and c.status is ClaimStatus.PENDING
                 and answer.same_as(by_claim[c.id or 0])), None)
    await _replace_pending(session, mine, keep, now)
    if keep is not None:
        return keep
    counting = [r for r in records if r.year == answer.year and standing.counts(r, Basis.VERIFIED)]
    if counting and answer.same_as(max(counting, key=lambda r: (r.updated_at, r.id or 0))):
        return None
    official = max((r for r in records if r.year == answer.year and r.source in OFFICIAL_SOURCES),
                   key=lambda r: (r.updated_at, r.id or 0), default=None)
    record = validated_record(PerformanceRecord, {
        "year": answer.year, "predicate": answer.predicate, "score": answer.score, "employee_id": employee_id,
        "source": RecordSource.SELF, "created_by": employee_actor(employee_id), "created_at": now, "updated_at": now})
    target = {"target_kind": RecordKind.SKP, "target_id": official.id,
              "official": _appraisal_snapshot(official)} if official is not None else {}
    return await _add_with_record(session, new_claim(employee_id, ClaimKind.SKP, now, **target), record, now)


async def state_no_appraisal(session: AsyncSession, employee_id: int, *, now: datetime) -> Claim | None:
    """"I have no appraisal": the employee's pending appraisal claims give way, and the appraisals that count
    as verified become the subject of one claim (none when nothing counts)."""
    claims = await own_claims(session, employee_id)
    mine = [c for c in claims if c.kind in (ClaimKind.SKP, ClaimKind.NO_SKP)]
    keep = next((c for c in mine if c.kind is ClaimKind.NO_SKP and c.status is ClaimStatus.PENDING), None)
    await _replace_pending(session, mine, keep, now)
    if keep is not None:
        return keep
    standing = Standing(claims)
    counting = [r for r in await _appraisals(session, employee_id) if standing.counts(r, Basis.VERIFIED)]
    if not counting:
        return None
    latest = max(counting, key=lambda r: (r.year, r.updated_at, r.id or 0))
    claim = new_claim(employee_id, ClaimKind.NO_SKP, now, target_kind=RecordKind.SKP, target_id=latest.id,
                      official=_appraisal_snapshot(latest))
    session.add(claim)
    await session.flush()
    audit_claim(session, claim, "claim.create", now, old=claim.official, new=None)
    return claim


async def similar_trainings(session: AsyncSession, employee_id: int, kind: str, end: Any, title: str,
                            jp: float) -> list[TrainingRecord]:
    """The employee's trainings that look the same as this one and still count in the declared figure."""
    query = select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee_id,
                                         col(TrainingRecord.end_date) == end)
    records = (await session.exec(query)).all()
    standing = Standing(await own_claims(session, employee_id))
    return [r for r in records if looks_same(r.kind, r.end_date, r.title, r.jp, kind, end, title, jp)
            and standing.counts(r, Basis.DECLARED)]
