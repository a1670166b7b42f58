"""Roles, checked in services on every action (a button pressed yesterday must not outlive a revoked role).

`employee` is implicit for every active employee; `supervisor` holds for anyone with active direct reports
or a grant; `hr_admin` only by grant, optionally limited to a unit subtree. Inactive employees hold no role.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.audit import AuditAction, audit
from bot.storage.base import core_connection, table_of
from bot.storage.models import GRANTABLE_ROLES, Employee, Role, RoleGrant, Unit
from bot.storage.units import is_in_subtree, unit_subtree_ids


class RoleError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    """Where a granted role applies: `unit_id` None means every unit."""

    unit_id: int | None

    @property
    def everywhere(self) -> bool:
        return self.unit_id is None


async def _active(session: AsyncSession, employee_id: int) -> Employee | None:
    employee = await session.get(Employee, employee_id)
    return employee if employee is not None and employee.active else None


async def has_reports(session: AsyncSession, employee_id: int) -> bool:
    query = (
        select(Employee.id).where(col(Employee.supervisor_id) == employee_id, col(Employee.active).is_(True)).limit(1)
    )
    return (await session.exec(query)).first() is not None


async def grants_of(session: AsyncSession, employee_id: int) -> dict[Role, Scope]:
    rows = (await session.exec(select(RoleGrant).where(col(RoleGrant.employee_id) == employee_id))).all()
    return {grant.role: Scope(grant.unit_id) for grant in rows}


async def roles_of(session: AsyncSession, employee_id: int) -> frozenset[Role]:
    """Every role the employee holds now; empty for an unknown or inactive employee."""
    if await _active(session, employee_id) is None:
        return frozenset()
    roles = {Role.EMPLOYEE, *(await grants_of(session, employee_id))}
    if Role.SUPERVISOR not in roles and await has_reports(session, employee_id):
        roles.add(Role.SUPERVISOR)
    return frozenset(roles)


async def has_role(session: AsyncSession, employee_id: int, role: Role) -> bool:
    return role in await roles_of(session, employee_id)


async def hr_scope(session: AsyncSession, employee_id: int) -> Scope | None:
    """The HR admin's scope, or None when the employee is not (or no longer) an active HR admin."""
    if await _active(session, employee_id) is None:
        return None
    return (await grants_of(session, employee_id)).get(Role.HR_ADMIN)


async def hr_unit_ids(session: AsyncSession, employee_id: int) -> set[int] | None:
    """Unit ids an HR admin may act on: None for all units; empty set for someone who is not an HR admin."""
    scope = await hr_scope(session, employee_id)
    if scope is None:
        return set()
    if scope.unit_id is None:
        return None
    return await unit_subtree_ids(session, scope.unit_id)


async def can_hr_manage(session: AsyncSession, hr_employee_id: int, target_employee_id: int) -> bool:
    """Whether an HR admin may see and change this employee: scope everywhere, or target in the subtree."""
    scope = await hr_scope(session, hr_employee_id)
    if scope is None:
        return False
    if scope.unit_id is None:
        return await session.get(Employee, target_employee_id) is not None
    target = await session.get(Employee, target_employee_id)
    return target is not None and await is_in_subtree(session, target.unit_id, scope.unit_id)


async def direct_report_ids(session: AsyncSession, supervisor_id: int) -> list[int]:
    query = (
        select(Employee.id)
        .where(col(Employee.supervisor_id) == supervisor_id, col(Employee.active).is_(True))
        .order_by(col(Employee.name))
    )
    return [employee_id for employee_id in (await session.exec(query)).all() if employee_id is not None]


async def report_ids(session: AsyncSession, supervisor_id: int) -> set[int]:
    """Direct and indirect active reports down the supervisor chain (a cycle cannot loop: UNION)."""
    employee = table_of(Employee)
    chain = (
        sa.select(employee.c.id)
        .where(employee.c.supervisor_id == supervisor_id, employee.c.active.is_(True))
        .cte("chain", recursive=True)
    )
    chain = chain.union(
        sa.select(employee.c.id).where(employee.c.supervisor_id == chain.c.id, employee.c.active.is_(True))
    )
    connection = await core_connection(session)
    ids = set((await connection.execute(sa.select(chain.c.id))).scalars().all())
    ids.discard(supervisor_id)
    return ids


async def team_member_ids(session: AsyncSession, supervisor_id: int) -> set[int]:
    """A supervisor's team: active direct reports, plus the active employees of the granted unit subtree."""
    if await _active(session, supervisor_id) is None:
        return set()
    members = set(await direct_report_ids(session, supervisor_id))
    scope = (await grants_of(session, supervisor_id)).get(Role.SUPERVISOR)
    if scope is not None and scope.unit_id is not None:
        units = await unit_subtree_ids(session, scope.unit_id)
        query = select(Employee.id).where(col(Employee.unit_id).in_(units), col(Employee.active).is_(True))
        members |= {employee_id for employee_id in (await session.exec(query)).all() if employee_id is not None}
    members.discard(supervisor_id)
    return members


async def is_supervisor_of(
    session: AsyncSession, supervisor_id: int, employee_id: int, *, indirect: bool = False
) -> bool:
    """Whether the employee is in the supervisor's team (or anywhere below them with `indirect`)."""
    if employee_id in await team_member_ids(session, supervisor_id):
        return True
    return indirect and employee_id in await report_ids(session, supervisor_id)


async def grant_role(
    session: AsyncSession,
    employee_id: int,
    role: Role,
    *,
    actor: str,
    clock: Clock,
    unit_id: int | None = None,
) -> RoleGrant:
    """Grant (or re-scope) a role; one grant per employee and role, so granting again changes the unit."""
    if role not in GRANTABLE_ROLES:
        raise RoleError(f"role {role.value!r} cannot be granted (grantable: supervisor, hr_admin)")
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise RoleError(f"no employee with id {employee_id}")
    if not employee.active:
        raise RoleError(f"{employee.nip} is inactive; roles go to active employees only")
    unit = await session.get(Unit, unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise RoleError(f"no unit with id {unit_id}")
    now = clock.now()
    existing = (
        await session.exec(
            select(RoleGrant).where(col(RoleGrant.employee_id) == employee_id, col(RoleGrant.role) == role)
        )
    ).first()
    previous_unit = existing.unit_id if existing is not None else None
    if existing is None:
        existing = RoleGrant(employee_id=employee_id, role=role, unit_id=unit_id, granted_by=actor, granted_at=now)
    else:
        existing.unit_id, existing.granted_by, existing.granted_at = unit_id, actor, now
    session.add(existing)
    audit(
        session,
        actor=actor,
        action=AuditAction.ROLE_GRANT,
        at=now,
        target_employee_id=employee_id,
        details={
            "role": role.value,
            "unit": unit.code if unit is not None else None,
            "previous_unit_id": previous_unit,
        },
    )
    await session.flush()
    return existing


async def revoke_role(session: AsyncSession, employee_id: int, role: Role, *, actor: str, clock: Clock) -> bool:
    """Remove a granted role (False if none). A derived supervisor stays one while having reports."""
    if role not in GRANTABLE_ROLES:
        raise RoleError(f"role {role.value!r} is not granted, so it cannot be revoked")
    connection = await core_connection(session)
    result = await connection.execute(
        sa.delete(table_of(RoleGrant)).where(
            table_of(RoleGrant).c.employee_id == employee_id, table_of(RoleGrant).c.role == role.value
        )
    )
    removed = result.rowcount > 0
    if removed:
        audit(
            session,
            actor=actor,
            action=AuditAction.ROLE_REVOKE,
            at=clock.now(),
            target_employee_id=employee_id,
            details={"role": role.value},
        )
    return removed
