"""The unit map: per unit, the index (rules §6), its coverage and distribution, and the share meeting 20 JP.

Two views of the same people: each unit with its own members only (everyone counted once), and each unit
with everything below it (how an OPD as a whole stands). Each unit's figures are counted once, by the
database where it can (`tallies`), else from each member's facts; a subtree and the whole scope are sums of
units' figures. Either way every figure equals `scoring.aggregate` over the members' latest results, so the
map says exactly what the rules say a unit's index is.
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
from bot.storage.profiles import Basis
from bot.storage.roles import hr_scope
from bot.storage.units import MAX_DEPTH, unit_subtree_ids
from bot.unitmap.facts import MemberFacts, facts_for_units, in_chunks
from bot.unitmap.figures import Figures, figures_of
from bot.unitmap.tallies import unit_figures, unit_figures_then_and_now
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
    figures: dict[int | None, Figures]
    """The figures of each unit's own active members (None: employees without a unit, or of a unit outside
    `units`)."""
    basis: Basis = Basis.VERIFIED
    """The headline figure (INDEX_BASIS): units are ranked by it, the other is shown beside it."""

    @cached_property
    def total(self) -> UnitRow:
        """The whole scope."""
        return UnitRow(self.scope or UnitInfo(None, "*", "*", None),
                       sum(self.figures.values(), Figures(basis=self.basis)))

    @cached_property
    def own(self) -> list[UnitRow]:
        """Each unit with its own members, lowest index first (only units with members have figures)."""
        return lowest_first(UnitRow(self._info(u), f) for u, f in self.figures.items())

    @cached_property
    def tree(self) -> list[UnitRow]:
        """Each unit with its own members and those of every unit below it, lowest index first."""
        below: defaultdict[int, Figures] = defaultdict(lambda: Figures(basis=self.basis))
        for unit_id, figures in self.figures.items():
            for ancestor in chain(unit_id, self.units) if unit_id is not None else ():
                below[ancestor] += figures
        rows = [UnitRow(self.units[u], f) for u, f in below.items()]
        if None in self.figures:  # people without a unit belong to no subtree, but the map must show them
            rows.append(UnitRow(self._info(None), self.figures[None]))
        return lowest_first(rows)

    def _info(self, unit_id: int | None) -> UnitInfo:
        return self.units[unit_id] if unit_id is not None else UnitInfo(None, NO_UNIT, NO_UNIT, None)


def lowest_first(rows: Iterable[UnitRow]) -> list[UnitRow]:
    """By mean index ascending; units with nobody measured last (there is no index to rank them by)."""
    return sorted(rows, key=lambda r: (r.summary.mean is None, r.summary.mean or 0.0, r.summary.coverage,
                                       r.unit.code))


async def unit_infos(session: AsyncSession, unit_ids: set[int] | None) -> dict[int, UnitInfo]:
    """These units (None: every unit), read 1,000 at a time rather than every unit of the agency."""
    unit = table_of(Unit)
    query = sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id)
    connection = await core_connection(session)
    conditions = [None] if unit_ids is None else list(in_chunks(unit.c.id, unit_ids))
    infos: dict[int, UnitInfo] = {}
    for condition in conditions:
        for row in await connection.execute(query if condition is None else query.where(condition)):
            infos[row.id] = UnitInfo(row.id, row.code, row.name, row.parent_id)
    return infos


def chain(unit_id: int, units: dict[int, UnitInfo]) -> list[int]:
    """The unit and its ancestors among `units` (a map's), nearest first (bounded: bad data may loop)."""
    found: list[int] = []
    current: int | None = unit_id
    while current is not None and current in units and current not in found and len(found) < MAX_DEPTH:
        found.append(current)
        current = units[current].parent_id
    return found


def figures_by_unit(facts: Sequence[MemberFacts], include_unofficial: bool,
                    basis: Basis = Basis.VERIFIED) -> dict[int | None, Figures]:
    """Each unit's figures from its members' facts (the way when the database cannot sum exactly)."""
    members: dict[int | None, list[MemberFacts]] = {}
    for member in facts:
        members.setdefault(member.unit_id, []).append(member)
    return {unit_id: figures_of(people, include_unofficial, basis) for unit_id, people in members.items()}


def build_map(
    figures: dict[int | None, Figures],
    units: dict[int, UnitInfo],
    *,
    scope: UnitInfo | None,
    as_of: date,
    include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> UnitMap:
    """The map of these units; figures of a unit not among them count as employees without a unit."""
    placed: defaultdict[int | None, Figures] = defaultdict(lambda: Figures(basis=basis))
    for unit_id, found in figures.items():
        placed[unit_id if unit_id in units else None] += found.headlined(basis)
    return UnitMap(as_of, scope, include_unofficial, units, dict(placed), basis)


async def unit_map(
    session: AsyncSession, *, scope_unit_id: int | None, today: date, include_unofficial: bool,
    until: date | None = None, basis: Basis = Basis.VERIFIED,
) -> UnitMap:
    """The map of one subtree (`scope_unit_id`) or of every unit and employee (None), `basis` the headline.
    `until`: as of that past day (pass it as `today` too): each member's latest assessment dated on or before
    it, JP of its year."""
    subtree, units, scope = await _scope(session, scope_unit_id)
    figures = await unit_figures(session, subtree, today, include_unofficial=include_unofficial, until=until,
                                 basis=basis)
    if figures is None:
        figures = figures_by_unit(await facts_for_units(session, subtree, today, until=until), include_unofficial,
                                  basis)
    return build_map(figures, units, scope=scope, as_of=today, include_unofficial=include_unofficial, basis=basis)


async def unit_maps_then_and_now(
    session: AsyncSession, *, scope_unit_id: int | None, today: date, since: date, include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> tuple[UnitMap, UnitMap]:
    """(the map as of `since`, today's): what `unit_map(…, today=since, until=since)` and `unit_map(…,
    today=today)` give, the figures of both days read in one query (the comparison over time)."""
    subtree, units, scope = await _scope(session, scope_unit_id)
    both = await unit_figures_then_and_now(session, subtree, today, since, include_unofficial=include_unofficial,
                                           basis=basis)
    if both is None:
        both = (figures_by_unit(await facts_for_units(session, subtree, since, until=since), include_unofficial,
                                basis),
                figures_by_unit(await facts_for_units(session, subtree, today), include_unofficial, basis))
    then, now = (build_map(figures, units, scope=scope, as_of=day, include_unofficial=include_unofficial, basis=basis)
                 for figures, day in zip(both, (since, today), strict=True))
    return then, now


async def _scope(session: AsyncSession, scope_unit_id: int | None) -> tuple[set[int] | None, dict[int, UnitInfo],
                                                                            UnitInfo | None]:
    """The subtree's unit ids (None: every unit), those units, and the scope's own unit."""
    subtree = None if scope_unit_id is None else await unit_subtree_ids(session, scope_unit_id)
    units = await unit_infos(session, subtree)
    return subtree, units, None if scope_unit_id is None else units.get(scope_unit_id)


async def hr_unit_map(
    session: AsyncSession, employee_id: int, *, today: date, include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> UnitMap | None:
    """The map an HR admin may see (their scope), or None when they are not (or no longer) an HR admin."""
    scope = await hr_scope(session, employee_id)
    if scope is None:
        return None
    return await unit_map(session, scope_unit_id=scope.unit_id, today=today, include_unofficial=include_unofficial,
                          basis=basis)

