"""Storing an assessment: a snapshot of both profiles as scored and of both figures, appended, never rewritten.

`scoring` stays pure: it scores the declared and the verified profile (and the official one, which only tells
what an indicator rests on) like any other; the provenance of each indicator is read from the three results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.models import Assessment
from bot.storage.models.gaps import AssessmentGap
from bot.storage.profiles import Profiles, build_both
from scoring import score
from scoring.models import Profile
from scoring.result import ScoreResult
from scoring.ruleset import DEFAULT_RULESET


class Provenance(StrEnum):
    """What an indicator's points rest on."""

    OFFICIAL = "official"
    """HR's records alone give these points."""
    VERIFIED = "verified"
    """A verified claim changed them from what HR's records alone give."""
    PENDING = "pending"
    """A pending claim decides them: the declared and the verified points differ."""


def indicator_points(result: ScoreResult) -> dict[str, float]:
    return {indicator.code: indicator.points
            for dimension in result.dimensions.values() for indicator in dimension.indicators}


def provenance_of(declared: ScoreResult, verified: ScoreResult, official: ScoreResult) -> dict[str, Provenance]:
    """Per indicator (of either figure: a position claim changes which indicators there are)."""
    mine, checked, hr = indicator_points(declared), indicator_points(verified), indicator_points(official)
    found: dict[str, Provenance] = {}
    for code in [*mine, *(c for c in checked if c not in mine)]:
        if mine.get(code) != checked.get(code):
            found[code] = Provenance.PENDING
        elif checked.get(code) != hr.get(code):
            found[code] = Provenance.VERIFIED
        else:
            found[code] = Provenance.OFFICIAL
    return found


@dataclass(frozen=True)
class Scored:
    """Both figures of one employee on one day, and what each indicator rests on."""

    profiles: Profiles
    declared: ScoreResult
    verified: ScoreResult
    provenance: dict[str, Provenance]

    @property
    def fully_verified(self) -> bool:
        return Provenance.PENDING not in self.provenance.values()

    @property
    def differ(self) -> bool:
        return not self.fully_verified


def score_profiles(profiles: Profiles, as_of: date, *, ruleset: str = DEFAULT_RULESET) -> Scored:
    declared = score(profiles.declared, as_of=as_of, ruleset=ruleset)
    verified = score(profiles.verified, as_of=as_of, ruleset=ruleset)
    official = score(profiles.official, as_of=as_of, ruleset=ruleset)
    return Scored(profiles, declared, verified, provenance_of(declared, verified, official))


def assessment_from_scored(employee_id: int, scored: Scored, *, triggered_by: str, clock: Clock) -> Assessment:
    """The row for one scoring of both profiles."""
    declared, verified = scored.declared, scored.verified
    points, checked = declared.dimension_points, verified.dimension_points
    return Assessment(
        employee_id=employee_id,
        as_of=declared.as_of,
        ruleset_id=declared.ruleset,
        profile=scored.profiles.declared.model_dump(mode="json"),
        total=declared.total,
        category=declared.category,
        kualifikasi=points["kualifikasi"],
        kompetensi=points["kompetensi"],
        kinerja=points["kinerja"],
        disiplin=points["disiplin"],
        verified_profile=scored.profiles.verified.model_dump(mode="json"),
        verified_total=verified.total,
        verified_category=verified.category,
        verified_kualifikasi=checked["kualifikasi"],
        verified_kompetensi=checked["kompetensi"],
        verified_kinerja=checked["kinerja"],
        verified_disiplin=checked["disiplin"],
        provenance={code: value.value for code, value in scored.provenance.items()},
        fully_verified=scored.fully_verified,
        official=declared.official,
        triggered_by=triggered_by,
        created_at=clock.now(),
    )


def assessment_from_result(
    employee_id: int, profile: Profile, result: ScoreResult, *, triggered_by: str, clock: Clock
) -> Assessment:
    """The row for a scoring with no claims at all: both figures are the one result (`profile` produced it)."""
    profiles = Profiles(profile, profile, profile)
    scored = Scored(profiles, result, result, {code: Provenance.OFFICIAL for code in indicator_points(result)})
    return assessment_from_scored(employee_id, scored, triggered_by=triggered_by, clock=clock)


async def record_assessment(
    session: AsyncSession,
    employee_id: int,
    profile: Profile,
    result: ScoreResult,
    *,
    triggered_by: str,
    clock: Clock,
) -> Assessment:
    """Store a result computed from one profile as both figures (tests, and data with no claims)."""
    profiles = Profiles(profile, profile, profile)
    scored = Scored(profiles, result, result, {code: Provenance.OFFICIAL for code in indicator_points(result)})
    return await record_scored(session, employee_id, scored, triggered_by=triggered_by, clock=clock)


async def record_scored(
    session: AsyncSession, employee_id: int, scored: Scored, *, triggered_by: str, clock: Clock
) -> Assessment:
    assessment = assessment_from_scored(employee_id, scored, triggered_by=triggered_by, clock=clock)
    session.add(assessment)
    await session.flush()
    assert assessment.id is not None
    session.add_all(gaps_of(assessment.id, scored))
    await session.flush()
    return assessment


def gaps_of(assessment_id: int, scored: Scored) -> list[AssessmentGap]:
    """Scoring's advice for both figures, kept beside the snapshot (`AssessmentGap`): what the unit views sum."""
    return [AssessmentGap(assessment_id=assessment_id, figure=figure, code=advice.code, gain=advice.gain)
            for figure, result in (("declared", scored.declared), ("verified", scored.verified))
            for advice in result.advice]


async def assess_now(
    session: AsyncSession, employee_id: int, *, today: date, triggered_by: str, clock: Clock
) -> Scored:
    """Score today's records and claims and store both figures (a new snapshot; history is never rewritten)."""
    scored = score_profiles(await build_both(session, employee_id, as_of=today), today)
    await record_scored(session, employee_id, scored, triggered_by=triggered_by, clock=clock)
    return scored


def scored_of(assessment: Assessment) -> Scored:
    """A stored assessment's two results: its snapshots re-scored on its own date and rule set, with the
    provenance it stored."""
    declared_profile = Profile.model_validate(assessment.profile)
    verified_profile = Profile.model_validate(assessment.verified_profile)
    declared = score(declared_profile, as_of=assessment.as_of, ruleset=assessment.ruleset_id)
    verified = score(verified_profile, as_of=assessment.as_of, ruleset=assessment.ruleset_id)
    provenance = {code: Provenance(value) for code, value in assessment.provenance.items()}
    return Scored(Profiles(declared_profile, verified_profile, verified_profile), declared, verified, provenance)


async def assessment_history(session: AsyncSession, employee_id: int, *, limit: int = 20) -> Sequence[Assessment]:
    """The employee's assessments, newest first."""
    query = (
        select(Assessment)
        .where(col(Assessment.employee_id) == employee_id)
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
        .limit(limit)
    )
    return (await session.exec(query)).all()


async def latest_assessment(session: AsyncSession, employee_id: int) -> Assessment | None:
    history = await assessment_history(session, employee_id, limit=1)
    return history[0] if history else None


async def refresh_figures(session: AsyncSession, employee_id: int, *, today: date, triggered_by: str,
                          clock: Clock) -> Scored | None:
    """After a claim changed (decided, withdrawn, corrected): both figures again, as of today, for someone
    who has been assessed (None for someone never measured: a decision does not measure anyone)."""
    if await latest_assessment(session, employee_id) is None:
        return None
    return await assess_now(session, employee_id, today=today, triggered_by=triggered_by, clock=clock)
