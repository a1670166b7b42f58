"""The self-assessment use case: what the records already say, saving the answers, scoring, history.

The employee confirms or corrects what the roster and the records hold. Nothing they answer changes an
official record: new activities, an appraisal or a penalty they report, and an education level, position
type or appraisal other than the official one, become claims (`bot.claims.service`), pending until reviewed.
Each assessment stores two figures: the *declared* one (their answers) and the *verified* one (official
records and verified claims), with what every indicator rests on (`bot.storage.assessments`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import service as claims
from bot.clock import Clock
from bot.storage.assessments import Scored, assess_now, assessment_history, latest_assessment, scored_of
from bot.storage.audit import audit, employee_actor
from bot.storage.models import Assessment, ClaimKind, Employee, TrainingRecord
from bot.storage.profiles import Basis, EmployeeNotFound, Standing, holdings, latest_performance
from bot.texts import plain
from scoring import load_ruleset
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
    when: date | None = None
    """A training's date, set only while the employee decides whether to keep one that looks like another."""


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
    no_skp: bool = False
    """They answered "no appraisal" (a claim when an appraisal is on record)."""
    new_penalty: PenaltyAnswer | None = None
    draft: Draft | None = None
    official_education: Education | None = None
    """The roster's, when the employee's standing statement differs (shown beside the question)."""
    official_position: Position | None = None


async def prefill(session: AsyncSession, employee_id: int, today: date) -> Answers:
    """What the bot already knows, as the starting answers of the dialog: what counts in the declared figure
    (official records and the employee's claims that are not rejected or withdrawn)."""
    held = await holdings(session, employee_id)
    standing = Standing(held.claims)
    rules = load_ruleset()
    employee = held.employee
    education = Education(standing.fact(ClaimKind.EDUCATION, employee.education, Basis.DECLARED))
    position = Position(standing.fact(ClaimKind.POSITION, employee.position_type, Basis.DECLARED))
    trainings = sorted((t for t in held.trainings if standing.counts(t, Basis.DECLARED)),
                       key=lambda t: (t.end_date, t.id or 0))
    rank = {level: i for i, level in enumerate(reversed(rules.kompetensi.leadership_levels))}
    leadership = [t for t in trainings if t.kind is TrainingKind.KEPEMIMPINAN and t.level and t.end_date <= today]
    best = max(leadership, key=lambda t: (rank[t.level] if t.level else -1, t.end_date), default=None)
    functional = [t for t in trainings if t.kind is TrainingKind.FUNGSIONAL and t.matches_position
                  and t.end_date <= today]
    comp = rules.kompetensi

    def item(record: TrainingRecord) -> Item:
        return Item(title=record.title, jp=record.jp, date=record.end_date)

    performance = latest_performance((p for p in held.performances if standing.counts(p, Basis.DECLARED)), today)
    return Answers(
        education=education,
        position=position,
        official_education=employee.education if employee.education != education else None,
        official_position=employee.position_type if employee.position_type != position else None,
        leadership=Leadership(level=best.level, date=best.end_date) if best and best.level else None,
        functional=Functional(date=max(t.end_date for t in functional)) if functional else None,
        technical=[item(t) for t in trainings if t.kind is TrainingKind.TEKNIS
                   and in_window(t.end_date, today, comp.technical_window_months)],
        seminars=[item(t) for t in trainings if t.kind is TrainingKind.SEMINAR
                  and in_window(t.end_date, today, comp.seminar_window_months)],
        skp=Skp.model_validate(performance.model_dump(exclude_none=True)) if performance else None,
        penalties=[PenaltyAnswer(level=p.level, date=p.effective_date) for p in held.penalties
                   if standing.counts(p, Basis.DECLARED)
                   and in_window(p.effective_date, today, rules.disiplin.window_months)],
    )


async def save_answers(session: AsyncSession, employee_id: int, answers: Answers, *, clock: Clock) -> int:
    """Turn what the employee added or corrected into claims; returns how many claims were made."""
    now = clock.now()
    trainings: list[dict[str, Any]] = []
    if lead := answers.new_leadership:
        trainings.append({"kind": "kepemimpinan", "level": lead.level, "end_date": lead.date, "jp": 0,
                          "title": plain("asm.record.leadership", "id", level=lead.level.value.upper())})
    if func := answers.new_functional:
        trainings.append({"kind": "fungsional", "matches_position": True, "end_date": func.date, "jp": 0,
                          "title": func.title or plain("asm.record.functional", "id")})
    for kind, entries in (("teknis", answers.new_technical), ("seminar", answers.new_seminars)):
        trainings += [{"kind": kind, "title": e.title, "jp": e.jp, "end_date": e.date} for e in entries]
    for fields in trainings:
        await claims.add_training(session, employee_id, fields, now=now)
    made = len(trainings)
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise EmployeeNotFound(employee_id)
    for kind, answer in ((ClaimKind.EDUCATION, answers.education), (ClaimKind.POSITION, answers.position)):
        made += await claims.state_fact(session, employee, kind, answer.value, now=now) is not None
    if skp := answers.new_skp:
        appraisal = claims.Appraisal(skp.year, skp.predicate.value if skp.predicate else None, skp.score)
        made += await claims.state_appraisal(session, employee_id, appraisal, now=now) is not None
    elif answers.no_skp:
        made += await claims.state_no_appraisal(session, employee_id, now=now) is not None
    if penalty := answers.new_penalty:
        await claims.add_penalty(session, employee_id, {"level": penalty.level, "effective_date": penalty.date},
                                 now=now)
        made += 1
    return made


async def complete(
    session: AsyncSession, employee_id: int, answers: Answers, *, today: date, clock: Clock
) -> tuple[Scored, int]:
    """Save the answers as claims, score both figures of today and store the immutable snapshot."""
    saved = await save_answers(session, employee_id, answers, clock=clock)
    await session.flush()
    scored = await assess_now(session, employee_id, today=today, triggered_by="asesmen", clock=clock)
    audit(session, actor=employee_actor(employee_id), action="assessment.create", at=clock.now(),
          target_employee_id=employee_id,
          details={"total": scored.declared.total, "category": scored.declared.category,
                   "verified_total": scored.verified.total, "claims": saved})
    return scored, saved


async def stored_figures(session: AsyncSession, employee_id: int) -> tuple[Assessment, Scored] | None:
    """The latest assessment and its two results, or None before the first one."""
    latest = await latest_assessment(session, employee_id)
    return None if latest is None else (latest, scored_of(latest))


async def recompute(session: AsyncSession, employee_id: int, *, today: date, clock: Clock) -> Scored:
    """Today's records and claims, scored today, stored as a new assessment (history is never overwritten)."""
    return await assess_now(session, employee_id, today=today, triggered_by="nilai", clock=clock)


async def history(session: AsyncSession, employee_id: int, *, limit: int = 24) -> Sequence[Assessment]:
    """Oldest first, for a trend."""
    return list(reversed(await assessment_history(session, employee_id, limit=limit)))
