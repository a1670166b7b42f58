"""A supervisor's team summary (/tim): the §6 index of the team, who still owes JP, who was never measured.

Who may see whom is decided here, on every request (a button pressed yesterday must not outlive a changed
organisation chart): a supervisor sees their own team and, one level of trust further, the team of anyone
below them; nobody outside their subtree ever appears, whatever the request or the callback data says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Role
from bot.storage.nip import normalize_nip
from bot.storage.profiles import Basis
from bot.storage.roles import report_ids, roles_of, team_member_ids
from bot.unitmap.facts import MemberFacts, facts_for_employees
from bot.unitmap.figures import Figures, figures_of
from scoring.result import UnitSummary


class TeamView(StrEnum):
    DIRECT = "direct"
    """The team itself: direct reports (and the employees of a unit granted to supervise)."""
    ALL = "all"
    """Everyone below: the team, their teams, and so on down."""


class TeamRefused(PermissionError):
    """The request reaches outside what the caller may see; `key` names the message that says so."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class TeamSummary:
    root_id: int
    root_name: str
    view: TeamView
    as_of: date
    include_unofficial: bool
    figures: Figures
    members: list[MemberFacts]
    direct_ids: frozenset[int]
    """Members who are in the root's own team (the direct view), also when the view is wider."""
    basis: Basis = Basis.VERIFIED
    """The headline figure (INDEX_BASIS); the other is shown beside it."""

    @property
    def summary(self) -> UnitSummary:
        return self.figures.summary

    @property
    def shortfall(self) -> list[MemberFacts]:
        """Members who owe JP this year and are short of it, the largest shortfall first."""
        return sorted((m for m in self.members if m.shortfall > 0), key=lambda m: (-m.shortfall, m.name))

    @property
    def unassessed(self) -> list[MemberFacts]:
        return sorted((m for m in self.members if m.result is None), key=lambda m: m.name)


async def reach(session: AsyncSession, supervisor_id: int) -> set[int]:
    """Everyone a supervisor may see: their team and everyone below it."""
    return await team_member_ids(session, supervisor_id) | await report_ids(session, supervisor_id)


async def team_ids(session: AsyncSession, viewer_id: int, root_id: int, view: TeamView) -> set[int]:
    """The members of `root_id`'s team as `viewer_id` may see them; raises `TeamRefused`."""
    if Role.SUPERVISOR not in await roles_of(session, viewer_id):
        raise TeamRefused("team.not_supervisor")
    allowed = await reach(session, viewer_id)
    if root_id != viewer_id and root_id not in allowed:
        raise TeamRefused("team.outside")
    members = await team_member_ids(session, root_id)
    if view is TeamView.ALL:
        members |= await report_ids(session, root_id)
    if root_id != viewer_id:  # a grant below may name a unit elsewhere: never show what the viewer may not
        members &= allowed
    members.discard(root_id)
    return members


async def team_summary(
    session: AsyncSession,
    viewer_id: int,
    *,
    root_id: int | None = None,
    view: TeamView = TeamView.DIRECT,
    today: date,
    include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> TeamSummary:
    """The summary of the viewer's own team, or of the team of someone below them (`root_id`)."""
    root = viewer_id if root_id is None else root_id
    members = await team_ids(session, viewer_id, root, view)
    direct = members if view is TeamView.DIRECT else members & await team_member_ids(session, root)
    root_employee = await session.get(Employee, root)
    assert root_employee is not None  # team_ids checked it is the viewer or in their reach
    facts = sorted(await facts_for_employees(session, members, today), key=lambda m: m.name)
    return TeamSummary(
        root_id=root,
        root_name=root_employee.name,
        view=view,
        as_of=today,
        include_unofficial=include_unofficial,
        figures=figures_of(facts, include_unofficial, basis),
        members=facts,
        direct_ids=frozenset(direct),
        basis=basis,
    )


def direct_view(summary: TeamSummary) -> TeamSummary:
    """The direct view of a wider summary, from the same facts (no second trip to the database)."""
    members = [m for m in summary.members if m.employee_id in summary.direct_ids]
    return replace(summary, view=TeamView.DIRECT, members=members,
                   figures=figures_of(members, summary.include_unofficial, summary.basis))


async def employee_id_by_nip(session: AsyncSession, nip: str) -> int | None:
    """The employee with this NIP (any spacing), or None; `team_ids` decides whether the caller may see them."""
    employee = table_of(Employee)
    query = sa.select(employee.c.id).where(employee.c.nip == normalize_nip(nip))
    connection = await core_connection(session)
    return (await connection.execute(query)).scalar_one_or_none()
