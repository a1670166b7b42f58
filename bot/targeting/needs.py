"""Why a unit is low and what to do first: per indicator, who lacks it and what meeting it adds to the mean; the
intervention list ranks those actions across the scope by points of the scope's mean gained per person reached.

Every figure comes from scoring's own advice for the map's headline figure (`UnitMap.basis`: the mean shown is
the mean the gains are on), stored with each assessment (`gaps`), summed exactly
(`scoring.aggregate.Gain`) and divided by the measured members the mean counts, rounded once: the gain a unit's
mean would see if everyone lacking the indicator met it. Discipline is never an action (rules §8).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.profiles import Basis
from bot.targeting.gaps import UnitGains, added, unit_gains
from bot.targeting.scope import ScopedUnit, scoped_unit
from bot.unitmap.figures import Figures
from bot.unitmap.service import UnitInfo, UnitMap, UnitRow, chain, unit_map
from scoring.aggregate import Gain


@dataclass(frozen=True)
class Need:
    """One indicator in a group: who lacks it (`gain.people`), in how many units, and the exact gains."""

    code: str
    gain: Gain
    units: int
    measured: int
    """Results in the group's mean: the divisor of `on_mean`."""

    @property
    def on_mean(self) -> float | None:
        return self.gain.on_mean(self.measured)


@dataclass(frozen=True)
class Needs:
    """A unit (with everything below it) or the whole scope: its mean and what it lacks, best action first."""

    unit: UnitInfo | None
    """None: the admin's whole scope."""
    mean: float | None
    measured: int
    members: int
    needs: list[Need]
    as_of: date


def ranked(gains: dict[str, Gain], units: dict[str, int], measured: int) -> list[Need]:
    """Best first: the most points of the mean per person reached; then the most people; then by code."""
    needs = [Need(code, gain, units.get(code, 0), measured) for code, gain in gains.items() if gain.people]
    return sorted(needs, key=lambda n: (-n.gain.per_person(), -n.gain.people, n.code))


def needs_of(found: UnitMap, gains: UnitGains, unit: UnitInfo | None) -> Needs:
    """What `unit`'s subtree (None: the whole map) lacks, from the per-unit gains of the map's units."""
    if unit is None:
        row, chosen = found.total, list(gains)
    else:
        assert unit.id is not None
        nobody = UnitRow(unit, Figures(basis=found.basis))  # nobody below
        row = next((r for r in found.tree if r.unit.id == unit.id), nobody)
        chosen = [u for u in gains if u is not None and unit.id in chain(u, found.units)]
    units: defaultdict[str, int] = defaultdict(int)
    for unit_id in chosen:
        for code, gain in gains[unit_id].items():
            if gain.people:
                units[code] += 1
    summary = row.summary
    return Needs(unit, summary.mean, summary.measured, summary.members,
                 ranked(added(gains[u] for u in chosen), units, summary.measured), found.as_of)


async def scope_needs(session: AsyncSession, admin_id: int, unit_id: int | None, *, today: date,
                      include_unofficial: bool, basis: Basis = Basis.VERIFIED) -> Needs:
    """The intervention list of a unit in the admin's scope (None: the whole scope); `OutsideScope` else.
    `basis`: the headline figure (INDEX_BASIS); the mean shown and the gains on it are both of that figure."""
    scoped: ScopedUnit = await scoped_unit(session, admin_id, unit_id)
    found = await unit_map(session, scope_unit_id=scoped.root_id, today=today, include_unofficial=include_unofficial,
                           basis=basis)
    subtree = None if scoped.root_id is None else set(found.units)
    gains = await unit_gains(session, subtree, include_unofficial=include_unofficial, basis=found.basis)
    unit = found.scope if scoped.unit_id is None else found.units[scoped.unit_id]
    return needs_of(found, gains, unit)
