"""Time as a dependency: services take a `Clock` so tests can stop and move time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


@dataclass(frozen=True)
class SystemClock:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))

    def now(self) -> datetime:
        return datetime.now(self.tz)


@dataclass
class FakeClock:
    """A clock that only moves when told to: `advance()` or `set()`."""

    current: datetime
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")

    def now(self) -> datetime:
        return self.current.astimezone(self.tz)

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta

    def set(self, instant: datetime) -> None:
        self.current = instant


def today(clock: Clock) -> date:
    """The local calendar date of the clock (its own time zone)."""
    return clock.now().date()


def utcnow() -> datetime:
    return datetime.now(UTC)
