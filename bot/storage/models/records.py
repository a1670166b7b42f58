"""What scoring reads about an employee: trainings, appraisals (SKP), penalties, and assessment snapshots.

Inputs are validated with the scoring models themselves (`scoring.models.Training`, `Performance`,
`Penalty`), so an alias or a rule accepted here is exactly what scoring accepts.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError, field_validator, model_validator
from sqlalchemy import event
from sqlmodel import Field, SQLModel

from bot.storage.base import enum_type, utcnow
from scoring.models import (
    LeadershipLevel,
    PenaltyLevel,
    Performance,
    Predicate,
    Training,
    TrainingKind,
    parse_penalty_level,
)


def concise(error: ValidationError, rename: dict[str, str] | None = None) -> str:
    """A nested model's errors as one line ('kind: Input should be …; …') instead of pydantic's block."""
    parts = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        name = (rename or {}).get(name, name)
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{name}: {message}" if name else message)
    return "; ".join(parts)


class RecordSource(StrEnum):
    """Who entered a record. `import` and `hr` are *official*; `self` is the content of a claim (`claim_id`),
    which counts as its status says (bot/storage/models/claims.py). An import never changes a claim's record."""

    SELF = "self"
    IMPORT = "import"
    HR = "hr"


OFFICIAL_SOURCES = frozenset({RecordSource.IMPORT, RecordSource.HR})


class SkpSystem(StrEnum):
    """The appraisal regulation of a year (rules §3): numeric 0-100 until 2019, predicates since 2020."""

    PP46_2011 = "pp46_2011"
    PP30_2019 = "pp30_2019"
    PERMENPANRB6_2022 = "permenpanrb6_2022"

    @classmethod
    def for_year(cls, year: int) -> "SkpSystem":
        if year <= 2019:
            return cls.PP46_2011
        if year <= 2021:
            return cls.PP30_2019
        return cls.PERMENPANRB6_2022


class TrainingRecordBase(SQLModel):
    """One learning activity. `end_date` is the scoring date (rules §2: the end date falls in the window)."""

    kind: TrainingKind = Field(sa_type=enum_type(TrainingKind))
    title: str = Field(min_length=1, max_length=500)
    organiser: str | None = Field(default=None, max_length=255)
    start_date: date | None = None
    end_date: date
    jp: float = Field(ge=0, le=100_000)
    level: LeadershipLevel | None = Field(default=None, sa_type=enum_type(LeadershipLevel))
    matches_position: bool | None = None
    certificate_number: str | None = Field(default=None, max_length=255)
    certificate_file_id: str | None = Field(default=None, max_length=255)

    @model_validator(mode="before")
    @classmethod
    def _as_scoring_training(cls, data: Any) -> Any:
        """Parse kind, level and hours→JP with scoring's own `Training`, so both accept the same input."""
        if not isinstance(data, dict):
            return data
        try:
            training = Training.model_validate(
                {
                    "kind": data.get("kind"),
                    "date": data.get("end_date"),
                    "jp": data.get("jp"),
                    "hours": data.get("hours"),
                    "level": data.get("level"),
                    "matches_position": data.get("matches_position"),
                    "title": data.get("title"),
                }
            )
        except ValidationError as error:
            raise ValueError(concise(error, {"date": "end_date"})) from None
        rest = {k: v for k, v in data.items() if k != "hours"}
        return {**rest, "kind": training.kind, "level": training.level, "jp": training.jp}

    @model_validator(mode="after")
    def _dates_in_order(self) -> "TrainingRecordBase":
        if self.start_date is not None and self.start_date > self.end_date:
            raise ValueError("start date is after end date")
        return self


class TrainingRecord(TrainingRecordBase, table=True):
    __tablename__ = "training_record"
    __table_args__ = (sa.Index("ix_training_record_employee_end", "employee_id", "end_date"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    source: RecordSource = Field(sa_type=enum_type(RecordSource))
    claim_id: int | None = Field(default=None, foreign_key="claim.id", ondelete="CASCADE", unique=True)
    """The claim this record is the content of (`source = self`); None for official records."""
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PerformanceRecordBase(SQLModel):
    """An annual appraisal: a predicate, or a 0-100 score for the numeric SKP of PP 46/2011 only."""

    year: int = Field(ge=1970, le=2100)
    system: SkpSystem = Field(sa_type=enum_type(SkpSystem))
    score: float | None = Field(default=None, ge=0, le=100)
    predicate: Predicate | None = Field(default=None, sa_type=enum_type(Predicate))

    @model_validator(mode="before")
    @classmethod
    def _as_scoring_performance(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        try:
            performance = Performance.model_validate(
                {"year": data.get("year"), "predicate": data.get("predicate"), "score": data.get("score")}
            )
        except ValidationError as error:
            raise ValueError(concise(error)) from None
        system = data.get("system") or (SkpSystem.for_year(performance.year) if performance.year else None)
        return {**data, "system": system, "predicate": performance.predicate, "score": performance.score}

    @model_validator(mode="after")
    def _score_only_for_numeric_skp(self) -> "PerformanceRecordBase":
        """A 2020+ SKP's number is on another scale (0-120 under PP 30/2019); only its predicate scores."""
        if self.score is not None and self.system is not SkpSystem.PP46_2011:
            raise ValueError(f"a numeric score belongs to the PP 46/2011 SKP; give the predicate for {self.year}")
        return self


class PerformanceRecord(PerformanceRecordBase, table=True):
    """An appraisal. One official record per employee and year (a later import replaces it); an employee's
    own statement for a year is a claim's record beside it, never over it."""

    __tablename__ = "performance_record"
    __table_args__ = (sa.Index("ix_performance_record_employee_year", "employee_id", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    source: RecordSource = Field(sa_type=enum_type(RecordSource))
    claim_id: int | None = Field(default=None, foreign_key="claim.id", ondelete="CASCADE", unique=True)
    """The claim this record is the content of (`source = self`); None for official records."""
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PenaltyRecordBase(SQLModel):
    """A disciplinary penalty at its effective date (TMT)."""

    level: PenaltyLevel = Field(sa_type=enum_type(PenaltyLevel))
    effective_date: date
    description: str | None = Field(default=None, max_length=500)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return parse_penalty_level(value) if isinstance(value, str) else value


class PenaltyRecord(PenaltyRecordBase, table=True):
    __tablename__ = "penalty_record"
    __table_args__ = (sa.Index("ix_penalty_record_employee_effective", "employee_id", "effective_date"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    source: RecordSource = Field(sa_type=enum_type(RecordSource))
    claim_id: int | None = Field(default=None, foreign_key="claim.id", ondelete="CASCADE", unique=True)
    """The claim this record is the content of (`source = self`); None for official records."""
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


OFF_GRID_FIGURES = " OR ".join(
    f"{column} * 1024 != round({column} * 1024)"
    for column in ("total", "kualifikasi", "kompetensi", "kinerja", "disiplin", "verified_total",
                   "verified_kualifikasi", "verified_kompetensi", "verified_kinerja", "verified_disiplin"))
"""SQL: an assessment with a summed figure that is not a multiple of 2**-10 (a rule set with points like 0.1).
The unit maps add figures up in the database only when there is none (`bot.unitmap.tallies`); the partial index
`ix_assessment_off_grid` holds exactly those, so asking costs one index probe instead of a look at every row.
A query must spell the condition as this very text for the planner to use the index."""


class Assessment(SQLModel, table=True):
    """An immutable snapshot of one scoring: both profiles as scored and what came out. Never updated.

    Two figures (docs/ipasn-rules.md, "Provenance and the two figures"): `profile`, `total`, `category` and
    the dimension columns are the *declared* figure (official records and the employee's claims that are not
    rejected); the `verified_…` columns the *verified* one (official records and verified claims).
    `provenance` names, per indicator, what its points rest on ('official', 'verified' or 'pending': the
    declared and verified points differ, so a pending claim decides them); `fully_verified` is True when no
    indicator rests on a pending claim. The dimension columns carry scoring's own names
    (`ScoreResult.dimension_points`); `official` is False for CPNS and PPPK, whose results stay out of unit
    means by default (rules §7).
    """

    __tablename__ = "assessment"
    __table_args__ = (
        sa.Index("ix_assessment_employee_created", "employee_id", "created_at"),
        sa.Index("ix_assessment_off_grid", "id", sqlite_where=sa.text(OFF_GRID_FIGURES),
                 postgresql_where=sa.text(OFF_GRID_FIGURES)),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE")
    as_of: date
    ruleset_id: str = Field(max_length=64)
    profile: dict[str, Any] = Field(sa_type=sa.JSON)
    total: float
    category: str = Field(max_length=32)
    kualifikasi: float
    kompetensi: float
    kinerja: float
    disiplin: float
    verified_profile: dict[str, Any] = Field(sa_type=sa.JSON)
    verified_total: float
    verified_category: str = Field(max_length=32)
    verified_kualifikasi: float
    verified_kompetensi: float
    verified_kinerja: float
    verified_disiplin: float
    provenance: dict[str, str] = Field(sa_type=sa.JSON)
    fully_verified: bool
    official: bool
    triggered_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class ImmutableRecordError(RuntimeError):
    """Raised on an attempt to change an assessment: history is appended to, never rewritten."""


@event.listens_for(Assessment, "before_update")
def _refuse_assessment_update(mapper: Any, connection: Any, target: Assessment) -> None:
    raise ImmutableRecordError(f"assessment {target.id} is an immutable snapshot; create a new one instead")
