"""The broadcast outbox: audiences cut to the admin's scope, claims no two senders share, the lease."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast import outbox
from bot.broadcast.audience import Audience, AudienceKind, AudienceRefused, recipients
from bot.broadcast.markup import MarkupProblem
from bot.broadcast.service import counts, create_broadcast
from bot.clock import FakeClock
from bot.storage.audit import CLI_ACTOR
from bot.storage.db import session_scope
from bot.storage.models import AuditLog, Employee, Role
from bot.storage.models.broadcast import BroadcastRecipient, RecipientStatus
from bot.storage.roles import grant_role
from tests.agency import TODAY, Agency

EVERYONE = Audience(AudienceKind.ALL)


async def admin(session: AsyncSession, agency: Agency, clock: FakeClock, unit: str | None = None) -> int:
    employee_id = agency.id("KES-1")
    await grant_role(session, employee_id, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock,
                     unit_id=agency.units[unit].id if unit else None)
    await session.commit()
    return employee_id


async def names(session: AsyncSession, admin_id: int, audience: Audience) -> set[str]:
    return {m.name for m in await recipients(session, admin_id, audience, TODAY)}


async def test_audiences(session: AsyncSession, agency: Agency, clock: FakeClock) -> None:
    hr = await admin(session, agency, clock)
    linked = {e.name for e in agency.people.values() if e.active and e.telegram_user_id}
    assert await names(session, hr, EVERYONE) == linked - {"Staf KES 3"}  # KES-3 blocked the bot
    sd = Audience(AudienceKind.UNITS, (agency.units["SD"].id or 0,))
    assert await names(session, hr, sd) == {"Kepala SD", "Staf SD 0", "Staf SD 1", "Staf SD 2", "Staf SD 3"}
    dik = Audience(AudienceKind.UNITS, (agency.units["DIK"].id or 0,))
    assert "Kepala SMP" in await names(session, hr, dik)  # with its sub-units
    short = await names(session, hr, Audience(AudienceKind.SHORTFALL))
    assert "Staf SD 0" not in short and "Staf KES 0" not in short and "Staf SD 1" in short
    assert "Staf SD 4" not in short  # PPPK: no 20 JP duty (and not linked either)
    low = await names(session, hr, Audience(AudienceKind.CATEGORY, category="Sedang"))
    assert low and all(agency.latest[agency.id(key)].category in ("Sedang", "Rendah", "Sangat Rendah")
                       for key, e in agency.people.items() if e.name in low)
    unassessed = await names(session, hr, Audience(AudienceKind.UNASSESSED))
    assert "Staf KES 1" in unassessed  # assessed only in 2025
    assert "Staf SD 3" in unassessed and "Staf SD 0" not in unassessed


async def test_a_scoped_admin_reaches_only_the_subtree_whatever_the_request(
    session: AsyncSession, agency: Agency, clock: FakeClock
) -> None:
    hr = await admin(session, agency, clock, unit="SD")
    assert await names(session, hr, EVERYONE) == {"Kepala SD", "Staf SD 0", "Staf SD 1", "Staf SD 2",
                                                  "Staf SD 3"}
    for unit in ("KES", "DIK"):  # a sibling, and the parent of their own unit
        with pytest.raises(AudienceRefused) as refused:
            await recipients(session, hr, Audience(AudienceKind.UNITS, (agency.units[unit].id or 0,)), TODAY)
        assert refused.value.key == "siaran.unit_outside"
    with pytest.raises(AudienceRefused):
        await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="x",
                               audience=Audience(AudienceKind.UNITS, (agency.units["KES"].id or 0,)),
                               send_at=None, today=TODAY, clock=clock)
    with pytest.raises(AudienceRefused) as refused:
        await recipients(session, agency.id("SD-0"), EVERYONE, TODAY)
    assert refused.value.key == "siaran.not_hr"


async def test_creating_checks_markup_again_and_writes_one_row_per_person(
    session: AsyncSession, agency: Agency, clock: FakeClock
) -> None:
    hr = await admin(session, agency, clock)
    with pytest.raises(MarkupProblem):
        await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="<b>x", audience=EVERYONE,
                               send_at=None, today=TODAY, clock=clock)
    broadcast = await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="<b>x</b>",
                                       audience=EVERYONE, send_at=clock.now() + timedelta(hours=1), today=TODAY,
                                       clock=clock)
    await session.commit()
    assert broadcast.recipients == 15
    assert (await counts(session, broadcast.id or 0)).pending == 15
    logged = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "broadcast.create"))).one()
    assert logged.details["recipients"] == 15
    # scheduled: nothing is due before its time
    assert await outbox.claim(session, "a", clock.now(), 100) == []
    assert len(await outbox.claim(session, "a", clock.now() + timedelta(hours=1), 100)) == 15


async def test_two_senders_claiming_at_once_never_share_a_row(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], agency: Agency, clock: FakeClock
) -> None:
    hr = await admin(session, agency, clock)
    for _ in range(3):
        await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="x", audience=EVERYONE,
                               send_at=None, today=TODAY, clock=clock)
    await session.commit()

    async def take(holder: str) -> list[int]:
        taken: list[int] = []
        while True:
            async with session_scope(sessionmaker) as own:
                batch = await outbox.claim(own, holder, clock.now(), 3)
            if not batch:
                return taken
            taken += [c.id for c in batch]

    first, second = await asyncio.gather(take("one"), take("two"))
    assert not set(first) & set(second) and len(first) + len(second) == 45


async def test_outcomes_the_lease_and_what_a_dead_sender_leaves(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], agency: Agency, clock: FakeClock
) -> None:
    hr = await admin(session, agency, clock)
    broadcast = await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="x",
                                       audience=EVERYONE, send_at=None, today=TODAY, clock=clock)
    await session.commit()
    assert await outbox.acquire_lease(session, "dead", clock.now(), 60)
    assert not await outbox.acquire_lease(session, "alive", clock.now(), 60)
    claimed = await outbox.claim(session, "dead", clock.now(), 5)
    await session.commit()
    clock.advance(timedelta(seconds=61))  # the holder stopped renewing: its lease runs out
    assert await outbox.acquire_lease(session, "alive", clock.now(), 60)
    assert await outbox.recover_interrupted(session) == 5
    mine = await outbox.claim(session, "alive", clock.now(), 4)
    await outbox.record(session, "alive", [
        outbox.sent(mine[0], clock.now(), 77),
        outbox.failed(mine[1], "Forbidden: bot was blocked by the user", RecipientStatus.UNREACHABLE),
        outbox.retry(mine[2], clock.now() + timedelta(seconds=2), "Bad Gateway", attempt=True, max_attempts=5),
        outbox.retry(mine[3], clock.now() + timedelta(seconds=2), "Bad Gateway", attempt=True, max_attempts=1),
    ], clock.now())
    await session.commit()
    found = await counts(session, broadcast.id or 0)
    assert (found.sent, found.unreachable, found.failed, found.pending) == (1, 1, 5 + 1, 15 - 5 - 4 + 1)
    rows = {r.id: r for r in (await session.exec(select(BroadcastRecipient))).all()}
    assert rows[claimed[0].id].error == outbox.INTERRUPTED
    assert rows[mine[2].id].claimed_by is None and rows[mine[2].id].attempts == 1
    # a late outcome from the sender presumed dead is still the truth about its row
    await outbox.record(session, "dead", [outbox.sent(claimed[0], clock.now(), 5)], clock.now())
    await session.commit()
    assert (await counts(session, broadcast.id or 0)).sent == 2
    blocked_at = (await session.exec(select(Employee.telegram_blocked_at).where(
        col(Employee.id) == mine[1].employee_id))).one()
    assert blocked_at is not None  # skipped by broadcasts and reminders from now on
