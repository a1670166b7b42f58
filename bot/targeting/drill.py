"""/rekap's unit pages: a unit with everything below it, its sub-units lowest first, then its own members lowest
first, each with the indicator whose absence costs them most (scoring's advice); long lists page.

The page is built for the unit asked for after `scope.scoped_unit` has checked it is in the admin's scope; its
sub-units come from the map of its own subtree, so nothing outside it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Unit
from bot.storage.profiles import Basis
from bot.storage.units import unit_subtree_ids
from bot.targeting.scope import OutsideScope, scoped_unit
from bot.unitmap.facts import MemberFacts, facts_for_units
from bot.unitmap.figures import Figures
from bot.unitmap.lacks import Lacks, member_lacks
from bot.unitmap.service import UnitInfo, UnitRow, lowest_first, unit_infos, unit_map
from scoring.result import ScoreResult

PAGE_MEMBERS = 15
"""Members per page (a 2,000-person unit is 134 pages; the workbook has everyone)."""
PAGE_UNITS = 8
"""Sub-unit buttons per page."""
CHOICES = 10
"""Units offered when a typed name matches several."""


@dataclass(frozen=True)
class Member:
    facts: MemberFacts
    lacks: Lacks
    """What they lack (`bot.unitmap.lacks`): scoring's advice for the latest assessment, the JP owed."""
    basis: Basis

    @property
    def result(self) -> ScoreResult | None:
        """The latest figures on the headline basis (the ones shown and ranked by)."""
        return self.facts.result_of(self.basis)


@dataclass(frozen=True)
class UnitPage:
    unit: UnitInfo
    subtree: Figures
    own: Figures
    parent: UnitInfo | None
    """The unit above, when it is still in the admin's scope (the Up button)."""
    children: list[UnitRow]
    """Sub-units with everything below them, lowest mean first."""
    members: list[Member]
    """This page's members."""
    member_count: int
    page: int
    pages: int
    as_of: date
    include_unofficial: bool


def member_order(member: MemberFacts, basis: Basis) -> tuple[bool, float, str]:
    """Lowest index on the headline basis first; the never measured after the measured (they have no index to
    rank by)."""
    result = member.result_of(basis)
    return (result is None, result.total if result else 0.0, member.name)


async def unit_page(session: AsyncSession, admin_id: int, unit_id: int, page: int, *, today: date,
                    include_unofficial: bool, basis: Basis = Basis.VERIFIED) -> UnitPage:
    """One page of a unit in the admin's scope, `basis` the headline (INDEX_BASIS); `NotHrAdmin` /
    `OutsideScope` else."""
    scoped = await scoped_unit(session, admin_id, unit_id)
    found = await unit_map(session, scope_unit_id=unit_id, today=today, include_unofficial=include_unofficial,
                           basis=basis)
    unit = found.units[unit_id]
    subtree = next((r.figures for r in found.tree if r.unit.id == unit_id), Figures())
    children = lowest_first(r for r in found.tree if r.unit.parent_id == unit_id and r.unit.id != unit_id)
    parent = None
    if unit.parent_id is not None and unit_id != scoped.root_id:
        parent = (await unit_infos(session, {unit.parent_id})).get(unit.parent_id)
    people = sorted(await facts_for_units(session, {unit_id}, today), key=lambda m: member_order(m, basis))
    pages = max(1, -(-max(len(people), 1) // PAGE_MEMBERS), -(-max(len(children), 1) // PAGE_UNITS))
    page = min(max(page, 0), pages - 1)
    shown = people[page * PAGE_MEMBERS : (page + 1) * PAGE_MEMBERS]
    lacks = await member_lacks(session, shown, basis)
    own = found.figures.get(unit_id, Figures(basis=basis))
    return UnitPage(unit, subtree, own, parent, children,
                    [Member(m, lacks[m.employee_id], basis) for m in shown], len(people), page, pages, today,
                    include_unofficial)


def _folded(text: str) -> str:
    return re.sub(r"[\s\-_./]+", "", text.casefold())


async def find_units(session: AsyncSession, admin_id: int, text: str) -> list[UnitInfo]:
    """Units in the admin's scope whose code or name is `text` (case, spacing and punctuation ignored); if none
    is, those whose code or name contains it. Empty when nothing matches."""
    scoped = await scoped_unit(session, admin_id, None)
    unit = table_of(Unit)
    connection = await core_connection(session)
    query = sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id).order_by(unit.c.code)
    if scoped.root_id is not None:
        query = query.where(unit.c.id.in_(sorted(await unit_subtree_ids(session, scoped.root_id))))
    wanted = _folded(text)
    if not wanted:
        return []
    rows = [UnitInfo(r.id, r.code, r.name, r.parent_id) for r in await connection.execute(query)]
    exact = [u for u in rows if wanted in (_folded(u.code), _folded(u.name))]
    return exact or [u for u in rows if wanted in _folded(u.code) or wanted in _folded(u.name)]


async def top_units(session: AsyncSession, admin_id: int) -> list[UnitInfo]:
    """The top of the admin's tree: their scope's unit, or the units with no parent."""
    scoped = await scoped_unit(session, admin_id, None)
    if scoped.root_id is not None:
        infos = await unit_infos(session, {scoped.root_id})
        return [infos[scoped.root_id]] if scoped.root_id in infos else []
    unit = table_of(Unit)
    connection = await core_connection(session)
    rows = await connection.execute(sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id)
                                    .where(unit.c.parent_id.is_(None)).order_by(unit.c.code))
    return [UnitInfo(r.id, r.code, r.name, r.parent_id) for r in rows]


__all__ = ["OutsideScope", "UnitPage", "find_units", "top_units", "unit_page"]
