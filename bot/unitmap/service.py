"""The unit map: per unit, the index (rules §6), its coverage and distribution, and the share meeting 20 JP.

Two views of the same people: each unit with its own members only (everyone counted once), and each unit
with everything below it (how an OPD as a whole stands). Every figure comes from `scoring.aggregate` over
the members' latest results, so the map says exactly what the rules say a unit's index is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Unit
from bot.storage.roles import hr_scope
from bot.storage.units import MAX_DEPTH, unit_subtree_ids
from bot.unitmap.facts import MemberFacts, collector_paused, facts_for_units
from scoring import aggregate
from scoring.result import UnitSummary

NO_UNIT = "-"
"""The code shown for employees without a unit (only an HR admin for every unit sees them)."""


@dataclass(frozen=True)
class UnitInfo:
    id: int | None
    code: str
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class Figures:
    """What the HR and supervisor views show of a group of employees."""

    summary: UnitSummary
    """Rules §6 via `scoring.aggregate`: mean, coverage, distribution, dimension means."""
    jp_duty: int
    """Members bound by the 20 JP a year (rules §7: PNS and CPNS)."""
    jp_met: int
    outside_official: int
    """Results of CPNS and PPPK among the members (out of the mean unless the setting includes them)."""

    @property
    def jp_share(self) -> float | None:
        return round(self.jp_met / self.jp_duty, 4) if self.jp_duty else None


def figures_of(members: Sequence[MemberFacts], include_unofficial: bool) -> Figures:
    with collector_paused():  # aggregate makes a Fraction per value: 250,000 small objects for 50,000 people
        summary = aggregate((m.result for m in members), len(members), include_unofficial=include_unofficial)
    duty = [m for m in members if m.owes_jp]
    outside = sum(1 for m in members if m.result is not None and not m.result.official)
    return Figures(summary, len(duty), sum(1 for m in duty if m.shortfall == 0), outside)


@dataclass(frozen=True)
class UnitRow:
    """One unit (or a whole scope) in one view."""

    unit: UnitInfo
    figures: Figures

    @property
    def summary(self) -> UnitSummary:
        return self.figures.summary


@dataclass(frozen=True)
class UnitMap:
    as_of: date
    scope: UnitInfo | None
    """The unit an HR admin is limited to (with the units below it); None: every unit."""
    include_unofficial: bool
    units: dict[int, UnitInfo]
    members: dict[int | None, list[MemberFacts]]
    """Each unit's own active members (None: employees without a unit)."""
    total: UnitRow

    @cached_property
    def own(self) -> list[UnitRow]:
        """Each unit with its own members, lowest index first (units without members left out)."""
        return lowest_first(summarise(self._info(u), m, self.include_unofficial) for u, m in self.members.items())

    @cached_property
    def tree(self) -> list[UnitRow]:
        """Each unit with its own members and those of every unit below it, lowest index first.

        Worked out only when asked for (the button, the workbook): it aggregates each person once per level."""
        below: defaultdict[int, list[MemberFacts]] = defaultdict(list)
        for unit_id, members in self.members.items():
            for ancestor in _chain(unit_id, self.units) if unit_id is not None else ():
                below[ancestor].extend(members)
        rows = [summarise(self.units[u], m, self.include_unofficial) for u, m in below.items()]
        if None in self.members:  # people without a unit belong to no subtree, but the map must show them
            rows.append(summarise(self._info(None), self.members[None], self.include_unofficial))
        return lowest_first(rows)

    def _info(self, unit_id: int | None) -> UnitInfo:
        return self.units[unit_id] if unit_id is not None else UnitInfo(None, NO_UNIT, NO_UNIT, None)


def summarise(unit: UnitInfo, members: Sequence[MemberFacts], include_unofficial: bool) -> UnitRow:
    return UnitRow(unit, figures_of(members, include_unofficial))


def lowest_first(rows: Iterable[UnitRow]) -> list[UnitRow]:
    """By mean index ascending; units with nobody measured last (there is no index to rank them by)."""
    return sorted(rows, key=lambda r: (r.summary.mean is None, r.summary.mean or 0.0, r.summary.coverage,
                                       r.unit.code))


async def unit_infos(session: AsyncSession, unit_ids: set[int] | None) -> dict[int, UnitInfo]:
    unit = table_of(Unit)
    query = sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id)
    connection = await core_connection(session)
    rows = (await connection.execute(query)).all()
    return {row.id: UnitInfo(row.id, row.code, row.name, row.parent_id) for row in rows
            if unit_ids is None or row.id in unit_ids}


def _chain(unit_id: int, units: dict[int, UnitInfo]) -> list[int]:
    """The unit and its ancestors inside the map's units, nearest first (bounded: bad data may loop)."""
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current in units and current not in chain and len(chain) < MAX_DEPTH:
        chain.append(current)
        current = units[current].parent_id
    return chain


def build_map(
    facts: Sequence[MemberFacts],
    units: dict[int, UnitInfo],
    *,
    scope: UnitInfo | None,
    as_of: date,
    include_unofficial: bool,
) -> UnitMap:
    members: defaultdict[int | None, list[MemberFacts]] = defaultdict(list)
    for member in facts:
        members[member.unit_id if member.unit_id in units else None].append(member)
    whole = summarise(scope or UnitInfo(None, "*", "*", None), facts, include_unofficial)
    return UnitMap(as_of, scope, include_unofficial, units, dict(members), whole)


async def unit_map(
    session: AsyncSession, *, scope_unit_id: int | None, today: date, include_unofficial: bool
) -> UnitMap:
    """The map of one subtree (`scope_unit_id`) or of every unit and employee (None)."""
    if scope_unit_id is None:
        units = await unit_infos(session, None)
        facts = await facts_for_units(session, None, today)
        return build_map(facts, units, scope=None, as_of=today, include_unofficial=include_unofficial)
    subtree = await unit_subtree_ids(session, scope_unit_id)
    units = await unit_infos(session, subtree)
    facts = await facts_for_units(session, subtree, today)
    return build_map(facts, units, scope=units.get(scope_unit_id), as_of=today,
                     include_unofficial=include_unofficial)


async def hr_unit_map(
    session: AsyncSession, employee_id: int, *, today: date, include_unofficial: bool
) -> UnitMap | None:
    """The map an HR admin may see (their scope), or None when they are not (or no longer) an HR admin."""
    scope = await hr_scope(session, employee_id)
    if scope is None:
        return None
    return await unit_map(session, scope_unit_id=scope.unit_id, today=today, include_unofficial=include_unofficial)

