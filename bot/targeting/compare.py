"""Over time: the map as of a past date, and the change per unit between then and today, units that fell first.

The map as of a day counts each active member's latest assessment dated on or before it (`until`), and JP of
that day's calendar year up to it; the roster and the unit tree are today's (who was where is not kept). At
today it is /rekap's map exactly: the same people, the same sums (`bot.unitmap`). Both days' figures come from
one query (`unit_maps_then_and_now`): the members and their records are read once, not once per day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.profiles import Basis
from bot.targeting.scope import scoped_unit
from bot.unitmap.service import UnitInfo, UnitMap, unit_maps_then_and_now
from scoring.result import UnitSummary


def end_of_last_year(today: date) -> date:
    """The default date to compare with: 31 December of the year before."""
    return date(today.year - 1, 12, 31)


@dataclass(frozen=True)
class Change:
    unit: UnitInfo
    before: UnitSummary
    after: UnitSummary

    @property
    def delta(self) -> float | None:
        """The mean's change (None when either date has nobody measured), on the rounded means shown."""
        if self.before.mean is None or self.after.mean is None:
            return None
        return round(self.after.mean - self.before.mean, 2)


@dataclass(frozen=True)
class Comparison:
    since: date
    today: date
    unit: UnitInfo | None
    """The unit compared (with everything below it); None: the admin's whole scope."""
    total: Change
    units: list[Change]
    """Each unit of the subtree (with everything below it): the largest fall first; then the rises; units
    without a mean at either date last."""


def fell_first(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (c.delta is None, c.delta if c.delta is not None else 0.0, c.unit.code))


def changes(before: UnitMap, after: UnitMap) -> list[Change]:
    then = {row.unit.id: row.summary for row in before.tree}
    return fell_first([Change(row.unit, then[row.unit.id], row.summary) for row in after.tree
                       if row.unit.id in then])


async def compare(session: AsyncSession, admin_id: int, unit_id: int | None, *, since: date, today: date,
                  include_unofficial: bool, basis: Basis = Basis.VERIFIED) -> Comparison:
    """`NotHrAdmin` / `OutsideScope` from the scope check. `basis`: the headline figure (INDEX_BASIS), whose
    means are compared, as the map shows them."""
    scoped = await scoped_unit(session, admin_id, unit_id)
    root = scoped.unit_id if scoped.unit_id is not None else scoped.root_id
    before, after = await unit_maps_then_and_now(session, scope_unit_id=root, today=today, since=since,
                                                 include_unofficial=include_unofficial, basis=basis)
    if scoped.unit_id is None:
        total = Change(after.total.unit, before.total.summary, after.total.summary)
        unit = after.scope
    else:
        unit = after.units[scoped.unit_id]
        total = next((c for c in changes(before, after) if c.unit.id == scoped.unit_id),
                     Change(unit, before.total.summary, after.total.summary))
    listed = [c for c in changes(before, after) if c.unit.id not in (scoped.unit_id, scoped.root_id)]
    return Comparison(since, today, unit, total, listed)
