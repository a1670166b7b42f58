"""An official import that contains what a claim says closes the claim (issue 13, item 6).

After a history or roster import, for the employees it touched: a claim that is pending or verified and not yet
closed is *closed* when the official data now holds what it states (its official record counts from then on,
and the claim no longer counts on its own, nor appears in the "update SIASN" list):

- a training: an official training that looks the same (`similar.looks_same`);
- an appraisal: the official appraisal of its year with the same predicate or score; a claim for a year with no
  official appraisal when it was made is set beside the one an import brings (it differs from it);
- a penalty: an official one of the same level and date;
- an education level or position type: the roster now says the same;
- a dispute: the disputed record was changed by an import since (HR corrected it);
- "no appraisal": an official appraisal arrived since (HR settled the matter).

A pending claim closed so is verified by the import (the official data confirms it), with the import as the
reviewer. Every closing is in the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims.service import audit_claim
from bot.claims.similar import looks_same
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
from bot.storage.models.claims import OPEN_STATUSES

_IN_CHUNK = 1_000
CLOSED_REASON = "import"
"""The reason of a pending claim verified by an import that contains it."""


class _Held:
    """One employee's records, split into official ones and the records of their claims."""

    def __init__(self, employee: Employee, rows: Iterable[Any]) -> None:
        self.employee = employee
        self.official: defaultdict[RecordKind, list[Any]] = defaultdict(list)
        self.by_claim: dict[int, Any] = {}
        self.by_id: dict[tuple[RecordKind, int], Any] = {}
        for kind, row in rows:
            self.by_id[(kind, row.id)] = row
            if row.source in OFFICIAL_SOURCES:
                self.official[kind].append(row)
            elif row.claim_id is not None:
                self.by_claim[row.claim_id] = row


def _contained(claim: Claim, held: _Held) -> bool:
    own = held.by_claim.get(claim.id or 0)
    if claim.kind is ClaimKind.TRAINING and own is not None:
        return any(looks_same(r.kind, r.end_date, r.title, r.jp, own.kind, own.end_date, own.title, own.jp)
                   for r in held.official[RecordKind.TRAINING])
    if claim.kind is ClaimKind.SKP and own is not None:
        return any(r.year == own.year and r.predicate == own.predicate and r.score == own.score
                   for r in held.official[RecordKind.SKP])
    if claim.kind is ClaimKind.PENALTY and own is not None:
        return any(r.level == own.level and r.effective_date == own.effective_date
                   for r in held.official[RecordKind.PENALTY])
    if claim.kind is ClaimKind.EDUCATION:
        return claim.value == held.employee.education.value
    if claim.kind is ClaimKind.POSITION:
        return claim.value == held.employee.position_type.value
    if claim.kind is ClaimKind.DISPUTE and claim.target_kind is not None and claim.target_id is not None:
        target = held.by_id.get((claim.target_kind, claim.target_id))
        changed = getattr(target, "updated_at", None)
        return changed is not None and changed > claim.created_at
    if claim.kind is ClaimKind.NO_SKP:
        return any(r.updated_at > claim.created_at for r in held.official[RecordKind.SKP])
    return False


def _set_beside(claim: Claim, held: _Held) -> bool:
    """An appraisal claim made when its year had no official record, beside the one an import brought."""
    own = held.by_claim.get(claim.id or 0)
    if claim.kind is not ClaimKind.SKP or claim.target_id is not None or own is None:
        return False
    official = [r for r in held.official[RecordKind.SKP] if r.year == own.year]
    if not official:
        return False
    latest = max(official, key=lambda r: (r.updated_at, r.id))
    claim.target_kind, claim.target_id = RecordKind.SKP, latest.id
    claim.official = latest.model_dump(mode="json", include={"year", "system", "predicate", "score"}) | {
        "record_id": latest.id}
    return True


async def close_contained(
    session: AsyncSession, employee_ids: Sequence[int], *, actor: str, now: datetime, file: str
) -> int:
    """Close the open claims of these employees that the official data now contains; returns how many."""
    closed = 0
    for start in range(0, len(employee_ids), _IN_CHUNK):
        chunk = list(employee_ids[start : start + _IN_CHUNK])
        claims = (await session.exec(select(Claim).where(
            col(Claim.employee_id).in_(chunk), col(Claim.status).in_(sorted(OPEN_STATUSES)),
            col(Claim.closed_at).is_(None)))).all()
        if not claims:
            continue
        owners = sorted({c.employee_id for c in claims})
        employees = {e.id: e for e in (await session.exec(select(Employee).where(col(Employee.id).in_(owners))))}
        rows: defaultdict[int, list[tuple[RecordKind, Any]]] = defaultdict(list)
        models: tuple[tuple[RecordKind, type[Any]], ...] = (
            (RecordKind.TRAINING, TrainingRecord), (RecordKind.SKP, PerformanceRecord),
            (RecordKind.PENALTY, PenaltyRecord))
        for kind, model in models:
            for row in (await session.exec(select(model).where(col(model.employee_id).in_(owners)))).all():
                rows[row.employee_id].append((kind, row))
        held = {employee_id: _Held(employee, rows[employee_id]) for employee_id, employee in employees.items()
                if employee_id is not None}
        for claim in claims:
            mine = held[claim.employee_id]
            if _contained(claim, mine):
                _close(session, claim, actor=actor, now=now, file=file)
                closed += 1
            elif _set_beside(claim, mine):
                claim.updated_at = now
                session.add(claim)
    await session.flush()
    return closed


def _close(session: AsyncSession, claim: Claim, *, actor: str, now: datetime, file: str) -> None:
    old = claim.status
    if claim.status is ClaimStatus.PENDING:
        claim.status, claim.decided_by, claim.decided_at, claim.reason = ClaimStatus.VERIFIED, actor, now, CLOSED_REASON
    claim.closed_at, claim.closed_by, claim.updated_at = now, actor, now
    session.add(claim)
    audit_claim(session, claim, "claim.close", now, actor=actor, file=file,
                old={"status": old.value}, new={"status": claim.status.value, "closed": True})
