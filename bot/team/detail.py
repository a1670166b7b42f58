"""One member of a supervisor's team (/tim → Rincian anggota): their latest result and what they lack, for someone
in the supervisor's subtree only (checked on every request, as /tim checks who may be seen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.assessments import latest_assessment, scored_of
from bot.storage.models import Role
from bot.storage.roles import roles_of
from bot.team.service import TeamRefused, reach
from bot.unitmap.facts import MemberFacts, facts_for_employees
from bot.unitmap.service import unit_infos
from scoring.result import ScoreResult


@dataclass(frozen=True)
class MemberDetail:
    """One member as their supervisor may see them: their facts, and the latest result with its advice."""

    facts: MemberFacts
    unit: str | None
    result: ScoreResult | None
    """The latest assessment's declared figure, re-scored from its snapshot (None: never measured)."""


async def member_detail(session: AsyncSession, viewer_id: int, member_id: int, *, today: date) -> MemberDetail:
    """A member's latest result and what they lack; `TeamRefused` unless the member is in the viewer's subtree
    (checked now, whatever the button says)."""
    if Role.SUPERVISOR not in await roles_of(session, viewer_id):
        raise TeamRefused("team.not_supervisor")
    if member_id == viewer_id or member_id not in await reach(session, viewer_id):
        raise TeamRefused("team.outside")
    found = await facts_for_employees(session, [member_id], today)
    if not found:
        raise TeamRefused("team.outside")
    facts = found[0]
    units = await unit_infos(session, {facts.unit_id} if facts.unit_id is not None else set())
    unit = units.get(facts.unit_id) if facts.unit_id is not None else None
    latest = await latest_assessment(session, member_id)
    result = None if latest is None else scored_of(latest).declared
    return MemberDetail(facts, unit.code if unit else None, result)
