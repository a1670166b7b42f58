"""The one policy against the emulator: what each way a real send can fail is judged to be, and that a send
judged uncertain may indeed have arrived (so resending it would be the duplicate a person sees)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery.policy import Judged, Verdict, backoff, judge
from bot.simulator import BotApiSimulator, SimUser
from bot.simulator.harness import free_tcp_port


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    async with BotApiSimulator() as simulator:
        yield simulator
        assert simulator.violations == [], simulator.violations


@pytest.fixture
async def bot(sim: BotApiSimulator) -> AsyncIterator[Bot]:
    made = Bot(sim.token, base_url=sim.base_url, request=HTTPXRequest(read_timeout=0.3))
    await made.initialize()
    yield made
    await made.shutdown()


async def attempt(bot: Bot, user: SimUser | int) -> Judged:
    chat_id = user if isinstance(user, int) else user.id
    try:
        await bot.send_message(chat_id, "Halo")
    except Exception as error:
        return judge(error)
    return judge(None)


async def test_accepted_throttled_blocked_and_refused(sim: BotApiSimulator, bot: Bot) -> None:
    budi = sim.add_user("Budi", started=True)
    assert (await attempt(bot, budi)).verdict is Verdict.SENT
    sim.faults.rate_limit("sendMessage", retry_after=3)
    assert await attempt(bot, budi) == Judged(Verdict.LATER, "429 retry after 3 s", wait=3.0)
    sim.block(budi)
    blocked = await attempt(bot, budi)
    assert blocked.verdict is Verdict.UNREACHABLE and "blocked" in (blocked.detail or "")
    assert (await attempt(bot, 424242)).verdict is Verdict.FAILED  # chat not found: a 400, never retried
    assert [v.kind for v in sim.violations] == ["bad_request"]  # as Telegram counts it
    sim.state.journal.violations.clear()


async def test_server_errors_and_an_unreachable_server_are_retried_with_back_off(
    sim: BotApiSimulator, bot: Bot
) -> None:
    budi = sim.add_user("Budi", started=True)
    for status in (500, 502, 503, 504):
        sim.faults.server_error("sendMessage", status=status)
        assert (await attempt(bot, budi)).verdict is Verdict.RETRY
    nowhere = Bot(sim.token, base_url=f"http://127.0.0.1:{free_tcp_port()}/bot")  # not initialized: no getMe
    try:
        assert (await attempt(nowhere, budi)).verdict is Verdict.RETRY  # connection refused: it never left
    finally:
        await nowhere.shutdown()
    assert sim.bot_messages(budi) == []
    assert [backoff(n) for n in (1, 2, 3, 9, 20)] == [2.0, 4.0, 8.0, 300.0, 300.0]


async def test_an_answer_that_never_comes_is_uncertain_and_the_message_may_well_have_arrived(
    sim: BotApiSimulator, bot: Bot
) -> None:
    budi = sim.add_user("Budi", started=True)
    sim.faults.answer_late("sendMessage", 1.0)  # delivered at once, answered after the client's read timeout
    late = await attempt(bot, budi)
    assert late.verdict is Verdict.UNCERTAIN and "may have been delivered" in (late.detail or "")
    assert len(sim.bot_messages(budi)) == 1
    sim.faults.delay("sendMessage", 1.0)  # held, then carried out after the client gave up
    assert (await attempt(bot, budi)).verdict is Verdict.UNCERTAIN
    await sim.wait_until(lambda: len(sim.bot_messages(budi)) == 2, timeout=5, what="the late delivery")
    sim.faults.drop_connection("sendMessage")  # hung up without an answer
    assert (await attempt(bot, budi)).verdict is Verdict.UNCERTAIN
