"""The self-assessment use case: what the records already say, saving the answers, scoring, history.

The employee confirms or corrects what the roster and the records hold. New activities, an appraisal
or a penalty they report become self-entered records (source `self`); education and position type they
correct are the employee's own statement and are kept in the assessment snapshot, not written over
HR's roster (HR owns it); the next assessment and a recomputation start from that statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.assessments import assessment_history, record_assessment
from bot.storage.audit import audit, employee_actor
from bot.storage.models import (
    Assessment,
    Employee,
    PenaltyRecord,
    PerformanceRecord,
    RecordSource,
    TrainingRecord,
)
from bot.storage.profiles import build_profile, latest_performance
from bot.texts import plain
from scoring import Profile, ScoreResult, load_ruleset, score
from scoring.dates import in_window
from scoring.models import Education, LeadershipLevel, PenaltyLevel, Position, Predicate, TrainingKind


class Leadership(BaseModel):
    level: LeadershipLevel
    date: date


class Functional(BaseModel):
    date: date
    title: str | None = None


class Item(BaseModel):
    """A technical training or a seminar in the assessment's lists."""

    title: str
    jp: float = 0
    date: date


class Skp(BaseModel):
    year: int
    predicate: Predicate | None = None
    score: float | None = None


class PenaltyAnswer(BaseModel):
    level: PenaltyLevel
    date: date


class Draft(BaseModel):
    """The item being added, between its questions (title → JP → date; level → date; score → year)."""

    title: str | None = None
    jp: float | None = None
    level: str | None = None
    score: float | None = None


class Answers(BaseModel):
    """What the records say (prefilled) and what the employee adds during /asesmen: the dialog's state,
    validated whenever it is read back. Field names are those stored before the state was typed, so a
    conversation under way across the upgrade carries on."""

    education: Education
    position: Position
    leadership: Leadership | None = None
    functional: Functional | None = None
    technical: list[Item] = Field(default_factory=list)
    seminars: list[Item] = Field(default_factory=list)
    skp: Skp | None = None
    penalties: list[PenaltyAnswer] = Field(default_factory=list)
    new_leadership: Leadership | None = None
    new_functional: Functional | None = None
    new_technical: list[Item] = Field(default_factory=list)
    new_seminars: list[Item] = Field(default_factory=list)
    new_skp: Skp | None = None
    new_penalty: PenaltyAnswer | None = None
    draft: Draft | None = None


async def _declared(session: AsyncSession, employee: Employee) -> tuple[Education, Position]:
    """Education and position type: the employee's latest own statement, else the roster."""
    latest = await latest_assessment(session, employee.id or 0)
    if latest is not None:
        profile = latest.profile
        try:
            return Education(profile["education"]), Position(profile["position"])
        except (KeyError, ValueError):
            pass
    return employee.education, employee.position_type


async def prefill(session: AsyncSession, employee_id: int, today: date) -> Answers:
    """What the bot already knows, as the starting answers of the dialog."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    rules = load_ruleset()
    education, position = await _declared(session, employee)
    trainings = (await session.exec(
        select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee_id)
        .order_by(col(TrainingRecord.end_date), col(TrainingRecord.id))
    )).all()
    performances = (await session.exec(
        select(PerformanceRecord).where(col(PerformanceRecord.employee_id) == employee_id)
    )).all()
    penalties = (await session.exec(
        select(PenaltyRecord).where(col(PenaltyRecord.employee_id) == employee_id)
    )).all()
    rank = {level: i for i, level in enumerate(reversed(rules.kompetensi.leadership_levels))}
    leadership = [t for t in trainings if t.kind is TrainingKind.KEPEMIMPINAN and t.level and t.end_date <= today]
    best = max(leadership, key=lambda t: (rank[t.level] if t.level else -1, t.end_date), default=None)
    functional = [t for t in trainings if t.kind is TrainingKind.FUNGSIONAL and t.matches_position
                  and t.end_date <= today]
    comp = rules.kompetensi

    def item(record: TrainingRecord) -> Item:
        return Item(title=record.title, jp=record.jp, date=record.end_date)

    performance = latest_performance(performances, today)
    return Answers(
        education=education,
        position=position,
        leadership=Leadership(level=best.level, date=best.end_date) if best and best.level else None,
        functional=Functional(date=max(t.end_date for t in functional)) if functional else None,
        technical=[item(t) for t in trainings if t.kind is TrainingKind.TEKNIS
                   and in_window(t.end_date, today, comp.technical_window_months)],
        seminars=[item(t) for t in trainings if t.kind is TrainingKind.SEMINAR
                  and in_window(t.end_date, today, comp.seminar_window_months)],
        skp=Skp.model_validate(performance.model_dump(exclude_none=True)) if performance else None,
        penalties=[PenaltyAnswer(level=p.level, date=p.effective_date) for p in penalties
                   if in_window(p.effective_date, today, rules.disiplin.window_months)],
    )


def _training(employee_id: int, actor: str, now: Any, **fields: Any) -> TrainingRecord:
    # model_validate, not the constructor: table models skip validation when built directly.
    return TrainingRecord.model_validate({**fields, "employee_id": employee_id, "source": RecordSource.SELF,
                                          "created_by": actor, "created_at": now, "updated_at": now})


async def save_answers(session: AsyncSession, employee_id: int, answers: Answers, *, clock: Clock) -> int:
    """Write what the employee added as self-entered records; returns how many were written."""
    actor = employee_actor(employee_id)
    now = clock.now()
    records: list[Any] = []
    if lead := answers.new_leadership:
        records.append(_training(employee_id, actor, now, kind="kepemimpinan", level=lead.level,
                                 title=plain("asm.record.leadership", "id", level=lead.level.value.upper()),
                                 end_date=lead.date, jp=0))
    if func := answers.new_functional:
        records.append(_training(employee_id, actor, now, kind="fungsional", matches_position=True,
                                 title=func.title or plain("asm.record.functional", "id"),
                                 end_date=func.date, jp=0))
    for kind, entries in (("teknis", answers.new_technical), ("seminar", answers.new_seminars)):
        for entry in entries:
            records.append(_training(employee_id, actor, now, kind=kind, title=entry.title, jp=entry.jp,
                                     end_date=entry.date))
    written = 0
    if skp := answers.new_skp:
        await _upsert_performance(session, employee_id, skp, actor=actor, clock=clock)
        written += 1
    if penalty := answers.new_penalty:
        records.append(PenaltyRecord.model_validate({
            "level": penalty.level, "effective_date": penalty.date, "employee_id": employee_id,
            "source": RecordSource.SELF, "created_by": actor, "created_at": now}))
    session.add_all(records)
    written += len(records)
    if written:
        audit(session, actor=actor, action="records.self_add", at=now, target_employee_id=employee_id,
              details={"count": written})
    return written


async def _upsert_performance(
    session: AsyncSession, employee_id: int, skp: Skp, *, actor: str, clock: Clock
) -> None:
    """One appraisal per year: the employee's answer for a year replaces what was there."""
    now = clock.now()
    fields = PerformanceRecord.model_validate({
        "year": skp.year, "predicate": skp.predicate, "score": skp.score,
        "employee_id": employee_id, "source": RecordSource.SELF, "created_by": actor, "created_at": now,
        "updated_at": now})
    existing = (await session.exec(select(PerformanceRecord).where(
        col(PerformanceRecord.employee_id) == employee_id, col(PerformanceRecord.year) == fields.year
    ))).first()
    if existing is None:
        session.add(fields)
        return
    existing.predicate, existing.score, existing.system = fields.predicate, fields.score, fields.system
    existing.source, existing.created_by, existing.updated_at = RecordSource.SELF, actor, now


async def current_profile(
    session: AsyncSession, employee_id: int, today: date, *, education: str | None = None,
    position: str | None = None,
) -> Profile:
    """The records as of today, with the employee's own statement of education and position type."""
    profile = await build_profile(session, employee_id, as_of=today)
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    declared_education, declared_position = await _declared(session, employee)
    return profile.model_copy(update={
        "education": Education(education) if education else declared_education,
        "position": Position(position) if position else declared_position,
    })


async def complete(
    session: AsyncSession, employee_id: int, answers: Answers, *, today: date, clock: Clock
) -> tuple[ScoreResult, int]:
    """Save the answers, score today's profile and store the immutable snapshot."""
    saved = await save_answers(session, employee_id, answers, clock=clock)
    await session.flush()
    profile = await current_profile(session, employee_id, today, education=answers.education,
                                    position=answers.position)
    result = score(profile, as_of=today)
    await record_assessment(session, employee_id, profile, result, triggered_by="asesmen", clock=clock)
    audit(session, actor=employee_actor(employee_id), action="assessment.create", at=clock.now(),
          target_employee_id=employee_id, details={"total": result.total, "category": result.category})
    return result, saved


async def latest_assessment(session: AsyncSession, employee_id: int) -> Assessment | None:
    history = await assessment_history(session, employee_id, limit=1)
    return history[0] if history else None


def result_of(assessment: Assessment) -> ScoreResult:
    """The full result of a stored assessment: its snapshot re-scored on its own date and rule set."""
    return score(Profile.model_validate(assessment.profile), as_of=assessment.as_of,
                 ruleset=assessment.ruleset_id)


async def recompute(session: AsyncSession, employee_id: int, *, today: date, clock: Clock) -> ScoreResult:
    """Today's records, scored today, stored as a new assessment (history is never overwritten)."""
    profile = await current_profile(session, employee_id, today)
    result = score(profile, as_of=today)
    await record_assessment(session, employee_id, profile, result, triggered_by="nilai", clock=clock)
    return result


async def history(session: AsyncSession, employee_id: int, *, limit: int = 24) -> Sequence[Assessment]:
    """Oldest first, for a trend."""
    return list(reversed(await assessment_history(session, employee_id, limit=limit)))
