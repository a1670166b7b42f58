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
from bot.unitmap.figures import Figures
from scoring import load_ruleset
from scoring.aggregate import SUMMED_FIGURES, Tally
from scoring.engine import JP_EPSILON

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


def _figures(row: Any, include_unofficial: bool, basis: Basis) -> Figures:
    _, official, category, verified_category, checked, people, duty, met, *sums, _off_grid = row
    measured = category is not None
    counted = measured and (bool(official) or include_unofficial)
    width = len(SUMMED_FIGURES)
    declared = Tally.of_group(people, category if counted else None,
                              dict(zip(SUMMED_FIGURES, sums[:width], strict=True)))
    verified = Tally.of_group(people, verified_category if counted else None,
                              dict(zip(SUMMED_FIGURES, sums[width:], strict=True)))
    return Figures(verified, declared, int(duty), int(met), people if measured and not official else 0,
                   int(checked) if counted else 0, basis)


async def unit_figures(
    session: AsyncSession, unit_ids: Collection[int] | None, today: date, *, include_unofficial: bool,
    until: date | None = None,
    basis: Basis = Basis.VERIFIED,
) -> dict[int | None, Figures] | None:
    """The figures of each unit's own active members (key None: employees without a unit), for these units
    (None: every unit, and the employees without one), `basis` the headline. None when a stored figure is
    off the exact grid."""
    connection = await core_connection(session)
    figures: defaultdict[int | None, Figures] = defaultdict(lambda: Figures(basis=basis))
    for condition in unit_conditions(unit_ids):
        for row in await connection.execute(_query(today, connection.dialect.name, condition, until)):
            if row[-1]:
                return None
            figures[row[0]] += _figures(row, include_unofficial, basis)
    return dict(figures)
