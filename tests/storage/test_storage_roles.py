"""Roles and the unit tree: what a service checks before every HR or supervisor action."""

from __future__ import annotations

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.audit import CLI_ACTOR, AuditAction, actor_employee_id, employee_actor
from bot.storage.models import AuditLog, Role
from bot.storage.roles import (
    RoleError,
    can_hr_manage,
    direct_report_ids,
    grant_role,
    has_role,
    hr_scope,
    hr_unit_ids,
    is_supervisor_of,
    report_ids,
    revoke_role,
    roles_of,
    team_member_ids,
)
from bot.storage.samples import MakeEmployee, MakeUnit
from bot.storage.units import UnitNotFound, is_in_subtree, resolve_unit, unit_ancestor_ids, unit_subtree_ids


def eid(employee: object) -> int:
    value = getattr(employee, "id", None)
    assert isinstance(value, int)
    return value


async def test_every_active_employee_is_an_employee_and_nothing_more(
    session: AsyncSession, make_employee: MakeEmployee
) -> None:
    employee = await make_employee()
    assert await roles_of(session, eid(employee)) == {Role.EMPLOYEE}


async def test_supervisor_is_derived_from_active_reports(session: AsyncSession, make_employee: MakeEmployee) -> None:
    boss = await make_employee()
    report = await make_employee(supervisor=boss)
    assert await roles_of(session, eid(boss)) == {Role.EMPLOYEE, Role.SUPERVISOR}
    assert await roles_of(session, eid(report)) == {Role.EMPLOYEE}
    report.active = False
    session.add(report)
    await session.flush()
    assert not await has_role(session, eid(boss), Role.SUPERVISOR)


async def test_an_inactive_employee_holds_no_role(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    admin = await make_employee()
    await grant_role(session, eid(admin), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    admin.active = False
    session.add(admin)
    await session.flush()
    assert await roles_of(session, eid(admin)) == frozenset()
    assert await hr_scope(session, eid(admin)) is None
    assert await roles_of(session, 999_999) == frozenset()


async def test_hr_admin_limited_to_a_unit_subtree(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    dinas = await make_unit("DIK", name="Dinas Pendidikan")
    bidang = await make_unit("DIK-SD", name="Bidang SD", parent=dinas)
    sekolah = await make_unit("SDN-1", name="SD Negeri 1", parent=bidang)
    other = await make_unit("KES", name="Dinas Kesehatan")
    admin = await make_employee(unit=bidang)
    teacher = await make_employee(unit=sekolah)
    nurse = await make_employee(unit=other)
    head = await make_employee(unit=dinas)
    await grant_role(session, eid(admin), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock, unit_id=bidang.id)
    assert await hr_unit_ids(session, eid(admin)) == {bidang.id, sekolah.id}
    assert await can_hr_manage(session, eid(admin), eid(teacher))
    assert not await can_hr_manage(session, eid(admin), eid(nurse))
    assert not await can_hr_manage(session, eid(admin), eid(head))
    assert await hr_unit_ids(session, eid(nurse)) == set()
    # granting again re-scopes: one grant per role
    await grant_role(session, eid(admin), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    assert await hr_unit_ids(session, eid(admin)) is None
    assert await can_hr_manage(session, eid(admin), eid(nurse))
    scope = await hr_scope(session, eid(admin))
    assert scope is not None and scope.everywhere


async def test_grant_and_revoke_are_audited(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    unit = await make_unit("U1")
    employee = await make_employee(unit=unit)
    await grant_role(session, eid(employee), Role.SUPERVISOR, actor=employee_actor(7), clock=clock, unit_id=unit.id)
    assert await has_role(session, eid(employee), Role.SUPERVISOR)
    assert await revoke_role(session, eid(employee), Role.SUPERVISOR, actor=CLI_ACTOR, clock=clock)
    assert not await revoke_role(session, eid(employee), Role.SUPERVISOR, actor=CLI_ACTOR, clock=clock)
    assert not await has_role(session, eid(employee), Role.SUPERVISOR)
    entries = (await session.exec(select(AuditLog).order_by(col(AuditLog.id)))).all()
    assert [(e.action, e.actor, e.target_employee_id) for e in entries] == [
        (AuditAction.ROLE_GRANT, "employee:7", employee.id),
        (AuditAction.ROLE_REVOKE, "cli", employee.id),
    ]
    assert entries[0].details["unit"] == "U1"
    assert entries[0].at == clock.now()
    assert actor_employee_id(entries[0].actor) == 7 and actor_employee_id("cli") is None


async def test_only_supervisor_and_hr_admin_can_be_granted(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee()
    with pytest.raises(RoleError, match="cannot be granted"):
        await grant_role(session, eid(employee), Role.EMPLOYEE, actor=CLI_ACTOR, clock=clock)
    with pytest.raises(RoleError, match="no unit"):
        await grant_role(session, eid(employee), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock, unit_id=4242)
    employee.active = False
    session.add(employee)
    with pytest.raises(RoleError, match="inactive"):
        await grant_role(session, eid(employee), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)


async def test_teams_direct_indirect_and_granted_units(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    unit = await make_unit("SEK")
    head = await make_employee(name="Kepala")
    middle = await make_employee(name="Kabid", supervisor=head)
    staff = await make_employee(name="Staf", supervisor=middle)
    elsewhere = await make_employee(name="Lain", unit=unit)
    assert await direct_report_ids(session, eid(head)) == [eid(middle)]
    assert await report_ids(session, eid(head)) == {eid(middle), eid(staff)}
    assert await is_supervisor_of(session, eid(head), eid(middle))
    assert not await is_supervisor_of(session, eid(head), eid(staff))
    assert await is_supervisor_of(session, eid(head), eid(staff), indirect=True)
    await grant_role(session, eid(head), Role.SUPERVISOR, actor=CLI_ACTOR, clock=clock, unit_id=unit.id)
    assert await team_member_ids(session, eid(head)) == {eid(middle), eid(elsewhere)}


async def test_a_supervisor_loop_in_bad_data_does_not_hang(session: AsyncSession, make_employee: MakeEmployee) -> None:
    first = await make_employee()
    second = await make_employee(supervisor=first)
    first.supervisor_id = second.id
    session.add(first)
    await session.flush()
    assert await report_ids(session, eid(first)) == {eid(second)}


async def test_unit_tree_queries_and_lookup(session: AsyncSession, make_unit: MakeUnit) -> None:
    root = await make_unit("PEMKAB", name="Pemerintah Kabupaten")
    dinas = await make_unit("DIK", name="Dinas Pendidikan", parent=root)
    bidang = await make_unit("DIK-SD", name="Bidang SD", parent=dinas)
    await make_unit("KES-SD", name="Bidang SD", parent=root)
    assert await unit_subtree_ids(session, eid(dinas)) == {eid(dinas), eid(bidang)}
    assert await unit_ancestor_ids(session, eid(bidang)) == [eid(bidang), eid(dinas), eid(root)]
    assert await is_in_subtree(session, bidang.id, eid(root))
    assert not await is_in_subtree(session, root.id, eid(dinas))
    assert not await is_in_subtree(session, None, eid(root))
    assert (await resolve_unit(session, "dik")).id == dinas.id
    assert (await resolve_unit(session, "dinas  pendidikan")).id == dinas.id
    with pytest.raises(UnitNotFound, match="several units"):
        await resolve_unit(session, "Bidang SD")
    with pytest.raises(UnitNotFound, match="No unit with the code or name"):
        await resolve_unit(session, "Dinas Pariwisata")
