"""Linking a Telegram account with a one-time code, as an employee and an attacker would try it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.linking.service import (
    BASE_LOCK,
    FAILURE_MEMORY,
    MAX_FREE_FAILURES,
    MAX_LOCK,
    LinkOutcome,
    employee_for_telegram_user,
    issue_code,
    issue_codes,
    lock_duration,
    locked_until,
    redeem_code,
    unlink,
)
from bot.storage.audit import CLI_ACTOR, AuditAction
from bot.storage.models import AuditLog, Employee, LinkCode
from bot.storage.samples import MakeEmployee

SITI_PHONE = 5_000_000_001
OTHER_PHONE = 5_000_000_002
STRANGER = 5_000_000_666


async def linked_employee(session: AsyncSession, telegram_user_id: int) -> Employee | None:
    return await employee_for_telegram_user(session, telegram_user_id)


async def test_a_fresh_code_links_the_account_once(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    siti = await make_employee(name="Siti")
    assert siti.id is not None
    issued = await issue_code(session, siti.id, clock=clock, actor=CLI_ACTOR)
    assert issued.expires_at == clock.now() + timedelta(days=30)
    result = await redeem_code(session, SITI_PHONE, issued.code.lower().replace("-", " "), clock=clock)
    assert result.linked and result.employee_id == siti.id and result.previous_telegram_user_id is None
    found = await linked_employee(session, SITI_PHONE)
    assert found is not None and found.id == siti.id and found.linked_at == clock.now()
    again = await redeem_code(session, OTHER_PHONE, issued.code, clock=clock)
    assert again.outcome is LinkOutcome.ALREADY_USED
    stored = (await session.exec(select(LinkCode))).one()
    assert stored.code_hash != issued.code and issued.code.replace("-", "") not in stored.code_hash.upper()
    assert stored.used_by_telegram_user_id == SITI_PHONE


async def test_a_code_expires(session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock) -> None:
    employee = await make_employee()
    assert employee.id is not None
    issued = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR, ttl_days=2)
    clock.advance(timedelta(days=2))
    result = await redeem_code(session, SITI_PHONE, issued.code, clock=clock)
    assert result.outcome is LinkOutcome.EXPIRED
    assert await locked_until(session, SITI_PHONE, clock=clock) is None  # a real code is not a wrong guess


async def test_a_new_code_voids_the_older_one(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee()
    assert employee.id is not None
    old = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR)
    new = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR)
    assert (await redeem_code(session, SITI_PHONE, old.code, clock=clock)).outcome is LinkOutcome.INVALID_CODE
    assert (await redeem_code(session, SITI_PHONE, new.code, clock=clock)).linked


async def test_five_wrong_codes_make_the_account_wait_longer_each_time(
    sessionmaker: async_sessionmaker[AsyncSession], make_employee: MakeEmployee, session: AsyncSession, clock: FakeClock
) -> None:
    employee = await make_employee()
    assert employee.id is not None
    good = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR)
    await session.commit()
    for attempt in range(1, MAX_FREE_FAILURES):
        async with sessionmaker() as fresh:  # every try is its own unit of work, as in the bot
            result = await redeem_code(fresh, STRANGER, "AAAAA-AAAAA", clock=clock)
            await fresh.commit()
        assert result.outcome is LinkOutcome.INVALID_CODE and result.attempts_left == MAX_FREE_FAILURES - attempt
    async with sessionmaker() as fresh:
        fifth = await redeem_code(fresh, STRANGER, "not even a code", clock=clock)
        await fresh.commit()
    assert fifth.outcome is LinkOutcome.INVALID_CODE and fifth.locked_until == clock.now() + BASE_LOCK
    # even the right code waits: the lock is stored, so a restart (new session) changes nothing
    async with sessionmaker() as fresh:
        locked = await redeem_code(fresh, STRANGER, good.code, clock=clock)
    assert locked.outcome is LinkOutcome.LOCKED and locked.locked_until == clock.now() + BASE_LOCK
    clock.advance(BASE_LOCK)
    async with sessionmaker() as fresh:
        sixth = await redeem_code(fresh, STRANGER, "BBBBB-BBBBB", clock=clock)
        await fresh.commit()
    assert sixth.locked_until == clock.now() + 2 * BASE_LOCK
    clock.advance(2 * BASE_LOCK)
    async with sessionmaker() as fresh:
        assert (await redeem_code(fresh, STRANGER, good.code, clock=clock)).linked
        await fresh.commit()
    async with sessionmaker() as fresh:
        assert await locked_until(fresh, STRANGER, clock=clock) is None


def test_back_off_grows_and_is_capped() -> None:
    assert [lock_duration(n) for n in range(1, MAX_FREE_FAILURES)] == [None] * (MAX_FREE_FAILURES - 1)
    assert [lock_duration(MAX_FREE_FAILURES + k) for k in range(3)] == [BASE_LOCK, 2 * BASE_LOCK, 4 * BASE_LOCK]
    assert lock_duration(1_000) == MAX_LOCK


async def test_old_failures_are_forgotten_after_a_quiet_day(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    for _ in range(MAX_FREE_FAILURES - 1):
        await redeem_code(session, STRANGER, "CCCCC-CCCCC", clock=clock)
    clock.advance(FAILURE_MEMORY + timedelta(minutes=1))
    result = await redeem_code(session, STRANGER, "CCCCC-CCCCC", clock=clock)
    assert result.attempts_left == MAX_FREE_FAILURES - 1


async def test_one_account_links_one_employee(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    siti, budi = await make_employee(name="Siti"), await make_employee(name="Budi")
    assert siti.id is not None and budi.id is not None
    siti_code, budi_code = await issue_codes(session, [siti.id, budi.id], clock=clock, actor=CLI_ACTOR)
    assert (await redeem_code(session, SITI_PHONE, siti_code.code, clock=clock)).linked
    result = await redeem_code(session, SITI_PHONE, budi_code.code, clock=clock)
    assert result.outcome is LinkOutcome.ACCOUNT_LINKED_ELSEWHERE and result.employee_id == siti.id
    assert (await redeem_code(session, OTHER_PHONE, budi_code.code, clock=clock)).linked  # the code still works


async def test_relinking_needs_a_new_code_and_is_audited(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    siti = await make_employee(name="Siti")
    assert siti.id is not None
    first = await issue_code(session, siti.id, clock=clock, actor=CLI_ACTOR)
    assert (await redeem_code(session, SITI_PHONE, first.code, clock=clock)).linked
    assert (await redeem_code(session, OTHER_PHONE, first.code, clock=clock)).outcome is LinkOutcome.ALREADY_USED
    clock.advance(timedelta(days=3))
    second = await issue_code(session, siti.id, clock=clock, actor=CLI_ACTOR)
    result = await redeem_code(session, OTHER_PHONE, second.code, clock=clock)
    assert result.linked and result.previous_telegram_user_id == SITI_PHONE
    assert await linked_employee(session, SITI_PHONE) is None
    found = await linked_employee(session, OTHER_PHONE)
    assert found is not None and found.id == siti.id
    actions = (
        await session.exec(
            select(AuditLog.action, AuditLog.actor)
            .where(col(AuditLog.target_employee_id) == siti.id)
            .order_by(col(AuditLog.id))
        )
    ).all()
    assert [tuple(a) for a in actions] == [
        (AuditAction.LINK_CODE_ISSUE, "cli"),
        (AuditAction.LINK, f"employee:{siti.id}"),
        (AuditAction.LINK_CODE_ISSUE, "cli"),
        (AuditAction.RELINK, f"employee:{siti.id}"),
    ]


async def test_an_inactive_employee_cannot_link(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee(active=False)
    assert employee.id is not None
    issued = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR)
    assert (await redeem_code(session, SITI_PHONE, issued.code, clock=clock)).outcome is LinkOutcome.EMPLOYEE_INACTIVE


async def test_hr_can_unlink_and_the_account_is_then_unknown(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    employee = await make_employee()
    assert employee.id is not None
    issued = await issue_code(session, employee.id, clock=clock, actor=CLI_ACTOR)
    await redeem_code(session, SITI_PHONE, issued.code, clock=clock)
    assert await unlink(session, employee.id, actor=CLI_ACTOR, clock=clock) == SITI_PHONE
    assert await unlink(session, employee.id, actor=CLI_ACTOR, clock=clock) is None
    assert await linked_employee(session, SITI_PHONE) is None
    last = (await session.exec(select(AuditLog).order_by(col(AuditLog.id).desc()))).first()
    assert (
        last is not None
        and last.action == AuditAction.UNLINK
        and last.details == {"previous_telegram_user_id": SITI_PHONE}
    )
