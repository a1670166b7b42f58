"""What the latest assessments lack, summed per unit: the stored advice (`assessment_gap`); per person it is
`bot.unitmap.lacks`.

The unit views sum it per (unit, indicator, gain) in one GROUP BY over the same latest assessments the map
counts (`bot.unitmap.facts.latest_assessments`), so a unit's figures and what it lacks describe the same people;
the sums are made exact in Python (`scoring.aggregate.Gain`) from the counts of each distinct gain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Assessment, Employee
from bot.storage.models.gaps import AssessmentGap
from bot.storage.profiles import Basis
from bot.unitmap.facts import latest_assessments, unit_conditions
from bot.unitmap.figures import BASES
from bot.unitmap.lacks import NEVER_ADVISED
from scoring.aggregate import Gain

UnitGains = dict[int | None, dict[str, Gain]]


def _latest(dialect: str, employees: sa.ColumnElement[bool] | None, until: date | None) -> sa.FromClause:
    employee = table_of(Employee)
    chosen = None if employees is None else table_of(Assessment).c.employee_id.in_(
        sa.select(employee.c.id).where(employees))
    return latest_assessments(dialect, chosen, until=until, columns=("official",))


async def unit_gains(session: AsyncSession, unit_ids: Collection[int] | None, *, include_unofficial: bool,
                     until: date | None = None, basis: Basis = Basis.VERIFIED) -> UnitGains:
    """Per unit (None: employees without a unit) and indicator: who lacks it among the results the mean counts
    (active members' latest assessments; CPNS and PPPK only when `include_unofficial`), and their gains.

    `basis` is the figure whose advice is summed; pass the map's (`UnitMap.basis`, the same default): "+X on
    the mean" is read as a gain on the mean shown beside it, and the two figures lack different things."""
    if basis not in BASES:
        raise ValueError(f"no advice is stored for the {basis} figure")
    employee, gap = table_of(Employee), table_of(AssessmentGap)
    connection = await core_connection(session)
    found: defaultdict[int | None, defaultdict[str, Gain]] = defaultdict(lambda: defaultdict(Gain))
    for condition in unit_conditions(unit_ids):
        latest = _latest(connection.dialect.name, condition, until)
        counted = sa.true() if include_unofficial else latest.c.official.is_(True)
        query = (
            sa.select(employee.c.unit_id, gap.c.code, gap.c.gain, sa.func.count())
            .select_from(employee.join(latest, latest.c.employee_id == employee.c.id)
                         .join(gap, sa.and_(gap.c.assessment_id == latest.c.assessment_id,
                                                       gap.c.figure == basis.value)))
            .where(employee.c.active.is_(True), counted, *([] if condition is None else [condition]))
            .group_by(employee.c.unit_id, gap.c.code, gap.c.gain)
        )
        rows: Any = await connection.execute(query)
        for unit_id, code, gain, people in rows:
            if code not in NEVER_ADVISED:
                found[unit_id][code] += Gain.of_group(int(people), float(gain))
    return {unit: dict(codes) for unit, codes in found.items()}


def added(gains: Iterable[dict[str, Gain]]) -> dict[str, Gain]:
    """The gains of several units together."""
    total: defaultdict[str, Gain] = defaultdict(Gain)
    for codes in gains:
        for code, gain in codes.items():
            total[code] += gain
    return dict(total)
