"""Broadcasts into the outbox: audiences cut to the admin's scope (chosen by the database), one message per
person, scheduled ones not due before their time, and the uncertain ones resent only on the admin's word."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast import service
from bot.broadcast.audience import Audience, AudienceKind, AudienceRefused, recipients
from bot.broadcast.markup import MarkupProblem
from bot.broadcast.service import counts, create_broadcast
from bot.clock import FakeClock
from bot.delivery import lease, outbox
from bot.delivery.lease import Held
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import AuditLog, Role
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.storage.models.delivery import MessageStatus, OutboxMessage
from bot.storage.roles import grant_role
from tests.agency import TODAY, Agency
from tests.delivery.fakes import FakeTime

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
    assert (await counts(session, broadcast.id or 0)).left == 15
    logged = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "broadcast.create"))).one()
    assert logged.details["recipients"] == 15
    # scheduled: nothing is due before its time
    assert not await outbox.due(session, clock.now())
    assert await outbox.due(session, clock.now() + timedelta(hours=1))
    chats = (await session.exec(select(OutboxMessage.chat_id).where(col(OutboxMessage.batch_id) == broadcast.batch_id)
                                .order_by(col(OutboxMessage.id)))).all()
    assert sorted(chats) == sorted(m.chat_id for m in await recipients(session, hr, EVERYONE, TODAY))
    assert await service.count_recipients(session, hr, EVERYONE, TODAY) == 15


async def test_uncertain_messages_are_resent_only_when_the_admin_asks_and_only_once(
    session: AsyncSession, agency: Agency, clock: FakeClock
) -> None:
    hr = await admin(session, agency, clock)
    broadcast = await create_broadcast(session, admin_id=hr, admin_chat_id=1, lang="id", text="x",
                                       audience=EVERYONE, send_at=None, today=TODAY, clock=clock)
    await session.commit()
    time = FakeTime()
    epoch = await lease.acquire(session, "sender", time.wall(), 5)
    assert epoch is not None
    held = Held("sender", epoch, time.monotonic(), 5, margin=1, wall=time.wall)
    claimed = await outbox.claim(session, held, clock.now(), 15)
    await outbox.record(session, held, [outbox.final(c, MessageStatus.UNCERTAIN, "Timed out") for c in claimed[:2]]
                        + [outbox.sent(c, clock.now(), 1) for c in claimed[2:]], clock.now())
    await service.update_broadcast(session, broadcast.id or 0, status=BroadcastStatus.FINISHED.value,
                                   reported_at=clock.now())
    await session.commit()
    found = await counts(session, broadcast.id or 0)
    assert (found.sent, found.uncertain, found.left, found.done) == (13, 2, 0, True)
    assert [f.status for f in await service.failures(session, broadcast.id or 0)] == [MessageStatus.UNCERTAIN] * 2

    with pytest.raises(AudienceRefused):  # not an HR admin
        await service.resend_uncertain(session, broadcast.id or 0, agency.id("SD-0"), clock)
    scoped = agency.id("SD-1")
    await grant_role(session, scoped, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock, unit_id=agency.units["SD"].id)
    with pytest.raises(LookupError):  # a scoped admin, and not theirs
        await service.resend_uncertain(session, broadcast.id or 0, scoped, clock)
    resent = await service.resend_uncertain(session, broadcast.id or 0, hr, clock)
    again = await service.resend_uncertain(session, broadcast.id or 0, hr, clock)
    await session.commit()
    assert (resent.count, again.count) == (2, 0)
    stored = await session.get(Broadcast, broadcast.id)
    assert stored is not None and stored.status is BroadcastStatus.ACTIVE and stored.reported_at is None
    found = await counts(session, broadcast.id or 0)
    assert (found.sent, found.uncertain, found.left) == (13, 0, 2)
    logged = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "broadcast.resend_uncertain"))).one()
    assert logged.details == {"broadcast_id": broadcast.id, "messages": 2}
