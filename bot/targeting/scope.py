"""Which units an HR admin may open, decided on every request (a button's unit id is a claim, not a fact)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Unit
from bot.storage.roles import hr_scope
from bot.storage.units import is_in_subtree


class NotHrAdmin(PermissionError):
    """Not (or no longer) an HR admin."""


class OutsideScope(PermissionError):
    """The unit does not exist, or lies outside the admin's scope: the same answer for both."""


@dataclass(frozen=True)
class ScopedUnit:
    root_id: int | None
    """The unit the admin is limited to (None: every unit)."""
    unit_id: int | None
    """The unit asked for, checked to be in scope (None: the scope as a whole)."""


async def scoped_unit(session: AsyncSession, admin_id: int, unit_id: int | None) -> ScopedUnit:
    scope = await hr_scope(session, admin_id)
    if scope is None:
        raise NotHrAdmin(admin_id)
    if unit_id is None:
        return ScopedUnit(scope.unit_id, None)
    if await session.get(Unit, unit_id) is None:
        raise OutsideScope(unit_id)
    if scope.unit_id is not None and not await is_in_subtree(session, unit_id, scope.unit_id):
        raise OutsideScope(unit_id)
    return ScopedUnit(scope.unit_id, unit_id)
