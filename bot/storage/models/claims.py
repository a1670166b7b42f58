"""What an employee states about themselves, and what a reviewer decided about it (issue 13).

Records HR imported (`RecordSource.IMPORT`, `HR`) are *official*: an employee never changes them. What an
employee states is a *claim*: a learning activity, an appraisal or a penalty they report (the record itself
is a row of `training_record`, `performance_record` or `penalty_record` with `source = self` and
`claim_id` naming the claim), an education level or position type other than the roster's, "I have no
appraisal", or "this record is wrong" (a dispute). A claim is `pending` until a supervisor or HR decides it
(`verified` or `rejected`, with who, when and why), or the employee withdraws it.

```mermaid
stateDiagram-v2
    [*] --> pending: the employee states it (/asesmen, /pelatihan, /catatan)
    pending --> verified: a reviewer approves (/verifikasi, admin review import), or an official import contains it
    pending --> rejected: a reviewer rejects, with a reason
    pending --> withdrawn: the employee withdraws or replaces it (/catatan, a new answer)
    rejected --> withdrawn: the employee withdraws it
    rejected --> pending: the employee corrects it (/catatan)
    verified --> verified: closed_at set once an official import contains it (no longer "to update in SIASN")
```

The figures (docs/ipasn-rules.md, "Provenance and the two figures"): the *declared* profile counts official
records and claims that are pending or verified; the *verified* profile official records and verified
claims. Neither counts a claim that is closed (its official record counts instead).

No `from __future__ import annotations` in table modules: SQLModel reads the annotations at class creation.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow

REASON_MAX = 300
"""Characters of a reviewer's reason; longer is refused with the limit named."""
NOTE_MAX = 500
"""Characters of an employee's note on a dispute or a correction."""


class ClaimKind(StrEnum):
    TRAINING = "training"
    """A learning activity they logged (its `training_record`)."""
    SKP = "skp"
    """An appraisal for a year (its `performance_record`), beside the official one of that year if any."""
    PENALTY = "penalty"
    """A penalty they declared (its `penalty_record`)."""
    EDUCATION = "education"
    """An education level other than the roster's (`value`)."""
    POSITION = "position"
    """A position type other than the roster's (`value`)."""
    NO_SKP = "no_skp"
    """"I have no appraisal": the appraisals on record when it was made are not theirs."""
    DISPUTE = "dispute"
    """"This record is wrong" (`target_kind`, `target_id`), with a note and optional evidence; for HR."""


RECORD_KINDS = frozenset({ClaimKind.TRAINING, ClaimKind.SKP, ClaimKind.PENALTY})
"""Kinds whose content is a record row pointing back at the claim."""


class ClaimStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({ClaimStatus.PENDING, ClaimStatus.VERIFIED})
"""The claims the declared figure counts (the employee's own answers, not rejected or withdrawn)."""


class RecordKind(StrEnum):
    """The table of a record a claim differs from or disputes."""

    TRAINING = "training"
    SKP = "skp"
    PENALTY = "penalty"


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    __table_args__ = (
        # /verifikasi and the review export: the pending ones, oldest first
        sa.Index("ix_claim_status_created", "status", "created_at", "id"),
        sa.Index("ix_claim_target", "target_kind", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", index=True)
    kind: ClaimKind = Field(sa_type=enum_type(ClaimKind))
    status: ClaimStatus = Field(default=ClaimStatus.PENDING, sa_type=enum_type(ClaimStatus))
    value: str | None = Field(default=None, max_length=32)
    """Education or position claims: the value claimed (an `Education` / `Position` value)."""
    target_kind: RecordKind | None = Field(default=None, sa_type=enum_type(RecordKind))
    target_id: int | None = None
    """The record this claim differs from (the official SKP of the same year) or disputes."""
    official: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)
    """What the official data said when the claim was made, as shown to reviewers."""
    note: str | None = Field(default=None, max_length=NOTE_MAX)
    evidence_file_id: str | None = Field(default=None, max_length=255)
    """A Telegram file (photo or PDF) the employee attached; a training's certificate stays on its record."""
    evidence_kind: str | None = Field(default=None, max_length=16)
    """'photo' or 'document': how the evidence is sent back to a reviewer."""
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    closed_at: datetime | None = None
    """Set when an official import contains what the verified claim says: SIASN has it, the list is done."""
    closed_by: str | None = Field(default=None, max_length=64)
    notice_batch_id: int | None = Field(default=None, foreign_key="outbox_batch.id", ondelete="SET NULL")
    """The outbox batch telling the employee the latest decision (`bot.review.delivery.OutcomeKind`): one batch
    per decision, so a notice whose claim has changed since is dropped instead of telling an old outcome."""
