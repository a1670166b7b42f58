"""The delivery pace on a fake clock: BROADCAST_RATE overall, one a second per chat, 429s waited out."""

from __future__ import annotations

from itertools import pairwise

from bot.delivery.pacing import ChatGate, Pacer
from tests.delivery.fakes import FakeTime


def window_max(times: list[float], width: float = 1.0) -> int:
    """The most sends inside any half-open window of `width` seconds (as Telegram's sliding limit counts)."""
    return max(sum(1 for t in times if start - width < t <= start) for start in times)


async def test_slots_are_evenly_spaced_and_never_exceed_the_rate() -> None:
    clock = FakeTime()
    pacer = Pacer(25, clock.monotonic, clock.sleep)
    sent = []
    for _ in range(200):
        await pacer.slot()
        sent.append(clock.now)
    assert window_max(sent) <= 25
    assert abs((sent[-1] - sent[0]) - 199 / 25) < 1e-3  # 25 a second, sustained


async def test_no_burst_after_an_idle_spell() -> None:
    clock = FakeTime()
    pacer = Pacer(10, clock.monotonic, clock.sleep)
    await pacer.slot()
    clock.now += 60  # nothing to send for a minute: no credit is saved up
    sent = []
    for _ in range(15):
        await pacer.slot()
        sent.append(clock.now)
    assert window_max(sent) <= 10


async def test_a_short_lag_between_sends_is_made_up_and_the_rate_still_holds() -> None:
    """The engine claims a tenth of a second's worth at a time; each claim's transaction (here 60 ms, a busy
    database) delays the next send. The schedule is kept: 25 a second sustained, never more in a second."""
    clock = FakeTime()
    pacer = Pacer(25, clock.monotonic, clock.sleep)
    sent = []
    for n in range(250):
        if n % 3 == 0:
            clock.now += 0.06  # a claim
        await pacer.slot()
        sent.append(clock.now)
    assert window_max(sent) <= 25
    assert 249 / (sent[-1] - sent[0]) >= 0.97 * 25  # without making up the lags: 249 in 249/25 + 83 × 0.06 s


async def test_isolated_429s_do_not_stop_the_others_but_a_burst_pauses_everyone() -> None:
    clock = FakeTime()
    pacer = Pacer(100, clock.monotonic, clock.sleep)
    assert pacer.retry_after(5) is False
    clock.now += 2
    assert pacer.retry_after(5) is False  # two in two seconds: one chat's flood control, not the bot's
    await pacer.slot()
    assert clock.slept == []
    assert pacer.retry_after(5) is False
    assert pacer.retry_after(5) is True  # the third within a second: the bot as a whole is throttled
    before = clock.now
    await pacer.slot()
    assert clock.now - before >= 5


async def test_a_chat_just_answered_waits_its_second_before_a_bulk_message() -> None:
    """Telegram counts a chat's messages whoever sends them: after the bot's replies to a person, the engine's
    notice to that chat waits a second (so it never makes a fourth message in the replies' burst); other chats
    do not wait, and a chat answered long ago does not either."""
    clock = FakeTime()
    gate = ChatGate(clock.monotonic, clock.sleep)
    gate.replied(7)
    start = clock.now
    await gate.wait(8)
    assert clock.now == start
    await gate.wait(7)
    assert round(clock.now - start, 6) == 1.0
    gate.replied(9)
    await clock.sleep(5)
    start = clock.now
    await gate.wait(9)
    assert clock.now == start


async def test_one_message_a_second_per_chat_and_a_429_holds_the_chat() -> None:
    clock = FakeTime()
    gate = ChatGate(clock.monotonic, clock.sleep)
    times = []
    for _ in range(3):
        await gate.wait(7)
        times.append(clock.now)
    assert [round(b - a, 6) for a, b in pairwise(times)] == [1.0, 1.0]
    start = clock.now
    await gate.wait(8)  # another chat is not held up
    assert clock.now == start
    gate.hold(8, 30)
    await gate.wait(8)
    assert clock.now - start >= 30
