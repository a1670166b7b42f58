"""An employee's own entries, their status, and what they may do with each (/catatan; issue 13, item 5).

What the employee sees is one list of *entries*: each record of theirs (a training, an appraisal, a penalty,
official or their own) and each claim that has no record of its own (an education level or position type,
"no appraisal", a dispute). Each has one status:

- `official`: HR's record; it cannot be changed, only *disputed* ("this record is wrong", a note and optional
  evidence: a `dispute` claim for HR);
- `verified`: the employee's claim a reviewer approved (or an import confirmed); like an official record it
  cannot be changed, only disputed;
- `pending`: waiting for a reviewer; it can be *corrected* (the same claim, new content) or *withdrawn*;
- `rejected`: it can be corrected (back to pending, the rejection kept in the audit log) or withdrawn.

Withdrawn claims are not listed (they count nowhere). A record already under a pending dispute of theirs is
not disputed twice. Every change is in the audit log with its old and new values, and who made it.
No Telegram here: `bot/records` talks to people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.callback_ids import parse_id
from bot.claims.service import ClaimProblem, audit_claim, new_claim, similar_trainings, validated_record, values_of
from bot.storage.models import (
    OFFICIAL_SOURCES,
    Claim,
    ClaimKind,
    ClaimStatus,
    PenaltyRecord,
    PerformanceRecord,
    RecordKind,
    TrainingRecord,
)
from bot.storage.models.claims import NOTE_MAX
from bot.storage.profiles import Record, record_kind

_MODELS: dict[RecordKind, type[Any]] = {
    RecordKind.TRAINING: TrainingRecord, RecordKind.SKP: PerformanceRecord, RecordKind.PENALTY: PenaltyRecord,
}
_LETTER: dict[RecordKind, str] = {RecordKind.TRAINING: "t", RecordKind.SKP: "s", RecordKind.PENALTY: "p"}
_KIND_OF_LETTER = {letter: kind for kind, letter in _LETTER.items()}
CLAIM_LETTER = "c"
CORRECTABLE_FIELDS: dict[ClaimKind, tuple[str, ...]] = {
    ClaimKind.TRAINING: ("title", "jp", "end_date"),
    ClaimKind.SKP: ("predicate",),
    ClaimKind.PENALTY: ("level", "effective_date"),
    ClaimKind.EDUCATION: ("value",),
    ClaimKind.POSITION: ("value",),
    ClaimKind.DISPUTE: ("note",),
}
"""What a correction may change, per kind of claim ("no appraisal" says one thing: it can only be withdrawn)."""


class EntryStatus(StrEnum):
    OFFICIAL = "official"
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Entry:
    """One line of /catatan: a record (with its claim when it is the employee's own) or a claim alone."""

    status: EntryStatus
    record: Record | None
    claim: Claim | None
    disputed: bool = False
    """A pending dispute of the employee already names this record."""

    @property
    def ref(self) -> str:
        """What a button carries: `t12` (training record 12), `s3`, `p4`, or `c7` (claim 7 alone)."""
        if self.record is not None:
            return f"{_LETTER[record_kind(self.record)]}{self.record.id}"
        assert self.claim is not None
        return f"{CLAIM_LETTER}{self.claim.id}"

    @property
    def changeable(self) -> bool:
        """Pending or rejected: the employee may correct or withdraw it."""
        return self.status in (EntryStatus.PENDING, EntryStatus.REJECTED)

    @property
    def correctable(self) -> tuple[str, ...]:
        return CORRECTABLE_FIELDS.get(self.claim.kind, ()) if self.claim is not None and self.changeable else ()

    @property
    def disputable(self) -> bool:
        return self.record is not None and self.status in (EntryStatus.OFFICIAL, EntryStatus.VERIFIED) \
            and not self.disputed


def _status(claim: Claim | None) -> EntryStatus | None:
    if claim is None:
        return EntryStatus.OFFICIAL
    return {ClaimStatus.PENDING: EntryStatus.PENDING, ClaimStatus.VERIFIED: EntryStatus.VERIFIED,
            ClaimStatus.REJECTED: EntryStatus.REJECTED}.get(claim.status)


async def entries(session: AsyncSession, employee_id: int) -> list[Entry]:
    """The employee's entries, newest first (withdrawn claims, and own records that lost their claim, left
    out: they count nowhere)."""
    claims = {c.id: c for c in (await session.exec(select(Claim).where(col(Claim.employee_id) == employee_id)))}
    disputed = {(c.target_kind, c.target_id) for c in claims.values()
                if c.kind is ClaimKind.DISPUTE and c.status is ClaimStatus.PENDING}
    found: list[tuple[Any, Entry]] = []
    for kind, model in _MODELS.items():
        for record in (await session.exec(select(model).where(col(model.employee_id) == employee_id))).all():
            claim = None if record.source in OFFICIAL_SOURCES else claims.get(record.claim_id)
            if claim is None and record.source not in OFFICIAL_SOURCES:
                continue
            status = _status(claim)
            if status is not None:
                found.append((record.created_at, Entry(status, record, claim, (kind, record.id) in disputed)))
    for claim in claims.values():
        if claim.kind in (ClaimKind.TRAINING, ClaimKind.SKP, ClaimKind.PENALTY):
            continue
        status = _status(claim)
        if status is not None:
            found.append((claim.created_at, Entry(status, None, claim)))
    found.sort(key=lambda pair: (pair[0], pair[1].ref), reverse=True)
    return [entry for _, entry in found]


async def entry_of(session: AsyncSession, employee_id: int, ref: str) -> Entry | None:
    """The employee's entry a button names, read again now; None when the reference is not one the bot
    could have written for them (forged, someone else's, withdrawn since)."""
    letter, number = ref[:1], parse_id(ref[1:])
    if number is None or (letter != CLAIM_LETTER and letter not in _KIND_OF_LETTER):
        return None
    return next((e for e in await entries(session, employee_id) if e.ref == ref), None)


def _reopen(claim: Claim, now: datetime) -> dict[str, Any]:
    """A corrected claim is pending again, its decision cleared (the audit log keeps it)."""
    old = {"status": claim.status.value, "decided_by": claim.decided_by, "reason": claim.reason}
    claim.status, claim.decided_by, claim.decided_at, claim.reason = ClaimStatus.PENDING, None, None, None
    claim.updated_at = now
    return old


async def correct(session: AsyncSession, entry: Entry, changes: Mapping[str, Any], *, now: datetime) -> Claim:
    """A pending or rejected claim with new content: its record (validated like a new one) or its value or
    note; the claim is pending again. Raises `ClaimProblem` when the entry cannot be corrected so."""
    claim = entry.claim
    if claim is None or not entry.changeable:
        raise ClaimProblem("catatan.not_changeable")
    unknown = set(changes) - set(CORRECTABLE_FIELDS.get(claim.kind, ()))
    if unknown or not changes:
        raise ClaimProblem("catatan.not_correctable")
    record = entry.record
    if record is not None:
        old = values_of(record)
        fields = record.model_dump() | dict(changes)
        checked = validated_record(type(record), fields)
        for name in changes:
            setattr(record, name, getattr(checked, name))
        if hasattr(record, "updated_at"):
            record.updated_at = now
        session.add(record)
        new = values_of(record)
    else:
        name = next(iter(changes))
        value = changes[name]
        if name == "note" and (not isinstance(value, str) or len(value) > NOTE_MAX):
            raise ClaimProblem("catatan.note_too_long", max=NOTE_MAX)
        old, new = {name: getattr(claim, name)}, {name: value}
        setattr(claim, name, value)
    decision = _reopen(claim, now)
    session.add(claim)
    await session.flush()
    audit_claim(session, claim, "claim.correct", now, old=old, new=new, decision=decision,
                record_id=record.id if record is not None else None)
    return claim


async def dispute(session: AsyncSession, employee_id: int, entry: Entry, note: str, *, now: datetime,
                  evidence_file_id: str | None = None, evidence_kind: str | None = None) -> Claim:
    """"This record is wrong": a dispute claim naming an official or verified record, for HR. The record
    itself stays as it is; the dispute is pending until HR decides it (or an import changes the record)."""
    record = entry.record
    if record is None or not entry.disputable:
        raise ClaimProblem("catatan.not_disputable")
    if len(note) > NOTE_MAX:
        raise ClaimProblem("catatan.note_too_long", max=NOTE_MAX)
    evidence = {"evidence_file_id": evidence_file_id, "evidence_kind": evidence_kind} if evidence_file_id else {}
    claim = new_claim(employee_id, ClaimKind.DISPUTE, now, target_kind=record_kind(record), target_id=record.id,
                      official=values_of(record) | {"record_id": record.id, "source": str(record.source)},
                      note=note, **evidence)
    session.add(claim)
    await session.flush()
    audit_claim(session, claim, "claim.create", now, old=claim.official, new={"dispute": note})
    return claim


async def similar_entries(session: AsyncSession, employee_id: int, kind: str, end: Any, title: str,
                          jp: float) -> list[Entry]:
    """The employee's trainings that look the same as one about to be saved (`similar.looks_same`) and count
    in the declared figure, with their status: the duplicate warning of /pelatihan and /asesmen."""
    records = await similar_trainings(session, employee_id, kind, end, title, jp)
    if not records:
        return []
    claims = {c.id: c for c in (await session.exec(select(Claim).where(col(Claim.employee_id) == employee_id)))}
    found = []
    for record in records:
        claim = None if record.source in OFFICIAL_SOURCES else claims.get(record.claim_id)
        status = _status(claim) if claim is not None or record.source in OFFICIAL_SOURCES else EntryStatus.PENDING
        found.append(Entry(status or EntryStatus.PENDING, record, claim))
    return found
