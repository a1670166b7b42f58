"""REMINDER_SCHEDULE, WORKING_HOURS and WORKING_DAYS: what fires when, and what a wrong setting says."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.config import Settings, describe_error
from bot.schedule import (
    DEFAULT_SCHEDULE,
    WorkingTime,
    parse_schedule,
    parse_working_days,
    parse_working_hours,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
WEEKDAYS = WorkingTime(frozenset(range(5)), time(7), time(20), JAKARTA)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)  # type: ignore[misc]


def fired(expression: str, start: datetime, end: datetime, working: WorkingTime = WEEKDAYS) -> list[str]:
    firings = parse_schedule(expression).firings(start, end, working)
    return [firing.astimezone(JAKARTA).strftime("%a %d %b %H:%M") for firing in firings]


def test_the_default_is_the_first_working_day_of_each_month_and_mondays_in_the_last_quarter() -> None:
    assert fired(DEFAULT_SCHEDULE, local(2026, 7, 2), local(2026, 9, 30)) == [
        "Mon 03 Aug 08:00",  # 1 August 2026 is a Saturday
        "Tue 01 Sep 08:00",
    ]
    assert fired(DEFAULT_SCHEDULE, local(2026, 11, 20), local(2026, 12, 8)) == [
        "Mon 23 Nov 08:00", "Mon 30 Nov 08:00", "Tue 01 Dec 08:00", "Mon 07 Dec 08:00",
    ]


def test_a_monday_that_is_also_the_first_working_day_is_one_occasion() -> None:
    assert fired(DEFAULT_SCHEDULE, local(2026, 11, 1), local(2026, 11, 3)) == ["Mon 02 Nov 08:00"]


def test_the_first_working_day_follows_working_days() -> None:
    six_days = WorkingTime(parse_working_days("mon-sat"), time(7), time(20), JAKARTA)
    assert fired("0 8 1W * *", local(2026, 7, 25), local(2026, 8, 5), six_days) == ["Sat 01 Aug 08:00"]
    assert fired("30 9 15W * *", local(2026, 8, 1), local(2026, 8, 31)) == ["Mon 17 Aug 09:30"]


def test_cron_syntax_ranges_steps_lists_names_and_vixie_day_rule() -> None:
    assert fired("0,30 7-8 * * mon", local(2026, 11, 30), local(2026, 11, 30, 23)) == [
        "Mon 30 Nov 07:00", "Mon 30 Nov 07:30", "Mon 30 Nov 08:00", "Mon 30 Nov 08:30",
    ]
    assert fired("0 */12 1 dec *", local(2026, 11, 30), local(2026, 12, 2)) == ["Tue 01 Dec 00:00", "Tue 01 Dec 12:00"]
    # Both day fields restricted: either matches (as crontab(5) says).
    assert fired("0 8 1 * fri", local(2026, 11, 28), local(2026, 12, 5)) == ["Tue 01 Dec 08:00", "Fri 04 Dec 08:00"]
    assert fired("0 8 * * 0", local(2026, 11, 28), local(2026, 11, 30)) == fired("0 8 * * 7", local(2026, 11, 28),
                                                                                   local(2026, 11, 30))


def test_firings_are_a_half_open_window() -> None:
    schedule = parse_schedule("0 8 * * mon")
    monday = local(2026, 11, 30, 8)
    assert schedule.firings(monday, local(2026, 12, 1), WEEKDAYS) == []
    assert schedule.firings(local(2026, 11, 29), monday, WEEKDAYS) == [monday.astimezone(UTC)]


def test_working_time_and_the_next_working_instant() -> None:
    assert WEEKDAYS.is_working(local(2026, 11, 30, 7)) and WEEKDAYS.is_working(local(2026, 11, 30, 19, 59))
    assert not WEEKDAYS.is_working(local(2026, 11, 30, 20)) and not WEEKDAYS.is_working(local(2026, 11, 28, 9))
    assert WEEKDAYS.next_working(local(2026, 11, 28, 9)) == local(2026, 11, 30, 7)  # Saturday → Monday
    assert WEEKDAYS.next_working(local(2026, 11, 30, 20)) == local(2026, 12, 1, 7)
    assert WEEKDAYS.next_working(local(2026, 11, 30, 6)) == local(2026, 11, 30, 7)
    assert WEEKDAYS.next_working(local(2026, 12, 4, 21)) == local(2026, 12, 7, 7)  # Friday night → Monday
    assert WEEKDAYS.next_working(local(2026, 11, 30, 9, 15)) == local(2026, 11, 30, 9, 15)


def test_working_days_and_hours_parse() -> None:
    assert parse_working_days("mon,tue,wed,thu,fri") == parse_working_days("MON-fri") == frozenset(range(5))
    assert parse_working_days("sat, sun") == frozenset({5, 6})
    assert parse_working_hours("07:30-16:00") == (time(7, 30), time(16))


@pytest.mark.parametrize(("name", "value", "message"), [
    ("REMINDER_SCHEDULE", "0 8 * 13 mon", "expression 1 '0 8 * 13 mon': month: 13 out of range 1-12"),
    ("REMINDER_SCHEDULE", "0 8 1W * *; 0 8 *", "expression 2 '0 8 *': expected 5 fields"),
    ("REMINDER_SCHEDULE", "0 8 32W * *", "day of month: '32W' out of range"),
    ("REMINDER_SCHEDULE", "0 8 * * funday", "day of week: 'funday' is not a number or a name"),
    ("REMINDER_SCHEDULE", " ; ", "at least one cron expression"),
    ("WORKING_HOURS", "20:00-07:00", "the end 07:00 must be after the start 20:00"),
    ("WORKING_HOURS", "7-20", "expected HH:MM-HH:MM"),
    ("WORKING_DAYS", "mon,fri,holiday", "unknown day 'holiday'"),
    ("WORKING_DAYS", "", "at least one working day"),
    ("REMINDER_GRACE_HOURS", "-1", "greater than or equal to 0"),
    ("BROADCAST_RATE", "0", "greater than 0"),
    ("DELIVERY_HEARTBEAT_SECONDS", "0", "greater than 0"),
])
def test_a_wrong_setting_names_itself_and_the_fault(name: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(TELEGRAM_BOT_TOKEN="123:abc", **{name: value})  # type: ignore[arg-type]
    line = describe_error(caught.value)
    assert f"{name}: " in line and message in line


def test_a_take_over_needs_at_least_two_heartbeats_of_silence() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(TELEGRAM_BOT_TOKEN="123:abc", DELIVERY_HEARTBEAT_SECONDS=3, DELIVERY_TAKEOVER_SECONDS=5)  # type: ignore[call-arg]
    assert "DELIVERY_TAKEOVER_SECONDS must be at least two DELIVERY_HEARTBEAT_SECONDS" in describe_error(caught.value)


def test_the_defaults_are_valid() -> None:
    settings = Settings(TELEGRAM_BOT_TOKEN="123:abc")  # type: ignore[call-arg]
    assert settings.REMINDER_SCHEDULE == DEFAULT_SCHEDULE
    assert (settings.WORKING_HOURS, settings.WORKING_DAYS) == ("07:00-20:00", "mon,tue,wed,thu,fri")
    assert settings.REMINDER_GRACE_HOURS == 12 and settings.REMINDERS_INCLUDE_PPPK is False
