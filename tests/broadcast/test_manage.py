"""/siaran daftar: scheduled and running broadcasts listed with their progress; cancelling a scheduled one sends
nothing, stopping a running one keeps what was sent and the report's counts exact; only the admins allowed;
twice pressed, stopped once. And what recipients read: who sent it, and the "Catat pelatihan" button for JP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.broadcast.audience import Audience, AudienceKind
from bot.broadcast.manage import open_broadcasts, stop_broadcast
from bot.broadcast.render import report_text
from bot.broadcast.service import counts, create_broadcast
from bot.clock import FakeClock
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Role
from bot.storage.models.broadcast import Broadcast, BroadcastStatus
from bot.storage.models.delivery import MessageStatus, OutboxMessage
from bot.storage.roles import grant_role
from tests.agency import TODAY, Agency
from tests.broadcast.test_worker import ADMIN_CHAT, services, worker
from tests.delivery.fakes import FakeBot, FakeTime


async def admin(session: AsyncSession, agency: Agency, clock: FakeClock, name: str = "KES-1",
                unit: str | None = None) -> int:
    employee_id = agency.id(name)
    await grant_role(session, employee_id, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock,
                     unit_id=agency.units[unit].id if unit else None)
    await session.commit()
    return employee_id


async def test_a_scheduled_broadcast_is_listed_and_cancelled_before_anything_is_sent(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, agency: Agency,
    clock: FakeClock, database_url: str,
) -> None:
    hr = await admin(session, agency, clock)
    made = await create_broadcast(session, admin_id=hr, admin_chat_id=ADMIN_CHAT, lang="id", text="Rapat besok",
                                  audience=Audience(AudienceKind.ALL), send_at=clock.now() + timedelta(hours=2),
                                  today=TODAY, clock=clock)
    made_id, recipients, batch_id = made.id or 0, made.recipients, made.batch_id
    await session.commit()
    [listed] = await open_broadcasts(session, hr, clock.now())
    assert listed.broadcast.id == made_id and listed.scheduled and listed.counts.total == recipients
    stopped = await stop_broadcast(session, made_id, hr, clock)
    await session.commit()
    assert stopped.cancelled == recipients and stopped.scheduled and stopped.nothing_sent
    again = await stop_broadcast(session, made_id, hr, clock)  # the answer to the first press was lost
    assert again.already is not None and again.cancelled == 0
    found = await counts(session, made_id)
    assert (found.cancelled, found.sent, found.left, found.done) == (recipients, 0, 0, True)
    session.expire_all()
    assert (await open_broadcasts(session, hr, clock.now())) == []
    clock.advance(timedelta(hours=3))  # its time comes: nothing is sent, nothing is reported
    bot = FakeBot()
    await worker(services(engine, sessionmaker, clock, database_url), bot, FakeTime()).drain(lambda: True)
    assert bot.messages == [] and bot.documents == []
    refreshed = (await session.exec(select(OutboxMessage.status).where(
        col(OutboxMessage.batch_id) == batch_id))).all()
    assert set(refreshed) == {MessageStatus.CANCELLED}
    status = (await session.exec(select(Broadcast.status).where(col(Broadcast.id) == made_id))).one()
    assert status is BroadcastStatus.CANCELLED


async def test_a_running_broadcast_stops_what_was_sent_stays_sent_and_the_counts_add_up(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, agency: Agency,
    clock: FakeClock, database_url: str,
) -> None:
    hr = await admin(session, agency, clock)
    made = await create_broadcast(session, admin_id=hr, admin_chat_id=ADMIN_CHAT, lang="id", text="Rapat",
                                  audience=Audience(AudienceKind.ALL), send_at=None, today=TODAY, clock=clock)
    made_id, recipients = made.id or 0, made.recipients
    await session.commit()
    bot = FakeBot()
    sender = worker(services(engine, sessionmaker, clock, database_url), bot, FakeTime())
    await sender.drain(lambda: len(bot.to(ADMIN_CHAT) + [c for c in bot.chats if c != ADMIN_CHAT]) < 4)
    sent_before = [c for c in bot.chats if c != ADMIN_CHAT]
    assert 0 < len(sent_before) < recipients
    [listed] = await open_broadcasts(session, hr, clock.now())
    assert not listed.scheduled
    stopped = await stop_broadcast(session, made_id, hr, clock)
    await session.commit()
    assert not stopped.nothing_sent and stopped.cancelled > 0
    await sender.drain(lambda: True)
    reached = [c for c in bot.chats if c != ADMIN_CHAT]
    assert reached == sent_before  # nobody got it after the stop, nobody twice
    found = await counts(session, made_id)
    assert found.sent + found.failed + found.unreachable + found.uncertain + found.cancelled == recipients
    assert found.cancelled == stopped.cancelled and found.sent == len(reached)
    [report] = [text for chat, text in bot.messages if chat == ADMIN_CHAT and "Laporan" in text]
    assert report == report_text(made_id, found, "id")
    assert f"Dibatalkan (tidak dikirim): {found.cancelled}" in report


@pytest.mark.parametrize("scoped", [True, False])
async def test_only_an_allowed_admin_may_stop_and_a_finished_one_has_nothing_to_stop(
    session: AsyncSession, agency: Agency, clock: FakeClock, scoped: bool,
) -> None:
    creator = await admin(session, agency, clock)
    other = await admin(session, agency, clock, "KES-0", unit="KES" if scoped else None)
    made = await create_broadcast(session, admin_id=creator, admin_chat_id=ADMIN_CHAT, lang="id", text="Rapat",
                                  audience=Audience(AudienceKind.ALL), send_at=clock.now() + timedelta(hours=1),
                                  today=TODAY, clock=clock)
    made_id, recipients = made.id or 0, made.recipients
    await session.commit()
    if scoped:  # an admin limited to a unit manages only the broadcasts they created
        assert await open_broadcasts(session, other, clock.now()) == []
        with pytest.raises(LookupError):
            await stop_broadcast(session, made_id, other, clock)
    else:
        assert (await stop_broadcast(session, made_id, other, clock)).cancelled == recipients
    with pytest.raises(LookupError):
        await stop_broadcast(session, 10_000, creator, clock)


async def test_recipients_read_who_sent_it_and_people_short_of_jp_get_the_training_button(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, agency: Agency,
    clock: FakeClock, database_url: str,
) -> None:
    hr = await admin(session, agency, clock, "SD-1")  # in Seksi SD, below Dinas Pendidikan
    made = await create_broadcast(session, admin_id=hr, admin_chat_id=ADMIN_CHAT, lang="id", text="Ayo latihan",
                                  audience=Audience(AudienceKind.SHORTFALL), send_at=None, today=TODAY, clock=clock)
    sender = made.sender
    await session.commit()
    assert sender == "Seksi SD, Dinas Pendidikan"
    bot = FakeBot()
    await worker(services(engine, sessionmaker, clock, database_url), bot, FakeTime()).drain(lambda: True)
    sent = [(chat, text, markup) for (chat, text), markup in zip(bot.messages, bot.markups, strict=True)
            if chat != ADMIN_CHAT]
    assert sent and all(text == "Ayo latihan\n\n<i>— Seksi SD, Dinas Pendidikan</i>" for _, text, _ in sent)
    for _, _, markup in sent:
        [[button]] = markup.inline_keyboard
        assert (button.text, button.callback_data) == ("➕ Catat pelatihan", "m|pelatihan")
