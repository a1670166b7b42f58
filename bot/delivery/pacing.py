"""How fast the delivery engine may send: an overall pace, one message a second per chat, and flood pauses.

Pure timing on an injected monotonic clock and sleep, so the rules are tested with a fake clock and no
waiting. Telegram's limits (Bots FAQ): about 30 messages a second across chats, about one a second in a
chat. Slots are `1/rate` apart and no one-second window ever holds more than `rate` sends. A lag behind
the schedule of up to `CATCH_UP_SLOTS` slots (the engine's own database work between two sends) is made up by
sending the next ones at once, within that cap; a longer one (an idle spell, a flood pause) starts the
schedule afresh, saving no credit.

A 429 ("retry after N") for one message holds that chat for N seconds and the message is tried again
later, while the others go on: one chat's flood control must not stall a whole broadcast. Several 429s in
quick succession mean the bot as a whole is over the limit; then every send waits the N seconds out.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

CHAT_INTERVAL = 1.0
"""Seconds between two messages to the same chat (Telegram: "avoid more than one message per second")."""
FLOOD_BURST = 3
"""This many 429s within `FLOOD_WINDOW` seconds are taken as the whole bot being throttled."""
FLOOD_WINDOW = 1.0
CATCH_UP_SLOTS = 2
"""Slots behind the schedule that are made up (a claim's lag at 25 a second: 80 ms); a longer lag restarts
the schedule from now. Small on purpose: sends delayed by a stalled process reach Telegram together with
whatever is sent to make up, and Telegram counts arrivals (the emulator saw bursts over 30 a second with
half a second made up, on a machine where processes stalled for hundreds of milliseconds)."""
_EPSILON = 1e-6

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Pacer:
    """Hands out sending slots at `rate` per second overall.

    Two rules together: slots `1/rate` apart (smooth sending), and never more than `ceil(rate)` within any
    second of the sends as they actually happened (a late wake-up cannot let the next ones crowd in)."""

    rate: float
    monotonic: Monotonic
    sleep: Sleep
    _next: float | None = None
    _paused_until: float = 0.0
    _floods: deque[float] = field(default_factory=deque)
    _recent: deque[float] = field(default_factory=deque)

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError("rate must be positive")
        self._cap = max(1, math.ceil(self.rate - 1e-9))

    async def slot(self) -> None:
        """Wait for the next slot. After idling, the next send goes at once but never in a burst; a short lag
        (up to `CATCH_UP_SLOTS`) is made up."""
        now = self.monotonic()
        start = max(now, self._paused_until)
        if self._next is None or self._next < start - CATCH_UP_SLOTS / self.rate:
            self._next = start
        at = self._next
        if len(self._recent) >= self._cap:
            at = max(at, self._recent[0] + 1.0 + _EPSILON)
        if at > now:
            await self.sleep(at - now)
        self._next = at + 1.0 / self.rate
        self._recent.append(self.monotonic())
        while len(self._recent) > self._cap:
            self._recent.popleft()

    def retry_after(self, seconds: float) -> bool:
        """Note a 429; True when it is part of a burst, and every send now waits `seconds`."""
        now = self.monotonic()
        self._floods.append(now)
        while self._floods and self._floods[0] <= now - FLOOD_WINDOW:
            self._floods.popleft()
        if len(self._floods) < FLOOD_BURST:
            return False
        self._paused_until = max(self._paused_until, now + seconds)
        return True


@dataclass
class ChatGate:
    """At most one message a second to each chat, and none while Telegram asked that chat to wait."""

    monotonic: Monotonic
    sleep: Sleep
    interval: float = CHAT_INTERVAL
    _free_at: dict[int, float] = field(default_factory=dict)

    async def wait(self, chat_id: int) -> None:
        """Wait until the chat may get a message, and book the chat's next second for it."""
        now = self.monotonic()
        free_at = self._free_at.get(chat_id, now)
        start = max(now, free_at)
        self._free_at[chat_id] = start + self.interval
        if start > now:
            await self.sleep(start - now)
        if len(self._free_at) > 10_000:  # forget chats whose second is long over
            self._free_at = {chat: at for chat, at in self._free_at.items() if at > now}

    def replied(self, chat_id: int) -> None:
        """The bot has just answered someone in this chat: Telegram counts a chat's messages whoever sends them,
        so the engine's next one there waits its second after the replies rather than joining their burst."""
        self._free_at[chat_id] = max(self._free_at.get(chat_id, 0.0), self.monotonic() + self.interval)

    def hold(self, chat_id: int, seconds: float) -> None:
        """Telegram said "retry after `seconds`" for this chat."""
        until = self.monotonic() + seconds
        self._free_at[chat_id] = max(self._free_at.get(chat_id, until), until)
