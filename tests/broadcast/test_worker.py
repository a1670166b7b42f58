"""The broadcast worker with a fake Telegram and fake time: pace, retries, 403s, restarts, two senders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.broadcast import outbox
from bot.broadcast.audience import Audience, AudienceKind
from bot.broadcast.service import counts, create_broadcast
from bot.broadcast.worker import BroadcastWorker
from bot.clock import FakeClock
from bot.config import Settings
from bot.services import Services
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Role
from bot.storage.models.broadcast import Broadcast, BroadcastRecipient, RecipientStatus
from bot.storage.roles import grant_role
from tests.agency import TODAY, Agency
from tests.broadcast.fakes import FakeBot, FakeTime
from tests.broadcast.test_pacing import window_max

ADMIN_CHAT = 555


def services(engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock,
             database_url: str, **settings: Any) -> Services:
    values: dict[str, Any] = {"TELEGRAM_BOT_TOKEN": "1:test", "DATABASE_URL": database_url,
                              "BROADCAST_RATE": 50, **settings}
    return Services(engine, sessionmaker, clock, Settings(**values))


def worker(svc: Services, bot: FakeBot, time: FakeTime, holder: str = "w1") -> BroadcastWorker:
    return BroadcastWorker(svc, lambda: cast(Bot, bot), monotonic=time.monotonic, sleep=time.sleep, holder=holder)


async def broadcast(session: AsyncSession, agency: Agency, clock: FakeClock) -> Broadcast:
    admin = agency.id("KES-1")
    await grant_role(session, admin, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    made = await create_broadcast(session, admin_id=admin, admin_chat_id=ADMIN_CHAT, lang="id",
                                  text="<b>Rapat</b> Senin", audience=Audience(AudienceKind.ALL), send_at=None,
                                  today=TODAY, clock=clock)
    await session.commit()
    return made


def chat(agency: Agency, name: str) -> int:
    chat_id = agency.people[name].telegram_user_id
    assert chat_id is not None
    return chat_id


async def test_paced_once_each_with_retries_unreachable_and_a_report(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    made = await broadcast(session, agency, clock)
    time = FakeTime()
    sent_at: list[float] = []
    bot = FakeBot(failures={
        chat(agency, "SD-0"): [RetryAfter(timedelta(seconds=3))],
        chat(agency, "SD-1"): [NetworkError("Bad Gateway")],
        chat(agency, "SD-2"): [Forbidden("Forbidden: bot was blocked by the user")],
        chat(agency, "SD-3"): [BadRequest("Chat not found")],
    }, on_send=lambda chat_id: sent_at.append(time.now))
    svc = services(engine, sessionmaker, clock, database_url)
    sender = worker(svc, bot, time)
    await sender.drain(lambda: True)
    assert window_max(sent_at) <= 50
    found = await counts(session, made.id or 0)
    assert (found.sent, found.pending, found.unreachable, found.failed) == (11, 2, 1, 1)
    assert bot.documents == []  # not finished: two retries wait for their time
    clock.advance(timedelta(seconds=5))  # past the 429's 3 s and the first back-off's 2 s
    await sender.drain(lambda: True)
    recipients = [chat(agency, n) for n, e in agency.people.items()
                  if e.active and e.telegram_user_id and n not in ("KES-3", "SD-2", "SD-3")]
    assert all(bot.to(chat_id) == ["<b>Rapat</b> Senin"] for chat_id in recipients)
    assert bot.to(chat(agency, "SD-2")) == bot.to(chat(agency, "SD-3")) == []
    [(admin_chat, csv_bytes, caption)] = bot.documents
    assert admin_chat == ADMIN_CHAT and "Terkirim: 13 dari 15" in caption and "Gagal: 1" in caption
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "Chat not found" in lines[1] + lines[2] and "tidak terjangkau" in lines[1] + lines[2]
    assert bot.to(ADMIN_CHAT)[0].startswith("📢 Siaran")  # the progress message, then edited to the end
    assert bot.edits[-1][2].startswith(f"📢 Siaran #{made.id} selesai")
    await sender.drain(lambda: True)
    assert len(bot.documents) == 1  # reported once


async def test_a_stop_mid_way_gives_back_what_was_not_sent_and_a_restart_finishes(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    made = await broadcast(session, agency, clock)
    time = FakeTime()
    bot = FakeBot()
    svc = services(engine, sessionmaker, clock, database_url, BROADCAST_RATE=100)
    await worker(svc, bot, time, "first").drain(lambda: len(bot.messages) < 6)
    found = await counts(session, made.id or 0)
    assert found.sending == 0 and 0 < found.sent < 15 and found.sent + found.pending == 15
    await worker(svc, bot, time, "second").drain(lambda: True)
    recipients = [c for c, _ in bot.messages if c != ADMIN_CHAT]
    assert len(recipients) == len(set(recipients)) == 15


async def test_a_crashed_sender_s_rows_are_reported_never_resent(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    made = await broadcast(session, agency, clock)
    assert await outbox.acquire_lease(session, "crashed", clock.now(), 60)
    lost = await outbox.claim(session, "crashed", clock.now(), 2)  # claimed, then the process died
    await session.commit()
    bot, time = FakeBot(), FakeTime()
    svc = services(engine, sessionmaker, clock, database_url)
    await worker(svc, bot, time).drain(lambda: True)
    assert bot.messages == []  # the lease is still the dead process's
    clock.advance(timedelta(minutes=2))
    await worker(svc, bot, time).drain(lambda: True)
    assert {c.chat_id for c in lost}.isdisjoint(c for c, _ in bot.messages)
    found = await counts(session, made.id or 0)
    assert (found.sent, found.failed) == (13, 2)
    assert "Gagal: 2" in bot.documents[0][2]


async def test_two_workers_on_one_database_send_each_message_once(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    import asyncio

    await broadcast(session, agency, clock)
    bot, time = FakeBot(), FakeTime()
    svc = services(engine, sessionmaker, clock, database_url)
    await asyncio.gather(worker(svc, bot, time, "a").drain(lambda: True), worker(svc, bot, time, "b").drain(
        lambda: True))
    await worker(svc, bot, time, "c").drain(lambda: True)
    recipients = [c for c, _ in bot.messages if c != ADMIN_CHAT]
    assert len(recipients) == len(set(recipients)) == 15
    assert len(bot.documents) + sum("Laporan" in t for c, t in bot.messages if c == ADMIN_CHAT) == 1


async def test_timeouts_and_5xx_give_up_after_the_last_attempt(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    await broadcast(session, agency, clock)
    bot = FakeBot(failures={chat(agency, "SD-0"): [NetworkError("Timed out")] * 3})
    time = FakeTime()
    svc = services(engine, sessionmaker, clock, database_url, BROADCAST_MAX_ATTEMPTS=3)
    sender = worker(svc, bot, time)
    for _ in range(4):
        await sender.drain(lambda: True)
        clock.advance(timedelta(minutes=1))
    row = (await session.exec(select(BroadcastRecipient).where(
        col(BroadcastRecipient.chat_id) == chat(agency, "SD-0")))).one()
    assert (row.status, row.attempts, row.error) == (RecipientStatus.FAILED, 3, "Timed out")
    assert bot.to(chat(agency, "SD-0")) == []
