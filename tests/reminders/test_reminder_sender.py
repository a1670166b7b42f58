"""The Telegram side of reminders against the emulator: the message, the pace, and what each Telegram
answer leads to. Waits go through a recording fake sleep, so no test waits for Telegram's retry_after."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.reminders.sender import PELATIHAN_BUTTON, Pace, TelegramSender, render
from bot.reminders.service import Reminder, SendOutcome
from bot.simulator import BotApiSimulator

os.environ.setdefault("PTB_TIMEDELTA", "1")


class FakeTime:
    """A monotonic clock that only moves when slept on; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    async with BotApiSimulator() as simulator:
        yield simulator
        assert simulator.violations == [], simulator.violations


@pytest.fixture
async def bots() -> AsyncIterator[list[Bot]]:
    made: list[Bot] = []
    yield made
    for bot in made:
        await bot.shutdown()


@pytest.fixture
def make_bot(bots: list[Bot]) -> Callable[..., Awaitable[Bot]]:
    """A plain PTB Bot on the emulator: no AIORateLimiter, so the sender's own handling is what is tested."""

    async def make(sim: BotApiSimulator, read_timeout: float = 5.0) -> Bot:
        bot = Bot(sim.token, base_url=sim.base_url, request=HTTPXRequest(read_timeout=read_timeout))
        await bot.initialize()
        bots.append(bot)
        return bot

    return make


MakeBot = Callable[..., Awaitable[Bot]]


def reminder_to(user: Any, *, lang: str = "id") -> Reminder:
    return Reminder(employee_id=1, chat_id=user.id, lang=lang, year=2026, jp=12.5, shortfall=7.5,  # type: ignore[arg-type]
                    days_left=32)


def test_the_message_gives_the_figures_and_a_button_that_starts_pelatihan() -> None:
    user = type("U", (), {"id": 42})()
    reply = render(reminder_to(user))
    assert "12,5 JP" in reply.text and "7,5 JP" in reply.text and "32 hari" in reply.text and "2026" in reply.text
    assert [[b.value for b in row] for row in reply.buttons] == [[PELATIHAN_BUTTON]] == [["m|pelatihan"]]
    english = render(reminder_to(user, lang="en"))
    assert "12.5 JP" in english.text and "Days left this year: 32" in english.text
    assert english.buttons[0][0].label == "➕ Log training"


async def test_a_reminder_arrives_as_one_message_with_the_button(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    user = sim.add_user("Budi", started=True)
    sender = TelegramSender(await make_bot(sim), rate=10)
    result = await sender.send(reminder_to(user))
    assert result.outcome is SendOutcome.SENT
    [message] = sim.bot_messages(user)
    assert "Pengingat 20 JP" in message.text and message.buttons[0][0].callback_data == "m|pelatihan"


async def test_retry_after_is_waited_out(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    user = sim.add_user("Budi", started=True)
    fake = FakeTime()
    sender = TelegramSender(await make_bot(sim), rate=10, sleep=fake.sleep, monotonic=fake.monotonic)
    sim.faults.rate_limit("sendMessage", times=2, retry_after=3)
    result = await sender.send(reminder_to(user))
    assert result.outcome is SendOutcome.SENT and fake.sleeps == [3.0, 3.0]
    assert len(sim.bot_messages(user)) == 1


async def test_server_errors_are_retried_with_back_off(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    user = sim.add_user("Budi", started=True)
    fake = FakeTime()
    sender = TelegramSender(await make_bot(sim), rate=10, sleep=fake.sleep, monotonic=fake.monotonic)
    sim.faults.server_error("sendMessage", times=2, status=502)
    assert (await sender.send(reminder_to(user))).outcome is SendOutcome.SENT
    assert fake.sleeps == [1.0, 2.0] and len(sim.bot_messages(user)) == 1

    sim.faults.server_error("sendMessage", times=4, status=500)
    result = await sender.send(reminder_to(user))
    assert result.outcome is SendOutcome.FAILED and "after 3 retries" in (result.detail or "")
    assert fake.sleeps == [1.0, 2.0, 1.0, 2.0, 4.0] and len(sim.bot_messages(user)) == 1


async def test_a_user_who_blocked_the_bot_is_reported_and_not_retried(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    user = sim.add_user("Budi", started=True)
    sim.block(user)
    sender = TelegramSender(await make_bot(sim), rate=10)
    result = await sender.send(reminder_to(user))
    assert result.outcome is SendOutcome.BLOCKED and len(sim.calls("sendMessage")) == 1


async def test_a_timed_out_send_is_not_repeated_because_it_may_have_arrived(
    sim: BotApiSimulator, make_bot: MakeBot
) -> None:
    """The emulator answers late but delivers: a retry here would be the duplicate a person sees."""
    user = sim.add_user("Budi", started=True)
    fake = FakeTime()
    sender = TelegramSender(await make_bot(sim, read_timeout=0.2), rate=10, sleep=fake.sleep, monotonic=fake.monotonic)
    sim.faults.delay("sendMessage", 0.5)
    result = await sender.send(reminder_to(user))
    assert result.outcome is SendOutcome.FAILED and "may have been delivered" in (result.detail or "")
    await sim.wait_for_reply(user)
    assert len(sim.calls("sendMessage")) == 1 and fake.sleeps == []


async def test_a_dropped_connection_is_not_repeated_either(sim: BotApiSimulator, make_bot: MakeBot) -> None:
    user = sim.add_user("Budi", started=True)
    fake = FakeTime()
    sender = TelegramSender(await make_bot(sim), rate=10, sleep=fake.sleep, monotonic=fake.monotonic)
    sim.faults.drop_connection("sendMessage")
    assert (await sender.send(reminder_to(user))).outcome is SendOutcome.FAILED
    assert fake.sleeps == []


async def test_the_pace_keeps_to_the_rate_in_any_second() -> None:
    fake = FakeTime()
    pace = Pace(3, sleep=fake.sleep, monotonic=fake.monotonic)
    moments = []
    for _ in range(7):
        await pace.wait()
        moments.append(fake.now)
    assert moments == [0, 0, 0, 1, 1, 1, 2]
    assert all(sum(1 for m in moments if start <= m < start + 1) <= 3 for start in moments)
