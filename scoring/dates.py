"""Calendar arithmetic for the rule windows (rules §2, "Windows, exactly").

"In the N months before D" means `months_before(D, N) < d <= D`, where `months_before` keeps the day
of the month and clamps it to the end of a shorter month (29 Feb 2024 - 12 months = 28 Feb 2023).
"""

from __future__ import annotations

import calendar
import os
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"


def add_months(day: date, months: int) -> date:
    """Same calendar day `months` later (negative: earlier), clamped to the month's last day.

    Beyond the calendar's range (before year 1, after 9999) it stops at `date.min` / `date.max`.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year < MINYEAR:
        return date.min
    if year > MAXYEAR:
        return date.max
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_before(day: date, months: int) -> date:
    return add_months(day, -months)


def in_window(record: date, as_of: date, months: int) -> bool:
    return months_before(as_of, months) < record <= as_of


@lru_cache(maxsize=65536)
def last_day_counted(record: date, months: int) -> date:
    """The last assessment date on which `record` is still inside an N-month window.

    Clamping makes this differ from `add_months(record, months) - 1 day` at month ends
    (29 Feb 2024 still counts on 28 Feb 2025 for 12 months), so it is searched, not guessed.
    """
    day = add_months(record, months)
    while in_window(record, day, months):
        if day == date.max:
            return day
        day += timedelta(days=1)
    return day - timedelta(days=1)


def today_in_timezone(tz_name: str | None = None) -> date:
    """Today in the configured time zone (`TIMEZONE`, default Asia/Jakarta): the default `as_of`."""
    name = tz_name or os.environ.get("TIMEZONE") or DEFAULT_TIMEZONE
    return datetime.now(ZoneInfo(name)).date()
