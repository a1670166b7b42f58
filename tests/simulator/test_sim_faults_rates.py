"""Injected faults and flood-limit accounting (Telegram Bots FAQ: ~1 message/s per chat, ~30/s overall)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
import pytest

from bot.simulator import BotApiSimulator, RateLimits, SimUser
from bot.simulator.faults import Fault
from bot.simulator.rates import RateMonitor

Api = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
async def budi(sim: BotApiSimulator) -> SimUser:
    return sim.add_user("Budi", started=True)


async def test_rate_limit_fault_answers_429_with_retry_after(api: Api, sim: BotApiSimulator, budi: SimUser) -> None:
    sim.faults.rate_limit("sendMessage", times=2, retry_after=7)
    for _ in range(2):
        assert await api("sendMessage", chat_id=budi.id, text="x") == (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 7",
                "parameters": {"retry_after": 7},
            },
        )
    assert (await api("sendMessage", chat_id=budi.id, text="x"))[0] == 200
    assert sim.faults.pending() == 0
    assert sim.violations == []  # injected faults are not the bot's doing
    assert [c.injected for c in sim.api_errors] == [True, True]


async def test_server_error_fault_and_any_method(api: Api, sim: BotApiSimulator) -> None:
    sim.faults.server_error("*", status=502)
    assert await api("getMe") == (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
    sim.faults.server_error("getMe")
    assert (await api("getMe"))[1]["description"] == "Internal Server Error"
    assert (await api("getMe"))[0] == 200


async def test_delay_fault_holds_the_answer(api: Api, sim: BotApiSimulator) -> None:
    sim.faults.delay("getMe", 0.2)
    before = sim.state.monotonic()
    assert (await api("getMe"))[0] == 200
    assert sim.state.monotonic() - before >= 0.2


async def test_a_delayed_edit_refused_after_the_bots_retry_is_not_the_bots_fault(
    sim: BotApiSimulator, http: httpx.AsyncClient, api: Api, budi: SimUser
) -> None:
    """Telegram holds an edit; the bot gives up waiting and asks again, which is carried out first; the held
    call then finds the text already there ("message is not modified", answered to nobody). That refusal is
    no violation; the same refusal asked for by the bot itself is."""
    sent = (await api("sendMessage", chat_id=budi.id, text="x"))[1]["result"]["message_id"]
    edit = {"chat_id": budi.id, "message_id": sent, "text": "y"}
    sim.faults.delay("editMessageText", 0.5)
    url = f"{sim.base_url}{sim.token}/editMessageText"
    with pytest.raises(httpx.ReadTimeout):
        await http.post(url, data=edit, timeout=httpx.Timeout(5.0, read=0.1))
    assert (await api("editMessageText", **edit))[0] == 200  # the retry, while the first is held
    await asyncio.sleep(0.6)  # the held call is carried out now, and refused
    assert [c.status for c in sim.api_errors] == [400] and "not modified" in str(sim.api_errors[0].description)
    assert sim.violations == []
    assert (await api("editMessageText", **edit))[0] == 400  # asked again with nothing held: the bot's doing
    assert [v.kind for v in sim.violations] == ["bad_request"]


async def test_a_late_answer_comes_after_the_message_is_delivered(
    sim: BotApiSimulator, http: httpx.AsyncClient, budi: SimUser
) -> None:
    sim.faults.answer_late("sendMessage", 1.0)
    with pytest.raises(httpx.ReadTimeout):  # the client stops waiting; Telegram has done it all the same
        await http.post(f"{sim.base_url}{sim.token}/sendMessage", data={"chat_id": budi.id, "text": "x"},
                        timeout=httpx.Timeout(5.0, read=0.2))
    assert [m.text for m in sim.bot_messages(budi)] == ["x"]


async def test_random_faults_hit_a_share_of_calls_reproducibly(api: Api, sim: BotApiSimulator) -> None:
    draw = sim.faults.at_random(0.3, [Fault("server_error", status=503)], methods=["getMe"], seed=7)
    statuses = [(await api("getMe"))[0] for _ in range(200)]
    assert statuses.count(503) == draw.injected and 30 <= draw.injected <= 90
    assert (await api("getUpdates"))[0] == 200  # other methods untouched
    again = sim.faults.at_random(0.3, [Fault("server_error", status=503)], methods=["getMe"], seed=7)
    assert [(await api("getMe"))[0] for _ in range(200)] == statuses and again.injected == draw.injected
    sim.faults.clear()
    assert [(await api("getMe"))[0] for _ in range(20)] == [200] * 20


async def test_dropped_connection_is_a_network_error(sim: BotApiSimulator, http: httpx.AsyncClient) -> None:
    sim.faults.drop_connection("getMe")
    with pytest.raises(httpx.RemoteProtocolError):
        await http.post(f"{sim.base_url}{sim.token}/getMe")
    assert (await http.post(f"{sim.base_url}{sim.token}/getMe")).status_code == 200


def test_fault_arguments_are_checked() -> None:
    sim = BotApiSimulator()
    with pytest.raises(ValueError, match="times"):
        sim.faults.rate_limit("sendMessage", times=0)
    with pytest.raises(ValueError, match="status"):
        sim.faults.server_error("sendMessage", status=418)


# -- the rate monitor on its own, on a clock the test moves ------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_chat_burst_of_three_then_one_per_second() -> None:
    clock = Clock()
    monitor = RateMonitor(RateLimits(), clock)
    verdicts = []
    for _ in range(4):
        verdicts.append(monitor.check(1).kind)
        monitor.count(1)
    assert verdicts == [None, None, None, "chat_rate"]
    clock.now += 1.0
    assert monitor.check(1).within_limits
    monitor.count(1)
    assert monitor.check(1).kind == "chat_rate"
    assert monitor.check(1).retry_after == 1


def test_sustained_one_per_second_is_fine() -> None:
    clock = Clock()
    monitor = RateMonitor(RateLimits(), clock)
    for _ in range(20):
        assert monitor.check(1).within_limits
        monitor.count(1)
        clock.now += 1.0


def test_user_action_refills_the_chat_budget() -> None:
    clock = Clock()
    monitor = RateMonitor(RateLimits(), clock)
    for _ in range(10):  # ten quick exchanges: the user acts, the bot answers with three messages
        monitor.user_acted(1)
        for _ in range(3):
            assert monitor.check(1).within_limits
            monitor.count(1)
    strict = RateMonitor(RateLimits(user_action_refills=False), clock)
    verdicts = []
    for _ in range(2):
        strict.user_acted(1)
        for _ in range(3):
            verdicts.append(strict.check(1).kind)
            strict.count(1)
    assert verdicts == [None, None, None, "chat_rate", "chat_rate", "chat_rate"]


def test_global_window_counts_all_chats() -> None:
    clock = Clock()
    monitor = RateMonitor(RateLimits(), clock)
    for chat in range(30):
        assert monitor.check(chat).within_limits
        monitor.count(chat)
        clock.now += 0.01
    assert monitor.check(99).kind == "global_rate"
    clock.now += 0.71  # the first send leaves the one-second window
    assert monitor.check(99).within_limits


# -- rates seen through the API ----------------------------------------------------------------------------


@pytest.fixture
async def frozen_sim() -> AsyncIterator[tuple[BotApiSimulator, Clock]]:
    clock = Clock()
    async with BotApiSimulator(monotonic=clock) as sim:
        yield sim, clock


async def test_broadcast_blasting_one_chat_is_recorded(
    frozen_sim: tuple[BotApiSimulator, Clock], http: httpx.AsyncClient
) -> None:
    sim, _ = frozen_sim
    user = sim.add_user("Budi", started=True)
    for n in range(5):
        response = await http.post(f"{sim.base_url}{sim.token}/sendMessage", data={"chat_id": user.id, "text": n})
        assert response.status_code == 200  # recorded, not enforced, by default
    assert [(v.kind, v.chat_id) for v in sim.violations] == [("chat_rate", user.id)] * 2


async def test_conversation_replies_are_not_flooding(
    frozen_sim: tuple[BotApiSimulator, Clock], http: httpx.AsyncClient
) -> None:
    sim, _ = frozen_sim
    user = sim.add_user("Budi")
    for _ in range(5):
        await sim.user_sends(user, "lanjut")
        for text in ("Soal", "Pilihan", "Catatan"):
            await http.post(f"{sim.base_url}{sim.token}/sendMessage", data={"chat_id": user.id, "text": text})
    assert sim.violations == []


async def test_enforced_limits_answer_429(http: httpx.AsyncClient) -> None:
    clock = Clock()
    async with BotApiSimulator(monotonic=clock, rate_limits=RateLimits(enforce=True, chat_burst=1)) as sim:
        user = sim.add_user("Budi", started=True)
        url = f"{sim.base_url}{sim.token}/sendMessage"
        assert (await http.post(url, data={"chat_id": user.id, "text": "a"})).status_code == 200
        refused = await http.post(url, data={"chat_id": user.id, "text": "b"})
        assert refused.status_code == 429
        assert refused.json()["parameters"] == {"retry_after": 1}
        assert [m.text for m in sim.bot_messages(user)] == ["a"]
        clock.now += 1.0
        assert (await http.post(url, data={"chat_id": user.id, "text": "c"})).status_code == 200
        assert [v.kind for v in sim.violations] == ["chat_rate"]
