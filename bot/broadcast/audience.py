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
from bot.storage.models import Unit
from bot.storage.roles import hr_unit_ids
from bot.storage.units import UnitNotFound, resolve_unit, unit_subtree_ids
from bot.unitmap.facts import MemberFacts, category_rank, facts_for_units
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


def matches(member: MemberFacts, audience: Audience, today: date) -> bool:
    if audience.kind is AudienceKind.SHORTFALL:
        return member.shortfall > 0
    if audience.kind is AudienceKind.CATEGORY:
        assert audience.category is not None
        return member.result is not None and category_rank(member.result.category) <= category_rank(audience.category)
    if audience.kind is AudienceKind.UNASSESSED:
        return member.assessed_on is None or member.assessed_on.year < today.year
    return True


async def recipients(session: AsyncSession, admin_id: int, audience: Audience, today: date) -> list[MemberFacts]:
    """Active employees in the audience who can be reached on Telegram (linked, not known to block the bot)."""
    units = await _target_units(session, admin_id, audience)
    people = await facts_for_units(session, units, today)
    return [m for m in people if m.reachable and matches(m, audience, today)]


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
