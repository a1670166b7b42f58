"""Faults a test schedules: Telegram saying "slow down", failing, hanging, hanging up, or answering late.

Each fault answers the next call(s) of one method (or of any method, with "*"), so the bot's retry and error
paths can be exercised deterministically instead of hoping for a real outage. Most act before the method
runs (nothing happens); `delay` runs it after a pause and `answer_late` runs it at once and holds only the
answer: in both the emulator carries the call out even when the client has given up waiting, as Telegram
does, so a test can tell what was delivered (the chats) from what the bot was told (the answers).

`at_random` adds a share of faults to every matching call, drawn from a seeded generator (reproducible).
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.simulator.errors import ApiError, too_many_requests

FaultKind = Literal["retry_after", "server_error", "delay", "drop", "late"]
ANY_METHOD = "*"

_SERVER_ERRORS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    status: int = 0
    retry_after: int = 0
    seconds: float = 0.0

    def error(self) -> ApiError:
        """The refusal a `retry_after` or `server_error` fault answers with."""
        if self.kind == "retry_after":
            return too_many_requests(self.retry_after)
        return ApiError(self.status, _SERVER_ERRORS.get(self.status, "Internal Server Error"))


@dataclass
class RandomFaults:
    """A share of calls (of `methods`, or every method) answered by one of `faults`, chosen at random."""

    share: float
    faults: tuple[Fault, ...]
    methods: frozenset[str] | None
    rng: random.Random
    injected: int = 0

    def draw(self, method: str) -> Fault | None:
        if self.methods is not None and method.lower() not in self.methods:
            return None
        if self.rng.random() >= self.share:
            return None
        self.injected += 1
        return self.rng.choice(self.faults)


@dataclass
class FaultPlan:
    _queues: dict[str, deque[Fault]] = field(default_factory=dict)
    _random: RandomFaults | None = None

    def _add(self, method: str, fault: Fault, times: int) -> None:
        if times < 1:
            raise ValueError("times must be at least 1")
        self._queues.setdefault(method.lower(), deque()).extend([fault] * times)

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls with 429 "Too Many Requests: retry after N"."""
        if retry_after < 0:
            raise ValueError("retry_after must not be negative")
        self._add(method, Fault("retry_after", status=429, retry_after=retry_after), times)

    def server_error(self, method: str, *, times: int = 1, status: int = 500) -> None:
        """Answer the next `times` calls with a 5xx, as Telegram does during an outage."""
        if status not in _SERVER_ERRORS:
            raise ValueError(f"status must be one of {sorted(_SERVER_ERRORS)}")
        self._add(method, Fault("server_error", status=status), times)

    def delay(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next `times` calls for `seconds` before answering them normally (slow network)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._add(method, Fault("delay", seconds=seconds), times)

    def drop_connection(self, method: str, *, times: int = 1) -> None:
        """Close the connection without any answer (the bot sees a network error)."""
        self._add(method, Fault("drop"), times)

    def answer_late(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Carry the next `times` calls out at once (a message is delivered) but answer only after `seconds`:
        a client whose read timeout is shorter never learns that it succeeded."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._add(method, Fault("late", seconds=seconds), times)

    def at_random(self, share: float, faults: Sequence[Fault], *, methods: Sequence[str] | None = None,
                  seed: int = 0) -> RandomFaults:
        """From now on, answer `share` (0–1) of the calls of `methods` (default: every method) with one of
        `faults`, chosen at random with `seed`; after the faults scheduled one by one. Returns the draw, whose
        `injected` counts them; `clear()` stops it."""
        if not 0 <= share <= 1 or not faults:
            raise ValueError("share must be within 0..1 and faults not empty")
        chosen = None if methods is None else frozenset(m.lower() for m in methods)
        self._random = RandomFaults(share, tuple(faults), chosen, random.Random(seed))
        return self._random

    def take(self, method: str) -> Fault | None:
        """The fault due for this call, if any; consumes it."""
        for key in (method.lower(), ANY_METHOD):
            queue = self._queues.get(key)
            if queue:
                return queue.popleft()
        return None if self._random is None else self._random.draw(method)

    def pending(self, method: str | None = None) -> int:
        """How many scheduled faults are still waiting (for one method, or in total)."""
        if method is None:
            return sum(len(queue) for queue in self._queues.values())
        return len(self._queues.get(method.lower(), ()))

    def clear(self) -> None:
        self._queues.clear()
        self._random = None
