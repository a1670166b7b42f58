"""Who a broadcast reaches: the audiences an HR admin can choose, always cut to the admin's own scope.

The scope is applied here, not in the dialog: whatever unit ids arrive (from buttons, typed codes or a
forged callback), an admin limited to a unit never reaches anyone outside its subtree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Unit
from bot.storage.roles import hr_unit_ids
from bot.storage.units import UnitNotFound, resolve_unit, unit_subtree_ids
from bot.unitmap.facts import JP_DUTY, ActiveMembers, active_members, category_rank
from scoring import load_ruleset
from scoring.engine import JP_EPSILON
from scoring.ruleset import CATEGORY_NAMES

MAX_UNIT_BUTTONS = 24


class AudienceKind(StrEnum):
    ALL = "all"
    UNITS = "units"
    """One or more units, each with its sub-units."""
    SHORTFALL = "shortfall"
    """Short of the 20 JP this year (rules §7: those who owe them, PNS and CPNS)."""
    CATEGORY = "category"
    """Latest result in the chosen category or a lower one."""
    UNASSESSED = "unassessed"
    """No assessment dated this calendar year."""


class AudienceRefused(PermissionError):
    """The admin may not send to this audience (or is no longer an admin); `key` says why."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    unit_ids: tuple[int, ...] = ()
    category: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "unit_ids": list(self.unit_ids), "category": self.category}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Audience:
        """From dialog state or a stored broadcast; anything malformed is refused, not guessed at."""
        try:
            kind = AudienceKind(str(raw.get("kind")))
            units = tuple(int(u) for u in raw.get("unit_ids") or ())
        except (TypeError, ValueError):
            raise AudienceRefused("siaran.audience_invalid") from None
        category = raw.get("category")
        if kind is AudienceKind.CATEGORY and category not in CATEGORY_NAMES:
            raise AudienceRefused("siaran.audience_invalid")
        return cls(kind, units, category if kind is AudienceKind.CATEGORY else None)


async def scope_units(session: AsyncSession, admin_id: int) -> set[int] | None:
    """The units the admin may reach (None: all); `AudienceRefused` when they are not an HR admin."""
    allowed = await hr_unit_ids(session, admin_id)
    if allowed is not None and not allowed:
        raise AudienceRefused("siaran.not_hr")
    return allowed


async def _unit_exists(session: AsyncSession, unit_id: int) -> bool:
    unit = table_of(Unit)
    connection = await core_connection(session)
    return (await connection.execute(sa.select(unit.c.id).where(unit.c.id == unit_id))).first() is not None


async def check_unit(session: AsyncSession, admin_id: int, unit_id: int) -> None:
    """Refuse a unit the admin may not reach (or that does not exist)."""
    allowed = await scope_units(session, admin_id)
    if allowed is not None and unit_id not in allowed:
        raise AudienceRefused("siaran.unit_outside")
    if allowed is None and not await _unit_exists(session, unit_id):
        raise AudienceRefused("siaran.unit_outside")


async def _target_units(session: AsyncSession, admin_id: int, audience: Audience) -> set[int] | None:
    allowed = await scope_units(session, admin_id)
    if audience.kind is not AudienceKind.UNITS:
        return allowed
    if not audience.unit_ids:
        raise AudienceRefused("siaran.no_units")
    chosen: set[int] = set()
    for unit_id in audience.unit_ids:
        await check_unit(session, admin_id, unit_id)
        chosen |= await unit_subtree_ids(session, unit_id)
    return chosen if allowed is None else chosen & allowed


def _wanted(audience: Audience, members: ActiveMembers, today: date) -> sa.ColumnElement[bool]:
    """The audience's own condition on an active member (their latest assessment and JP this year joined)."""
    employee, latest, jp = members.employee, members.latest, members.jp
    if audience.kind is AudienceKind.SHORTFALL:  # rules §7, as `scoring.engine.jp_shortfall` decides it
        return sa.and_(employee.c.employment_status.in_(sorted(s.value for s in JP_DUTY)),
                       sa.func.coalesce(jp.c.jp, 0.0) + JP_EPSILON < load_ruleset().jp_obligation.yearly_jp)
    if audience.kind is AudienceKind.CATEGORY:
        assert audience.category is not None
        at_or_below = [c for c in CATEGORY_NAMES if category_rank(c) <= category_rank(audience.category)]
        return latest.c.category.in_(at_or_below)
    if audience.kind is AudienceKind.UNASSESSED:
        return sa.or_(latest.c.as_of.is_(None), latest.c.as_of < date(today.year, 1, 1))
    return sa.true()


async def audience_select(session: AsyncSession, admin_id: int, audience: Audience, today: date,
                          *columns: sa.ColumnElement[Any]) -> sa.Select[Any]:
    """A SELECT of `columns` (default: employee id and Telegram id, in id order) over the active employees in
    the audience who can be reached on Telegram (linked, not known to block the bot), cut to the admin's scope.
    The database evaluates it whole, so 500,000 recipients cost no Python work; `AudienceRefused` as above."""
    units = await _target_units(session, admin_id, audience)
    employee = table_of(Employee)
    in_units = None if units is None else employee.c.unit_id.in_(sorted(units))
    connection = await core_connection(session)
    members = active_members(today, connection.dialect.name, in_units)
    reachable = sa.and_(employee.c.telegram_user_id.is_not(None), employee.c.telegram_blocked_at.is_(None))
    chosen = columns or (employee.c.id, employee.c.telegram_user_id)
    return (sa.select(*chosen).select_from(members.joined)
            .where(members.where, reachable, _wanted(audience, members, today)).order_by(employee.c.id))


@dataclass(frozen=True)
class Recipient:
    employee_id: int
    chat_id: int
    name: str


async def recipients(session: AsyncSession, admin_id: int, audience: Audience, today: date) -> list[Recipient]:
    """Who the audience reaches today, by name (the preview count and the outbox use the same SELECT)."""
    employee = table_of(Employee)
    query = await audience_select(session, admin_id, audience, today,
                                  employee.c.id, employee.c.telegram_user_id, employee.c.name)
    connection = await core_connection(session)
    return [Recipient(int(r[0]), int(r[1]), str(r[2])) for r in await connection.execute(query)]


async def count(session: AsyncSession, admin_id: int, audience: Audience, today: date) -> int:
    """How many the audience reaches today (for the preview); `AudienceRefused` like `audience_select`."""
    query = await audience_select(session, admin_id, audience, today)
    connection = await core_connection(session)
    return int((await connection.execute(sa.select(sa.func.count()).select_from(query.subquery()))).scalar_one())


@dataclass(frozen=True)
class UnitChoice:
    id: int
    code: str
    name: str


async def unit_choices(session: AsyncSession, admin_id: int) -> list[UnitChoice]:
    """Units to offer as buttons: the top of the admin's scope (the scope's unit and the ones just below it,
    or the top-level units), at most `MAX_UNIT_BUTTONS`; any unit in scope can also be typed."""
    allowed = await scope_units(session, admin_id)
    unit = table_of(Unit)
    connection = await core_connection(session)
    rows = (await connection.execute(sa.select(unit.c.id, unit.c.code, unit.c.name, unit.c.parent_id)
                                     .order_by(unit.c.code))).all()
    if allowed is None:
        top = [r for r in rows if r.parent_id is None]
    else:
        roots = [r for r in rows if r.id in allowed and r.parent_id not in allowed]
        root_ids = {r.id for r in roots}
        top = roots + [r for r in rows if r.parent_id in root_ids]
    return [UnitChoice(r.id, r.code, r.name) for r in top[:MAX_UNIT_BUTTONS]]


async def units_from_text(session: AsyncSession, admin_id: int, text: str) -> list[UnitChoice]:
    """Units typed as codes or names, separated by commas, semicolons or new lines, each checked for scope."""
    found: list[UnitChoice] = []
    for part in re.split(r"[,;\n]+", text):
        if not part.strip():
            continue
        try:
            unit = await resolve_unit(session, part)
        except UnitNotFound:
            raise AudienceRefused("siaran.unit_unknown", unit=part.strip()[:60]) from None
        assert unit.id is not None
        await check_unit(session, admin_id, unit.id)
        found.append(UnitChoice(unit.id, unit.code, unit.name))
    return found


async def unit_labels(session: AsyncSession, unit_ids: tuple[int, ...]) -> list[str]:
    unit = table_of(Unit)
    connection = await core_connection(session)
    rows = await connection.execute(sa.select(unit.c.id, unit.c.code).where(unit.c.id.in_(list(unit_ids))))
    codes = {int(row.id): str(row.code) for row in rows}
    return [codes[u] for u in unit_ids if u in codes]
