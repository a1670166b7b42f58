"""What the HR and supervisor views know about each active employee, read in one query per 1,000 people.

/rekap, /tim and the broadcast audiences all ask the same questions of many employees at once: the latest
assessment (rules §6: the latest result is what counts as measured), JP this calendar year (rules §7) and
how to reach them. Reading them with correlated subqueries on the indexes `(employee_id, created_at)` and
`(employee_id, end_date)` keeps 50,000 employees well under a second on SQLite and PostgreSQL, where
loading ORM objects or re-scoring every snapshot would not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Assessment, Employee, TrainingRecord
from scoring import load_ruleset
from scoring.engine import jp_shortfall
from scoring.models import EmploymentStatus
from scoring.result import CategoryName, ScoreResult, build
from scoring.ruleset import CATEGORY_NAMES

_IN_CHUNK = 1_000  # ids per IN (...) list, far below both databases' parameter limits
JP_DUTY = frozenset({EmploymentStatus.PNS, EmploymentStatus.CPNS})
"""Rules §7: the 20 JP a year bind PNS and CPNS; PPPK have a right to development, not this duty."""


@dataclass(frozen=True, slots=True)
class MemberFacts:
    employee_id: int
    name: str
    nip: str
    unit_id: int | None
    supervisor_id: int | None
    status: EmploymentStatus
    telegram_user_id: int | None
    blocked: bool
    result: ScoreResult | None = field(repr=False)  # figures only: its repr would ask for reasons
    """The latest assessment's figures (None: never measured)."""
    assessed_on: date | None
    jp: float
    """JP of every counted learning activity dated this calendar year up to today (rules §7)."""

    @property
    def owes_jp(self) -> bool:
        return self.status in JP_DUTY

    @property
    def shortfall(self) -> float:
        """JP still missing this year; 0 for those without the duty."""
        return jp_shortfall(self.jp) if self.owes_jp else 0.0

    @property
    def reachable(self) -> bool:
        """Linked to Telegram and not known to have blocked the bot."""
        return self.telegram_user_id is not None and not self.blocked


def stored_result(
    total: float, category: str, dimensions: tuple[float, float, float, float], official: bool, ruleset: str,
    as_of: date,
) -> ScoreResult:
    """A stored assessment's figures as the `ScoreResult` that `scoring.aggregate` reads (total, category,
    dimension points, official), without re-scoring the snapshot. The JP fields are not kept with an
    assessment and read 0 here, and reasons or advice cannot be asked of it: it is for aggregates only."""
    kualifikasi, kompetensi, kinerja, disiplin = dimensions
    return build(ScoreResult, {
        "total": total,
        "category": category,
        "dimension_points": {
            "kualifikasi": kualifikasi, "kompetensi": kompetensi, "kinerja": kinerja, "disiplin": disiplin,
        },
        "ruleset": ruleset,
        "as_of": as_of,
        "jp_this_year": 0.0,
        "jp_shortfall": 0.0,
        "official": official,
    }, private={})  # fmt: skip


def _query(today: date) -> sa.Select[Any]:
    employee, assessment, training = table_of(Employee), table_of(Assessment), table_of(TrainingRecord)
    latest = (
        sa.select(assessment.c.id)
        .where(assessment.c.employee_id == employee.c.id)
        .order_by(assessment.c.created_at.desc(), assessment.c.id.desc())
        .limit(1)
        .correlate(employee)
        .scalar_subquery()
    )
    kinds = [kind.value for kind in load_ruleset().jp_obligation.kinds]
    jp = (
        sa.select(sa.func.coalesce(sa.func.sum(training.c.jp), 0.0))
        .where(
            training.c.employee_id == employee.c.id,
            training.c.end_date >= date(today.year, 1, 1),
            training.c.end_date <= today,
            training.c.kind.in_(kinds),
        )
        .correlate(employee)
        .scalar_subquery()
    )
    return (
        sa.select(
            employee.c.id, employee.c.name, employee.c.nip, employee.c.unit_id, employee.c.supervisor_id,
            employee.c.employment_status, employee.c.telegram_user_id, employee.c.telegram_blocked_at,
            assessment.c.total, assessment.c.category, assessment.c.kualifikasi, assessment.c.kompetensi,
            assessment.c.kinerja, assessment.c.disiplin, assessment.c.official, assessment.c.as_of,
            assessment.c.ruleset_id, jp.label("jp"),
        )
        .select_from(employee.outerjoin(assessment, assessment.c.id == latest))
        .where(employee.c.active.is_(True))
    )


_STATUS = {status.value: status for status in EmploymentStatus}


def _facts(rows: Iterable[Any]) -> list[MemberFacts]:
    """Rows of `_query` → facts; positional unpacking, as this runs 50,000 times for one /rekap."""
    facts = []
    for (employee_id, name, nip, unit_id, supervisor_id, status, telegram_user_id, blocked_at, total, category,
         kualifikasi, kompetensi, kinerja, disiplin, official, as_of, ruleset, jp) in rows:
        result = None if total is None else stored_result(
            total, category, (kualifikasi, kompetensi, kinerja, disiplin), official, ruleset, as_of)
        facts.append(MemberFacts(employee_id, name, nip, unit_id, supervisor_id, _STATUS[status], telegram_user_id,
                                 blocked_at is not None, result, as_of, round(float(jp or 0.0), 4)))
    return facts


async def facts_for_units(session: AsyncSession, unit_ids: Collection[int] | None, today: date) -> list[MemberFacts]:
    """Active employees of these units (None: every active employee, with or without a unit)."""
    employee = table_of(Employee)
    query = _query(today)
    connection = await core_connection(session)
    if unit_ids is None:
        return _facts(await connection.execute(query))
    facts: list[MemberFacts] = []
    ids = sorted(unit_ids)
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        facts.extend(_facts(await connection.execute(query.where(employee.c.unit_id.in_(chunk)))))
    return facts


async def facts_for_employees(session: AsyncSession, employee_ids: Iterable[int], today: date) -> list[MemberFacts]:
    """These employees, the active ones only."""
    employee = table_of(Employee)
    query = _query(today)
    connection = await core_connection(session)
    ids = sorted(set(employee_ids))
    facts: list[MemberFacts] = []
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        facts.extend(_facts(await connection.execute(query.where(employee.c.id.in_(chunk)))))
    return facts


def category_rank(category: CategoryName | str) -> int:
    """0 for the lowest category up to 4 for the highest, for "at or below" comparisons (rules §5)."""
    return len(CATEGORY_NAMES) - 1 - CATEGORY_NAMES.index(category)
