"""Each unit's figures for the map, added up by the database instead of read one person at a time.

The map needs only counts and sums per unit, so one GROUP BY over (unit, official, declared category, verified
category) answers with a few rows per unit: for 50,000 employees in 500 units a few thousand
rows instead of 50,000, and no Python object per person. Each row carries the sums of both figures (declared
and verified, docs/ipasn-rules.md §10), so one query gives the map of either basis and the share of
results that rest on no pending claim. The same joins as the per-person read (`facts.active_members`) choose
the people, so both ways count the same members.

§6 wants the mean of the exact totals, rounded once. A float sum is exact when every value is a multiple
of 2**-10 and the sum stays below 2**43 (nine trillion): scores built from the rule set's points (whole or
half points, at most 100 a person) always are. Before summing, one probe of a partial index asks whether any
stored assessment has a value that is not (`OFF_GRID_FIGURES`: a rule set with points like 0.1); if one the map
would sum does, `unit_figures` returns None and the caller reads each person instead, so the map always equals
`scoring.aggregate` over the same people. (Testing each summed row instead cost ten products and roundings per
person: an eighth of the SQLite query.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Assessment, Employee
from bot.storage.models.records import OFF_GRID_FIGURES
from bot.storage.profiles import Basis
from bot.unitmap.facts import JP_DUTY, active_members, latest_assessments, members_then_and_now, unit_conditions
from bot.unitmap.figures import BASES, Figures
from scoring import load_ruleset
from scoring.aggregate import SUMMED_FIGURES, Tally, exact
from scoring.engine import JP_EPSILON
from scoring.ruleset import CATEGORY_NAMES


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
    return sa.func.sum(sa.case((condition, 1), else_=0))


VERIFIED_FIGURES: tuple[str, ...] = tuple(f"verified_{name}" for name in SUMMED_FIGURES)
"""The assessment columns of the verified figure, in the order of `SUMMED_FIGURES`."""


def _duty(status: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    return status.in_(sorted(s.value for s in JP_DUTY))


def _moment(status: sa.ColumnElement[Any], latest: sa.FromClause, jp: sa.ColumnElement[Any],
            ) -> tuple[list[sa.ColumnElement[Any]], list[sa.ColumnElement[Any]]]:
    """What one map groups by, the latest assessment's official flag and both categories (None: not measured),
    and what it adds up in each group: the fully verified results, the JP duty met (`jp`, the JP so far, NULL:
    none), the sums of the total and each dimension of both figures."""
    yearly = float(load_ruleset().jp_obligation.yearly_jp)
    jp_so_far = sa.func.coalesce(jp, sa.literal(0.0, sa.Float()))
    met = sa.and_(_duty(status), jp_so_far + sa.literal(JP_EPSILON, sa.Float()) >= sa.literal(yearly, sa.Float()))
    summed = (*SUMMED_FIGURES, *VERIFIED_FIGURES)
    keys: list[sa.ColumnElement[Any]] = [latest.c.official, latest.c.category, latest.c.verified_category]
    return keys, [_count(latest.c.fully_verified.is_(True)), _count(met),
                  *(sa.func.sum(latest.c[name]) for name in summed)]


_MOMENT_WIDTH = 2 + 2 * len(SUMMED_FIGURES)
"""How many columns `_moment` adds up for one map."""


def _query(today: date, dialect: str, employees: sa.ColumnElement[bool] | None,
           until: date | None = None) -> sa.Select[Any]:
    """One map's rows: unit, people, JP duty, then `_moment`'s keys and sums."""
    employee, latest, jp, joined, where = active_members(today, dialect, employees, until=until)
    keys, sums = _moment(employee.c.employment_status, latest, jp.c.jp)
    return (sa.select(employee.c.unit_id, sa.func.count(), _count(_duty(employee.c.employment_status)), *keys, *sums)
            .select_from(joined).where(where).group_by(employee.c.unit_id, *keys))


def _then_and_now_query(today: date, since: date, dialect: str,
                        employees: sa.ColumnElement[bool] | None) -> sa.Select[Any]:
    """Today's map and the map as of `since` in one GROUP BY: unit, people, JP duty, today's keys, then's keys,
    today's sums, then's sums. Each member is read once with both their latest assessments and both years' JP
    (`members_then_and_now`); a row adds to one group of each map."""
    employee, now, then, jp, joined, where = members_then_and_now(today, since, dialect, employees)
    now_keys, now_sums = _moment(employee.c.employment_status, now, jp.c.now)
    then_keys, then_sums = _moment(employee.c.employment_status, then, jp.c.then)
    return (sa.select(employee.c.unit_id, sa.func.count(), _count(_duty(employee.c.employment_status)),
                      *now_keys, *then_keys, *now_sums, *then_sums)
            .select_from(joined).where(where).group_by(employee.c.unit_id, *now_keys, *then_keys))


_CATEGORY_INDEX = {name: k for k, name in enumerate(CATEGORY_NAMES)}


class _UnitSums:
    """One unit's rows added up as plain numbers, made into `Figures` once at the end: a `Tally` per row and
    an addition of two per row cost more than reading the rows (6,000 for 50,000 people in 500 units).

    The sums stay floats until then: every value is on the exact grid (else the rows are not read, see
    `_off_grid`) and far below 2**43, so adding the rows' sums is exact too."""

    __slots__ = ("checked", "distribution", "duty", "members", "met", "outside", "sums")

    def __init__(self) -> None:
        self.members = self.duty = self.met = self.outside = self.checked = 0
        self.distribution = {basis: [0] * len(CATEGORY_NAMES) for basis in BASES}
        self.sums = {basis: [0.0] * len(SUMMED_FIGURES) for basis in BASES}

    def add(self, people: int, duty: int, keys: Sequence[Any], sums: Sequence[Any], include_unofficial: bool) -> None:
        """A group of `people` (`duty` of them with the JP duty): `_moment`'s keys and sums."""
        official, category, verified_category = keys
        checked, met, *figures = sums
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
        for basis, named, values in ((Basis.DECLARED, category, figures[:width]),
                                     (Basis.VERIFIED, verified_category, figures[width:])):
            if named not in _CATEGORY_INDEX:
                raise ValueError(f"unknown category {named!r}")
            self.distribution[basis][_CATEGORY_INDEX[named]] += people
            totals = self.sums[basis]
            for k, value in enumerate(values):
                totals[k] += value

    def figures(self, basis: Basis) -> Figures:
        verified, declared = (Tally(self.members, tuple(self.distribution[b]), tuple(exact(v) for v in self.sums[b]))
                              for b in (Basis.VERIFIED, Basis.DECLARED))
        return Figures(verified, declared, self.duty, self.met, self.outside, self.checked, basis)


async def _off_grid(connection: AsyncConnection, unit_ids: Collection[int] | None,
                    untils: Sequence[date | None]) -> bool:
    """Whether a latest assessment a map of these units sums (one map per `until`, see `latest_assessments`)
    has a figure off the exact grid. First one probe of the partial index `ix_assessment_off_grid` (the
    condition spelt as the index spells it): normally it is empty and that is all. Only when some assessment is
    off the grid, whether it is one of those the maps would sum (an older one, superseded, is not)."""
    assessment, employee = table_of(Assessment), table_of(Employee)
    off = sa.select(assessment.c.id).where(sa.text(OFF_GRID_FIGURES))
    # a count, not LIMIT 1: PostgreSQL's planner expects most rows to match and would scan the table for one
    if not (await connection.execute(sa.select(sa.func.count()).select_from(off.subquery()))).scalar_one():
        return False
    for condition in unit_conditions(unit_ids):
        for until in untils:
            latest = latest_assessments(connection.dialect.name, None, until=until, columns=())
            counted = (sa.select(sa.func.count())
                       .select_from(employee.join(latest, latest.c.employee_id == employee.c.id))
                       .where(employee.c.active.is_(True), latest.c.assessment_id.in_(off),
                              *([] if condition is None else [condition])))
            if (await connection.execute(counted)).scalar_one():
                return True
    return False


async def unit_figures(
    session: AsyncSession, unit_ids: Collection[int] | None, today: date, *, include_unofficial: bool,
    until: date | None = None,
    basis: Basis = Basis.VERIFIED,
) -> dict[int | None, Figures] | None:
    """The figures of each unit's own active members (key None: employees without a unit), for these units
    (None: every unit, and the employees without one), `basis` the headline. None when a stored figure is
    off the exact grid."""
    connection = await core_connection(session)
    if await _off_grid(connection, unit_ids, [until]):
        return None
    units: defaultdict[int | None, _UnitSums] = defaultdict(_UnitSums)
    for condition in unit_conditions(unit_ids):
        for unit_id, people, duty, *row in await connection.execute(
                _query(today, connection.dialect.name, condition, until)):
            units[unit_id].add(people, duty, row[:3], row[3:], include_unofficial)
    return {unit_id: found.figures(basis) for unit_id, found in units.items()}


async def unit_figures_then_and_now(
    session: AsyncSession, unit_ids: Collection[int] | None, today: date, since: date, *, include_unofficial: bool,
    basis: Basis = Basis.VERIFIED,
) -> tuple[dict[int | None, Figures], dict[int | None, Figures]] | None:
    """(as of `since`, today): what `unit_figures(…, since, until=since)` and `unit_figures(…, today)` give, from
    one query that reads the members and their training records once. None when a stored figure is off the
    exact grid."""
    connection = await core_connection(session)
    if await _off_grid(connection, unit_ids, [None, since]):
        return None
    moments: tuple[defaultdict[int | None, _UnitSums], ...] = (defaultdict(_UnitSums), defaultdict(_UnitSums))
    for condition in unit_conditions(unit_ids):
        for unit_id, people, duty, *row in await connection.execute(
                _then_and_now_query(today, since, connection.dialect.name, condition)):
            now, then = row[6:6 + _MOMENT_WIDTH], row[6 + _MOMENT_WIDTH:]
            moments[0][unit_id].add(people, duty, row[:3], now, include_unofficial)
            moments[1][unit_id].add(people, duty, row[3:6], then, include_unofficial)
    now, then = ({unit_id: found.figures(basis) for unit_id, found in units.items()} for units in moments)
    return then, now
