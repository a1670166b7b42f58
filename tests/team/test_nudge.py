"""/tim → Ingatkan: one message to the chosen members, through the outbox, at most once a day per person whoever
asks, never beyond the supervisor's subtree; and one member's detail, within the subtree only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.models.delivery import OutboxMessage
from bot.storage.models.nudges import TeamNudge
from bot.team.detail import member_detail
from bot.team.nudge import NudgeKind, NudgeReason, nudge
from bot.team.service import TeamRefused, TeamView
from tests.agency import TODAY, Agency
from tests.broadcast.test_worker import services
from tests.delivery.fakes import FakeBot, FakeTime, make_worker


async def test_short_of_jp_nudged_once_a_day_whoever_asks(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, agency: Agency,
    clock: FakeClock, database_url: str,
) -> None:
    # SD's staff: SD-1, SD-2, SD-3 owe JP and are short (SD-0 has 24); SD-4 is PPPK; SD-2, SD-3 reachable
    boss, head = agency.id("SD-boss"), agency.id("head")
    sd = {agency.people[n].telegram_user_id for n in ("SD-1", "SD-2", "SD-3")}
    first = await nudge(session, boss, root_id=boss, view=TeamView.DIRECT, reason=NudgeReason.SHORTFALL,
                        today=TODAY, clock=clock)
    await session.commit()
    assert (first.chosen, first.queued, first.already, first.unreachable) == (3, 3, 0, 0)
    # the head of the office asks for everyone below, the same day: SD's three are not nudged again
    second = await nudge(session, head, root_id=head, view=TeamView.ALL, reason=NudgeReason.SHORTFALL,
                         today=TODAY, clock=clock)
    await session.commit()
    assert second.already == 3 and second.queued == second.chosen - 3 - second.unreachable
    rows = (await session.exec(select(TeamNudge.employee_id).where(col(TeamNudge.day) == TODAY))).all()
    assert len(rows) == len(set(rows)) == 3 + second.queued
    outbox = (await session.exec(select(OutboxMessage.employee_id))).all()
    assert sorted(outbox) == sorted(rows)  # one message per nudged person
    # the next day, again
    third = await nudge(session, boss, root_id=boss, view=TeamView.DIRECT, reason=NudgeReason.SHORTFALL,
                        today=TODAY + timedelta(days=1), clock=clock)
    assert third.queued == 3
    await session.rollback()
    # sent through the engine, in each person's language, with the reminders' button
    bot = FakeBot()
    svc = services(engine, sessionmaker, clock, database_url)
    await make_worker(svc, bot, FakeTime(), [NudgeKind(svc)], "w1").drain(lambda: True)
    to_sd = [(chat, text, markup) for (chat, text), markup in zip(bot.messages, bot.markups, strict=True)
             if chat in sd]
    assert len(to_sd) == 3 and all("Kepala SD</b> mengingatkan" in text for _, text, _ in to_sd)
    assert all(markup.inline_keyboard[0][0].callback_data == "m|pelatihan" for _, _, markup in to_sd)
    assert len(bot.messages) == 3 + second.queued


async def test_nobody_outside_the_subtree_is_nudged_or_shown(session: AsyncSession, agency: Agency,
                                                             clock: FakeClock) -> None:
    boss = agency.id("SD-boss")
    for root in ("SMP-boss", "head", "KES-0"):
        with pytest.raises(TeamRefused):
            await nudge(session, boss, root_id=agency.id(root), view=TeamView.ALL, reason=NudgeReason.UNASSESSED,
                        today=TODAY, clock=clock)
        with pytest.raises(TeamRefused):
            await member_detail(session, boss, agency.id(root), today=TODAY)
    with pytest.raises(TeamRefused):
        await member_detail(session, agency.id("SD-0"), agency.id("SD-1"), today=TODAY)  # not a supervisor
    detail = await member_detail(session, agency.id("head"), agency.id("SD-0"), today=TODAY)
    expected = agency.latest[agency.id("SD-0")]
    assert detail.result is not None and detail.result.total == expected.total
    assert [a.code for a in detail.result.advice] == [a.code for a in expected.advice]
    assert detail.unit == "DIK-SD" and detail.facts.jp == 24


async def test_unassessed_this_year(session: AsyncSession, agency: Agency, clock: FakeClock) -> None:
    boss = agency.id("SD-boss")
    # SD-3 was never assessed; the others of SD were assessed today
    found = await nudge(session, boss, root_id=boss, view=TeamView.DIRECT, reason=NudgeReason.UNASSESSED,
                        today=TODAY, clock=clock)
    assert (found.chosen, found.queued) == (1, 1)
