"""The demo agency: valid NIPs, every position type, a supervisor and an HR admin, reusable when kept."""

from __future__ import annotations

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.demo.seed import PEOPLE, NotADemoDatabase, person, seed_agency
from bot.storage.models import Employee, Role
from bot.storage.nip import parse_nip
from bot.storage.roles import hr_scope, roles_of, team_member_ids
from bot.storage.samples import MakeEmployee
from scoring.models import Position


def test_every_nip_is_valid_distinct_and_matches_its_parts() -> None:
    assert len({p.nip for p in PEOPLE}) == len(PEOPLE)
    for someone in PEOPLE:
        parts = parse_nip(someone.nip)
        assert parts.appointment_year - parts.birth_date.year >= 20


def test_there_is_one_of_each_position_type_the_brief_names() -> None:
    kinds = {p.position_type for p in PEOPLE}

    assert {Position.JPT_PRATAMA, Position.ADMINISTRATOR, Position.PENGAWAS, Position.FUNGSIONAL,
            Position.PELAKSANA} <= kinds
    assert len({p.telegram_user_id for p in PEOPLE}) == len(PEOPLE)


async def test_seeded_people_are_linked_and_hold_their_roles(session: AsyncSession, clock: FakeClock) -> None:
    agency = await seed_agency(session, clock)
    await session.commit()

    ids = agency.employee_ids
    assert agency.created and set(ids) == {p.key for p in PEOPLE}
    linked = (await session.exec(select(Employee.telegram_user_id).where(col(Employee.id).in_(list(ids.values())))))
    assert set(linked.all()) == {p.telegram_user_id for p in PEOPLE}
    assert Role.HR_ADMIN in await roles_of(session, ids["ratna"])
    assert await hr_scope(session, ids["ratna"]) is not None
    assert await team_member_ids(session, ids["bambang"]) == {ids["rina"], ids["joko"]}
    assert Role.SUPERVISOR not in await roles_of(session, ids[person("rina").key])


async def test_a_kept_database_is_reused(session: AsyncSession, clock: FakeClock) -> None:
    first = await seed_agency(session, clock)
    again = await seed_agency(session, clock)
    assert not again.created and again.employee_ids == first.employee_ids


async def test_a_database_with_other_employees_is_not_touched(
    session: AsyncSession, clock: FakeClock, make_employee: MakeEmployee
) -> None:
    await make_employee()

    with pytest.raises(NotADemoDatabase):
        await seed_agency(session, clock)
