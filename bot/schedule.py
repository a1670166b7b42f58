"""When reminders go out: REMINDER_SCHEDULE (cron), WORKING_HOURS and WORKING_DAYS. Pure functions, no I/O.

The schedule format is standard five-field cron (minute hour day-of-month month day-of-week), several
expressions separated by `;`, read in the configured time zone. Fields take `*`, numbers, `a-b` ranges,
`/step`, comma lists, and English names (`jan`…`dec`, `sun`…`sat`; 0 and 7 are both Sunday). As in Vixie
cron, when both day fields are restricted (neither starts with `*`), a day matches if EITHER matches.

One extension, for the issue's default ("the first working day of each month at 08:00"), which plain cron
cannot express: `NW` in the day-of-month field means "the first working day (WORKING_DAYS) on or after day
N, within the same month" — the letter comes from Quartz's `W` ("nearest weekday"), and `1W` agrees with
Quartz whenever the working days are Monday to Friday. Public holidays are not known to the bot: a
holiday that falls on a working day counts as a working day.

Default: `0 8 1W * *; 0 8 * 10-12 mon` — 08:00 on the first working day of every month, and 08:00 every
Monday from October to December. When both fire at the same instant it is one occasion (an occasion is
identified by its scheduled instant).

Working time is `[start, end)` on working days: a firing outside it is not lost, it becomes due at the
next working instant (`WorkingTime.next_working`), and stays the same occasion.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_SCHEDULE = "0 8 1W * *; 0 8 * 10-12 mon"
DEFAULT_WORKING_HOURS = "07:00-20:00"
DEFAULT_WORKING_DAYS = "mon,tue,wed,thu,fri"

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
_CRON_DAY_NAMES = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_FIELDS = ("minute", "hour", "day of month", "month", "day of week")
_BOUNDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


class ScheduleError(ValueError):
    """A setting that cannot be read; the message names the part at fault, for the person configuring."""


@dataclass(frozen=True)
class CronExpression:
    """One parsed expression. Weekdays are stored as `date.weekday()` numbers (0 = Monday)."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    first_working_from: frozenset[int]  # the N of every `NW` token
    months: frozenset[int]
    weekdays: frozenset[int]
    any_day: bool  # the day-of-month field starts with `*`
    any_weekday: bool  # the day-of-week field starts with `*`

    def matches_day(self, day: date, working_days: frozenset[int]) -> bool:
        if day.month not in self.months:
            return False
        by_month_day = day.day in self.days or any(
            first_working_day(day.year, day.month, n, working_days) == day for n in self.first_working_from
        )
        by_weekday = day.weekday() in self.weekdays
        if self.any_day or self.any_weekday:
            return by_month_day and by_weekday  # a `*` field matches every day, so this is plain AND
        return by_month_day or by_weekday  # Vixie cron: both restricted means either will do

    def times(self) -> list[time]:
        return sorted(time(h, m) for h in self.hours for m in self.minutes)


@dataclass(frozen=True)
class Schedule:
    expressions: tuple[CronExpression, ...]

    def firings(self, after: datetime, until: datetime, working: WorkingTime) -> list[datetime]:
        """Every scheduled instant in `(after, until]`, in UTC, oldest first, without duplicates."""
        found: set[datetime] = set()
        first = after.astimezone(working.tz).date()
        last = until.astimezone(working.tz).date()
        for day in _days(first, last):
            for expression in self.expressions:
                if not expression.matches_day(day, working.days):
                    continue
                for moment in expression.times():
                    instant = datetime.combine(day, moment, tzinfo=working.tz).astimezone(UTC)
                    if after < instant <= until:
                        found.add(instant)
        return sorted(found)


@dataclass(frozen=True)
class WorkingTime:
    """When the bot may write to people: `[start, end)` local time on `days` (0 = Monday)."""

    days: frozenset[int]
    start: time
    end: time
    tz: ZoneInfo

    def is_working(self, instant: datetime) -> bool:
        local = instant.astimezone(self.tz)
        return local.weekday() in self.days and self.start <= local.time().replace(tzinfo=None) < self.end

    def next_working(self, instant: datetime) -> datetime:
        """`instant` itself when inside working time, else the start of the next working period (UTC)."""
        if self.is_working(instant):
            return instant.astimezone(UTC)
        local = instant.astimezone(self.tz)
        day = local.date()
        if local.time().replace(tzinfo=None) >= self.start:
            day += timedelta(days=1)
        while day.weekday() not in self.days:  # terminates: `days` is never empty (parse_working_days)
            day += timedelta(days=1)
        return datetime.combine(day, self.start, tzinfo=self.tz).astimezone(UTC)


def first_working_day(year: int, month: int, from_day: int, working_days: frozenset[int]) -> date | None:
    """The first working day on or after `from_day` in that month; None when the month has none left."""
    for number in range(from_day, calendar.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        if day.weekday() in working_days:
            return day
    return None


def parse_schedule(text: str) -> Schedule:
    """`"0 8 1W * *; 0 8 * 10-12 mon"` → a Schedule; ScheduleError names the expression and field at fault."""
    parts = [part.strip() for part in text.split(";")]
    if not any(parts):
        raise ScheduleError("at least one cron expression is needed, e.g. '0 8 1W * *'")
    expressions = []
    for index, part in enumerate(parts, start=1):
        if not part:
            continue
        try:
            expressions.append(_parse_expression(part))
        except ScheduleError as error:
            raise ScheduleError(f"expression {index} {part!r}: {error}") from None
    return Schedule(tuple(expressions))


def parse_working_hours(text: str) -> tuple[time, time]:
    """`"07:00-20:00"` → (07:00, 20:00); the end is exclusive and must come after the start."""
    try:
        start_text, end_text = (piece.strip() for piece in text.split("-"))
        start, end = _clock_time(start_text), _clock_time(end_text)
    except ValueError:
        raise ScheduleError(f"expected HH:MM-HH:MM, e.g. {DEFAULT_WORKING_HOURS}, not {text!r}") from None
    if not start < end:
        raise ScheduleError(f"the end {end_text} must be after the start {start_text} (same day)")
    return start, end


def parse_working_days(text: str) -> frozenset[int]:
    """`"mon,tue,wed,thu,fri"` or `"mon-fri"` → weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for item in (piece.strip().lower() for piece in text.split(",")):
        if not item:
            continue
        low, _, high = item.partition("-")
        try:
            first = DAY_NAMES.index(low.strip())
            last = DAY_NAMES.index(high.strip()) if high else first
        except ValueError:
            raise ScheduleError(f"unknown day {item!r}; use {', '.join(DAY_NAMES)} (or a range like mon-fri)") from None
        if last < first:
            raise ScheduleError(f"range {item!r} runs backwards; write it as a list instead")
        days.update(range(first, last + 1))
    if not days:
        raise ScheduleError("at least one working day is needed, e.g. mon,tue,wed,thu,fri")
    return frozenset(days)


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    if len(minutes) != 2:
        raise ValueError(text)
    return time(int(hours), int(minutes))


def _parse_expression(text: str) -> CronExpression:
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleError(f"expected 5 fields (minute hour day-of-month month day-of-week), found {len(fields)}")
    minute, hour, day, month, weekday = fields
    days, working_from = _parse_days(day)
    cron_weekdays = _parse_field(weekday, 4, _CRON_DAY_NAMES)
    return CronExpression(
        text=text,
        minutes=_parse_field(minute, 0),
        hours=_parse_field(hour, 1),
        days=days,
        first_working_from=working_from,
        months=_parse_field(month, 3, _MONTH_NAMES),
        weekdays=frozenset((cron_day - 1) % 7 for cron_day in cron_weekdays),  # cron 0/7 = Sunday → 6
        any_day=day.startswith("*"),
        any_weekday=weekday.startswith("*"),
    )


def _parse_days(field: str) -> tuple[frozenset[int], frozenset[int]]:
    """The day-of-month field: ordinary items, and `NW` items kept apart (they depend on the working days)."""
    plain_items, working_from = [], set()
    for item in field.split(","):
        if item.upper().endswith("W") and item[:-1].isdigit():
            number = int(item[:-1])
            if not 1 <= number <= 31:
                raise ScheduleError(f"day of month: {item!r} out of range (1W-31W)")
            working_from.add(number)
        else:
            plain_items.append(item)
    days = _parse_field(",".join(plain_items), 2) if plain_items else frozenset[int]()
    return days, frozenset(working_from)


def _parse_field(field: str, index: int, names: dict[str, int] | None = None) -> frozenset[int]:
    low, high = _BOUNDS[index]
    values: set[int] = set()
    for item in field.split(","):
        values.update(_parse_item(item, low, high, names or {}, _FIELDS[index]))
    return frozenset(values)


def _parse_item(item: str, low: int, high: int, names: dict[str, int], label: str) -> Iterable[int]:
    span, _, step_text = item.partition("/")
    step = 1
    if step_text:
        if not step_text.isdigit() or int(step_text) == 0:
            raise ScheduleError(f"{label}: bad step in {item!r}")
        step = int(step_text)
    if span == "*":
        first, last = low, high
    else:
        start_text, dash, end_text = span.partition("-")
        first = _number(start_text, low, high, names, label)
        last = _number(end_text, low, high, names, label) if dash else (high if step_text else first)
        if last < first:
            raise ScheduleError(f"{label}: range {item!r} runs backwards")
    return range(first, last + 1, step)


def _number(text: str, low: int, high: int, names: dict[str, int], label: str) -> int:
    key = text.strip().lower()
    if key in names:
        return names[key]
    if not key.isdigit():
        known = f" or a name ({', '.join(names)})" if names else ""
        raise ScheduleError(f"{label}: {text!r} is not a number{known}")
    value = int(key)
    if not low <= value <= high:
        raise ScheduleError(f"{label}: {value} out of range {low}-{high}")
    return value


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
