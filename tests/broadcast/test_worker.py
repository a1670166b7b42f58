"""Broadcasts through the delivery engine with a fake Telegram and fake time: the progress message, the report
(sent + failed + unreachable + uncertain = recipients) with its CSV and resend button, reported once.

The engine's own rules (pace, retries, restarts, crashes, take-over) are tested in tests/delivery."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.broadcast.audience import Audience, AudienceKind
from bot.broadcast.delivery import BroadcastKind
from bot.broadcast.service import counts, create_broadcast, resend_uncertain
from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery.worker import DeliveryWorker
from bot.services import Services
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Role
from bot.storage.models.broadcast import Broadcast
from bot.storage.roles import grant_role
from tests.agency import TODAY, Agency
from tests.delivery.fakes import FakeBot, FakeTime, lost_answer, make_worker
from tests.delivery.test_pacing import window_max

ADMIN_CHAT = 555


def services(engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock,
             database_url: str, **settings: Any) -> Services:
    values: dict[str, Any] = {"TELEGRAM_BOT_TOKEN": "1:test", "DATABASE_URL": database_url,
                              "BROADCAST_RATE": 50, **settings}
    return Services(engine, sessionmaker, clock, Settings(**values))


SENT = "<b>Rapat</b> Senin\n\n<i>— Dinas Kesehatan</i>"
"""What each recipient reads: the text, signed with the sender's unit (KES-1's, a top unit: the agency itself)."""


def worker(svc: Services, bot: FakeBot, time: FakeTime, holder: str = "w1") -> DeliveryWorker:
    return make_worker(svc, bot, time, [BroadcastKind(svc)], holder)


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


async def test_paced_once_each_with_an_exact_report_its_csv_and_a_resend_button(
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
    }, delivered_then={chat(agency, "KES-0"): [lost_answer()]}, on_send=lambda chat_id: sent_at.append(time.now))
    svc = services(engine, sessionmaker, clock, database_url)
    sender = worker(svc, bot, time)
    await sender.drain(lambda: True)
    assert window_max(sent_at) <= 50
    found = await counts(session, made.id or 0)
    assert (found.sent, found.left, found.unreachable, found.failed, found.uncertain) == (10, 2, 1, 1, 1)
    assert bot.documents == []  # not finished: two retries wait for their time
    clock.advance(timedelta(seconds=5))  # past the 429's 3 s and the first back-off's 2 s
    await sender.drain(lambda: True)
    recipients = [chat(agency, n) for n, e in agency.people.items()
                  if e.active and e.telegram_user_id and n not in ("KES-3", "SD-2", "SD-3")]
    assert all(bot.to(chat_id) == [SENT] for chat_id in recipients)  # the uncertain one too
    assert bot.to(chat(agency, "SD-2")) == bot.to(chat(agency, "SD-3")) == []
    [(admin_chat, csv_bytes, caption)] = bot.documents
    assert admin_chat == ADMIN_CHAT and "Terkirim: 12 dari 15" in caption and "Gagal: 1" in caption
    assert "memblokir bot atau akun dihapus): 1" in caption and "mungkin sudah terkirim): 1" in caption
    lines = csv_bytes.decode("utf-8-sig").splitlines()
    assert len(lines) == 4 and "Chat not found" in "".join(lines) and "tidak terjangkau" in "".join(lines)
    assert "tidak pasti (mungkin sudah terkirim)" in "".join(lines)
    [[button]] = bot.markups[-1].inline_keyboard
    assert button.text == "🔁 Kirim ulang ke 1 penerima yang tidak pasti"
    assert button.callback_data == f"siaran-ulang:{made.id}"
    assert bot.to(ADMIN_CHAT)[0].startswith("📢 Siaran")  # the progress message, then edited to the end
    assert bot.edits[-1][2].startswith(f"📢 Siaran #{made.id} selesai")
    await sender.drain(lambda: True)
    assert len(bot.documents) == 1  # reported once

    # the admin chooses to resend the uncertain one: it goes out again, and a new report follows
    async with svc.session() as own:
        assert (await resend_uncertain(own, made.id or 0, agency.id("KES-1"), clock)).count == 1
    await sender.drain(lambda: True)
    assert bot.to(chat(agency, "KES-0")) == [SENT] * 2
    assert len(bot.documents) == 2 and "Terkirim: 13 dari 15" in bot.documents[-1][2]
    assert "mungkin sudah terkirim): 0" in bot.documents[-1][2] and bot.markups[-1] is None


async def test_two_processes_on_one_database_send_each_message_and_the_report_once(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    await broadcast(session, agency, clock)
    bot, time = FakeBot(), FakeTime()
    svc = services(engine, sessionmaker, clock, database_url)
    await asyncio.gather(worker(svc, bot, time, "a").drain(lambda: True), worker(svc, bot, time, "b").drain(
        lambda: True))
    await worker(svc, bot, time, "c").drain(lambda: True)
    recipients = [c for c, _ in bot.messages if c != ADMIN_CHAT]
    assert len(recipients) == len(set(recipients)) == 15
    assert len(bot.documents) + sum("Laporan" in t for c, t in bot.messages if c == ADMIN_CHAT) == 1


async def test_nobody_to_reach_is_finished_and_reported_at_once(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession,
    agency: Agency, clock: FakeClock, database_url: str,
) -> None:
    admin = agency.id("KES-1")
    await grant_role(session, admin, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    made = await create_broadcast(session, admin_id=admin, admin_chat_id=ADMIN_CHAT, lang="en", text="Hi",
                                  audience=Audience(AudienceKind.UNITS, (agency.units["EMPTY"].id or 0,)),
                                  send_at=None, today=TODAY, clock=clock)
    await session.commit()
    assert made.recipients == 0
    bot = FakeBot()
    await worker(services(engine, sessionmaker, clock, database_url), bot, FakeTime()).drain(lambda: True)
    assert [t for c, t in bot.messages if c == ADMIN_CHAT][-1].startswith(f"✅ <b>Report of broadcast #{made.id}")
