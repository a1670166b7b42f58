"""What the HR and supervisor views know about each active employee, read in one query per 1,000 people.

/rekap, /tim and the broadcast audiences all ask the same questions of many employees at once: the latest
assessment (rules §6: the latest result is what counts as measured), JP this calendar year (rules §7) and
how to reach them. One Core query per 1,000 ids (or one for everyone) with two derived tables, read as
plain tuples: loading ORM objects or re-scoring every snapshot would take seconds for 50,000 people.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Assessment, Employee, TrainingRecord
from bot.storage.profiles import Basis, declared_join, declared_trainings
from scoring import load_ruleset
from scoring.engine import jp_shortfall
from scoring.models import EmploymentStatus
from scoring.result import CategoryName, ScoreResult, build
from scoring.ruleset import CATEGORY_NAMES

_IN_CHUNK = 1_000  # ids per IN (...) list, far below both databases' parameter limits
JP_DUTY = frozenset({EmploymentStatus.PNS, EmploymentStatus.CPNS})
"""Rules §7: the 20 JP a year bind PNS and CPNS; PPPK have a right to development, not this duty."""


class MemberFacts(NamedTuple):
    """One active employee as the views see them. A tuple, not a frozen dataclass: 50,000 of them are made
    for one /rekap, and a tuple is made several times faster."""

    employee_id: int
    name: str
    nip: str
    unit_id: int | None
    supervisor_id: int | None
    status: EmploymentStatus
    telegram_user_id: int | None
    blocked: bool
    result: ScoreResult | None
    """The latest assessment's *declared* figures (None: never measured)."""
    assessed_on: date | None
    jp: float
    """JP of every counted learning activity dated this calendar year up to today (rules §7), unrounded: the
    shortfall is decided on the sum itself, as the reminders and /jp decide it."""
    verified: ScoreResult | None = None
    """The latest assessment's *verified* figures (official records and verified claims; None: never measured)."""
    fully_verified: bool = False
    """No indicator of the latest assessment rests on a pending claim (its two figures are the same)."""

    def result_of(self, basis: Basis) -> ScoreResult | None:
        """The latest figures of one basis (docs/ipasn-rules.md §10); `Basis.OFFICIAL` is not stored per
        assessment and reads as the verified one."""
        return self.result if basis is Basis.DECLARED else self.verified

    def __repr__(self) -> str:  # without `result`: a figures-only ScoreResult cannot show its reasons
        return f"MemberFacts(employee_id={self.employee_id}, name={self.name!r}, unit_id={self.unit_id})"

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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause CPython's cycle collector while many acyclic objects are made at once: with a large heap its
    repeated full passes cost more than building the objects (measured: twice as slow for 50,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


_LATEST_COLUMNS = ("total", "category", "kualifikasi", "kompetensi", "kinerja", "disiplin", "official", "as_of",
                   "ruleset_id", "verified_total", "verified_category", "verified_kualifikasi", "verified_kompetensi",
                   "verified_kinerja", "verified_disiplin", "fully_verified")


def _distinct_on(query: sa.Select[Any], column: sa.ColumnElement[Any]) -> sa.Select[Any]:
    """PostgreSQL's DISTINCT ON, spelt as SQLAlchemy 2.1 wants it (`distinct(column)` is deprecated there)."""
    try:
        from sqlalchemy.dialects.postgresql import distinct_on
    except ImportError:  # SQLAlchemy 2.0
        return query.distinct(column)
    return query.ext(distinct_on(column))


def latest_assessments(dialect: str, restrict: sa.ColumnElement[bool] | None, *,
                       until: date | None = None, name: str = "latest",
                       columns: Sequence[str] = _LATEST_COLUMNS) -> sa.FromClause:
    """Each employee's latest assessment (by creation, then id) as a table to join on `employee_id`; with
    `until`, the latest of those dated (`as_of`) on or before that day (the map as of a past date). Its
    columns: `employee_id`, `assessment_id` and these of the assessment (only what the caller reads: the
    database carries every one through the sort).

    PostgreSQL: DISTINCT ON, one sorted pass. SQLite has no DISTINCT ON; there the same rows come from a
    correlated LIMIT 1 on the (employee_id, created_at) index, which SQLite runs as one index seek each."""
    assessment = table_of(Assessment)
    chosen = [assessment.c.employee_id, *(assessment.c[column] for column in columns),
              assessment.c.id.label("assessment_id")]
    conditions = [c for c in (restrict, None if until is None else assessment.c.as_of <= until) if c is not None]
    if dialect == "postgresql":
        query = _distinct_on(sa.select(*chosen), assessment.c.employee_id).order_by(
            assessment.c.employee_id, assessment.c.created_at.desc(), assessment.c.id.desc())
        return query.where(*conditions).subquery(name)
    newer = assessment.alias("newer")
    dated = [] if until is None else [newer.c.as_of <= until]
    newest_id = (sa.select(newer.c.id).where(newer.c.employee_id == assessment.c.employee_id, *dated)
                 .order_by(newer.c.created_at.desc(), newer.c.id.desc()).limit(1)
                 .correlate(assessment).scalar_subquery())
    query = sa.select(*chosen).where(assessment.c.id == newest_id)
    return query.where(*conditions).subquery(name)


def jp_this_year(today: date, restrict: sa.ColumnElement[bool] | None) -> sa.FromClause:
    """JP per employee this calendar year up to today, of the kinds the rule set counts (rules §7), of the
    activities the declared figure counts (not a rejected or withdrawn claim, not a disputed record)."""
    return jp_up_to({"jp": today}, restrict)


def jp_up_to(days: Mapping[str, date], restrict: sa.ColumnElement[bool] | None) -> sa.FromClause:
    """`jp_this_year` as of several days in one scan of the training records (the map today and as of a past
    date): per employee, one column per name, the JP of that day's calendar year up to it (NULL: none)."""
    training = table_of(TrainingRecord)
    kinds = [kind.value for kind in load_ruleset().jp_obligation.kinds]

    def window(day: date) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool]]:
        return training.c.end_date >= date(day.year, 1, 1), training.c.end_date <= day

    if len(days) == 1:
        [(name, day)] = days.items()
        sums: list[sa.ColumnElement[Any]] = [sa.func.sum(training.c.jp).label(name)]
        dated = window(day)
    else:
        sums = [sa.func.sum(sa.case((sa.and_(*window(day)), training.c.jp))).label(name) for name, day in days.items()]
        dated = (training.c.end_date >= date(min(days.values()).year, 1, 1), training.c.end_date <= max(days.values()))
    query = (sa.select(training.c.employee_id, *sums)
             .select_from(declared_join(training))
             .where(*dated, training.c.kind.in_(kinds), declared_trainings(training))
             .group_by(training.c.employee_id))
    return (query.where(restrict) if restrict is not None else query).subquery("jp")


class ActiveMembers(NamedTuple):
    """The active employees matching a condition, each joined to their latest assessment and this year's JP
    (their columns NULL where there is none): `select_from(joined).where(where)`."""

    employee: sa.Table
    latest: sa.FromClause
    jp: sa.FromClause
    joined: sa.FromClause
    where: sa.ColumnElement[bool]


def _chosen(column: sa.ColumnElement[int], employees: sa.ColumnElement[bool] | None) -> sa.ColumnElement[bool] | None:
    """`column` (an employee id) among the employees matching `employees`: pushed into a derived table, so a
    team of 5,000 does not sort the assessments of 50,000 (None: everyone)."""
    employee = table_of(Employee)
    return None if employees is None else column.in_(sa.select(employee.c.id).where(employees))


def _active(employees: sa.ColumnElement[bool] | None) -> sa.ColumnElement[bool]:
    active = table_of(Employee).c.active.is_(True)
    return active if employees is None else sa.and_(active, employees)


def active_members(today: date, dialect: str, employees: sa.ColumnElement[bool] | None, *,
                   until: date | None = None) -> ActiveMembers:
    """`employees` is a condition on the employee table (None: everyone). It is pushed into the two derived
    tables too. `until`: assessments dated on or before that day only (see `latest_assessments`)."""
    employee = table_of(Employee)
    latest = latest_assessments(dialect, _chosen(table_of(Assessment).c.employee_id, employees), until=until)
    jp = jp_this_year(today, _chosen(table_of(TrainingRecord).c.employee_id, employees))
    joined = (employee.outerjoin(latest, latest.c.employee_id == employee.c.id)
              .outerjoin(jp, jp.c.employee_id == employee.c.id))
    return ActiveMembers(employee, latest, jp, joined, _active(employees))


class MembersThenAndNow(NamedTuple):
    """`active_members` today and as of a past day at once: each active employee matching a condition joined
    to their latest assessment (`now`), their latest dated on or before that day (`then`), and the JP of each
    day's year (`jp.c.now`, `jp.c.then`): `select_from(joined).where(where)`."""

    employee: sa.Table
    now: sa.FromClause
    then: sa.FromClause
    jp: sa.FromClause
    joined: sa.FromClause
    where: sa.ColumnElement[bool]


def members_then_and_now(today: date, since: date, dialect: str,
                         employees: sa.ColumnElement[bool] | None) -> MembersThenAndNow:
    """The members `active_members(today, …)` and `active_members(since, …, until=since)` choose, with both
    their figures: one pass over the employees and one over their training records instead of two each."""
    employee, assessment = table_of(Employee), table_of(Assessment)
    now = latest_assessments(dialect, _chosen(assessment.c.employee_id, employees), name="now")
    then = latest_assessments(dialect, _chosen(assessment.c.employee_id, employees), until=since, name="then")
    jp = jp_up_to({"now": today, "then": since}, _chosen(table_of(TrainingRecord).c.employee_id, employees))
    joined = (employee.outerjoin(now, now.c.employee_id == employee.c.id)
              .outerjoin(then, then.c.employee_id == employee.c.id)
              .outerjoin(jp, jp.c.employee_id == employee.c.id))
    return MembersThenAndNow(employee, now, then, jp, joined, _active(employees))


def _query(today: date, dialect: str, employees: sa.ColumnElement[bool] | None,
           until: date | None = None) -> sa.Select[Any]:
    """One row per active employee matching `employees`, with the latest assessment's figures and JP."""
    employee, latest, jp, joined, where = active_members(today, dialect, employees, until=until)
    return sa.select(
        employee.c.id, employee.c.name, employee.c.nip, employee.c.unit_id, employee.c.supervisor_id,
        employee.c.employment_status, employee.c.telegram_user_id, employee.c.telegram_blocked_at,
        *(latest.c[name] for name in _LATEST_COLUMNS), jp.c.jp,
    ).select_from(joined).where(where)


_STATUS = {status.value: status for status in EmploymentStatus}


def _facts(rows: Iterable[Any]) -> list[MemberFacts]:
    """Rows of `_query` → facts; positional unpacking, as this runs 50,000 times for one /rekap."""
    facts = []
    with collector_paused():
        for (employee_id, name, nip, unit_id, supervisor_id, status, telegram_user_id, blocked_at, total,
             category, kualifikasi, kompetensi, kinerja, disiplin, official, as_of, ruleset, v_total, v_category,
             v_kualifikasi, v_kompetensi, v_kinerja, v_disiplin, fully_verified, jp) in rows:
            result = verified = None
            if total is not None:
                result = stored_result(total, category, (kualifikasi, kompetensi, kinerja, disiplin), official,
                                       ruleset, as_of)
                verified = stored_result(v_total, v_category, (v_kualifikasi, v_kompetensi, v_kinerja, v_disiplin),
                                         official, ruleset, as_of)
            facts.append(MemberFacts(employee_id, name, nip, unit_id, supervisor_id, _STATUS[status],
                                     telegram_user_id, blocked_at is not None, result, as_of,
                                     float(jp or 0.0), verified, bool(fully_verified)))
    return facts


async def _read(session: AsyncSession, today: date, condition: sa.ColumnElement[bool] | None,
                until: date | None = None) -> list[MemberFacts]:
    connection = await core_connection(session)
    return _facts(await connection.execute(_query(today, connection.dialect.name, condition, until)))


def in_chunks(column: sa.ColumnElement[Any], ids: Iterable[int]) -> Iterator[sa.ColumnElement[bool]]:
    """`column IN (...)` conditions of at most 1,000 ids each, together covering `ids`."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _IN_CHUNK):
        yield column.in_(ordered[start : start + _IN_CHUNK])


def unit_conditions(unit_ids: Collection[int] | None) -> Iterator[sa.ColumnElement[bool] | None]:
    """Conditions on the employee table that together choose the employees of these units (None: one
    condition, None, that chooses everyone, with or without a unit)."""
    if unit_ids is None:
        yield None
    else:
        yield from in_chunks(table_of(Employee).c.unit_id, unit_ids)


async def facts_for_units(session: AsyncSession, unit_ids: Collection[int] | None, today: date, *,
                          until: date | None = None) -> list[MemberFacts]:
    """Active employees of these units (None: every active employee, with or without a unit)."""
    facts: list[MemberFacts] = []
    for condition in unit_conditions(unit_ids):
        facts += await _read(session, today, condition, until)
    return facts


async def facts_for_employees(session: AsyncSession, employee_ids: Iterable[int], today: date) -> list[MemberFacts]:
    """These employees, the active ones only."""
    facts: list[MemberFacts] = []
    for condition in in_chunks(table_of(Employee).c.id, employee_ids):
        facts += await _read(session, today, condition)
    return facts


def category_rank(category: CategoryName | str) -> int:
    """0 for the lowest category up to 4 for the highest, for "at or below" comparisons (rules §5)."""
    return len(CATEGORY_NAMES) - 1 - CATEGORY_NAMES.index(category)
