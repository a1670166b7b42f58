"""Each unit's figures for the map, added up by the database instead of read one person at a time.

The map needs only counts and sums per unit, so one GROUP BY over (unit, official, declared category, verified
category) answers with a few rows per unit: for 50,000 employees in 500 units a few thousand
rows instead of 50,000, and no Python object per person. Each row carries the sums of both figures (declared
and verified, docs/ipasn-rules.md §10), so one query gives the map of either basis and the share of
results that rest on no pending claim. The same joins as the per-person read (`facts.active_members`) choose
the people, so both ways count the same members.

§6 wants the mean of the exact totals, rounded once. A float sum is exact when every value is a multiple
of 2**-10 and the sum stays below 2**43 (nine trillion): scores built from the rule set's points (whole or
half points, at most 100 a person) always are. The query also counts the values that are not; if there is
one (a rule set with points like 0.1), `unit_figures` returns None and the caller reads each person
instead, so the map always equals `scoring.aggregate` over the same people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection
from bot.storage.profiles import Basis
from bot.unitmap.facts import JP_DUTY, active_members, unit_conditions
from bot.unitmap.figures import BASES, Figures
from scoring import load_ruleset
from scoring.aggregate import SUMMED_FIGURES, Tally, exact
from scoring.engine import JP_EPSILON
from scoring.ruleset import CATEGORY_NAMES

_GRID = 1024
"""Sums are exact for multiples of 1/_GRID (a power of two: multiplying by it is exact too)."""


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


VERIFIED_FIGURES: tuple[str, ...] = tuple(f"verified_{name}" for name in SUMMED_FIGURES)
"""The assessment columns of the verified figure, in the order of `SUMMED_FIGURES`."""


def _query(today: date, dialect: str, employees: sa.ColumnElement[bool] | None,
           until: date | None = None) -> sa.Select[Any]:
    """Per unit, official flag and both categories (None: not measured): the fully verified results, people,
    JP duty and met, the sums of the total and each dimension of both figures, and how many summed values are
    off the exact grid."""
    employee, latest, jp, joined, where = active_members(today, dialect, employees, until=until)
    duty = employee.c.employment_status.in_(sorted(status.value for status in JP_DUTY))
    yearly = float(load_ruleset().jp_obligation.yearly_jp)
    jp_so_far = sa.func.coalesce(jp.c.jp, sa.literal(0.0, sa.Float()))
    met = sa.and_(duty, jp_so_far + sa.literal(JP_EPSILON, sa.Float()) >= sa.literal(yearly, sa.Float()))
    summed = (*SUMMED_FIGURES, *VERIFIED_FIGURES)
    off_grid = sa.or_(*(latest.c[name] * _GRID != sa.func.round(latest.c[name] * _GRID) for name in summed))
    return (
        sa.select(
            employee.c.unit_id, latest.c.official, latest.c.category, latest.c.verified_category,
            _count(latest.c.fully_verified.is_(True)), sa.func.count(), _count(duty), _count(met),
            *(sa.func.sum(latest.c[name]) for name in summed), _count(off_grid),
        )
        .select_from(joined)
        .where(where)
        .group_by(employee.c.unit_id, latest.c.official, latest.c.category, latest.c.verified_category)
    )


_CATEGORY_INDEX = {name: k for k, name in enumerate(CATEGORY_NAMES)}


class _UnitSums:
    """One unit's rows added up as plain numbers, made into `Figures` once at the end: a `Tally` per row and
    an addition of two per row cost more than reading the rows (6,000 for 50,000 people in 500 units).

    The sums stay floats until then: every value is on the exact grid (the query counts those that are not,
    and then nothing of this is used) and far below 2**43, so adding the rows' sums is exact too."""

    __slots__ = ("checked", "distribution", "duty", "members", "met", "outside", "sums")

    def __init__(self) -> None:
        self.members = self.duty = self.met = self.outside = self.checked = 0
        self.distribution = {basis: [0] * len(CATEGORY_NAMES) for basis in BASES}
        self.sums = {basis: [0.0] * len(SUMMED_FIGURES) for basis in BASES}

    def add(self, row: Any, include_unofficial: bool) -> None:
        _, official, category, verified_category, checked, people, duty, met, *sums, _off_grid = row
        self.members += people
        self.duty += int(duty)
        self.met += int(met)
        if category is None:  # not measured
            return
        if not official:
            self.outside += people
            if not include_unofficial:
                return
        self.checked += int(checked)
        width = len(SUMMED_FIGURES)
        for basis, named, figures in ((Basis.DECLARED, category, sums[:width]),
                                      (Basis.VERIFIED, verified_category, sums[width:])):
            if named not in _CATEGORY_INDEX:
                raise ValueError(f"unknown category {named!r}")
            self.distribution[basis][_CATEGORY_INDEX[named]] += people
            totals = self.sums[basis]
            for k, value in enumerate(figures):
                totals[k] += value

    def figures(self, basis: Basis) -> Figures:
        verified, declared = (Tally(self.members, tuple(self.distribution[b]), tuple(exact(v) for v in self.sums[b]))
                              for b in (Basis.VERIFIED, Basis.DECLARED))
        return Figures(verified, declared, self.duty, self.met, self.outside, self.checked, basis)


async def unit_figures(
    session: AsyncSession, unit_ids: Collection[int] | None, today: date, *, include_unofficial: bool,
    until: date | None = None,
    basis: Basis = Basis.VERIFIED,
) -> dict[int | None, Figures] | None:
    """The figures of each unit's own active members (key None: employees without a unit), for these units
    (None: every unit, and the employees without one), `basis` the headline. None when a stored figure is
    off the exact grid."""
    connection = await core_connection(session)
    units: defaultdict[int | None, _UnitSums] = defaultdict(_UnitSums)
    for condition in unit_conditions(unit_ids):
        for row in await connection.execute(_query(today, connection.dialect.name, condition, until)):
            if row[-1]:
                return None
            units[row[0]].add(row, include_unofficial)
    return {unit_id: found.figures(basis) for unit_id, found in units.items()}
