"""The reminder use case on SQLite and PostgreSQL, with a fake clock and a recording sender: who is reminded,
exactly once per occasion across repeats, crashes, restarts and two processes, and only in working time."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.clock import FakeClock
from bot.reminders.service import SendOutcome, covered_statuses, mark_reachable, set_reminders, sweep
from bot.storage.models import AuditLog, RecordSource, TrainingRecord
from bot.storage.models.reminders import DeliveryStatus, OccasionStatus, ReminderDelivery, ReminderOccasion
from scoring.models import EmploymentStatus, TrainingKind
from tests.reminders.conftest import MONDAY_0800, Crash, FakeSender, MakeServices, Roster, jakarta


async def occasions(roster: Roster) -> list[ReminderOccasion]:
    """Occasions from the test's week on: the first sweep also records last week's as missed (skipped)."""
    async with roster.services.session() as session:
        return list((await session.exec(
            select(ReminderOccasion).where(col(ReminderOccasion.scheduled_at) >= jakarta(24, 0))
            .order_by(col(ReminderOccasion.scheduled_at))
        )).all())


async def deliveries(roster: Roster) -> dict[int, DeliveryStatus]:
    async with roster.services.session() as session:
        rows = (await session.exec(select(ReminderDelivery))).all()
    return {row.employee_id: row.status for row in rows}


async def test_an_occasion_reaches_exactly_the_employees_it_should(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    pns = await roster.add()
    cpns = await roster.add(status=EmploymentStatus.CPNS)
    partly = await roster.add(jp=12.5)
    await roster.add(status=EmploymentStatus.PPPK)  # rules §7: no 20 JP duty, no reminder by default
    await roster.add(jp=20)  # obligation met
    await roster.add(linked=False)
    await roster.add(reminders_enabled=False)
    await roster.add(active=False)
    await roster.add(telegram_blocked_at=datetime(2026, 11, 1, tzinfo=UTC))
    clock.set(MONDAY_0800)

    sender = FakeSender()
    report = await sweep(roster.services, sender)

    assert sorted(sender.chats) == sorted(e.telegram_user_id for e in (pns, cpns, partly))
    by_chat = {r.chat_id: r for r in sender.sent}
    assert (by_chat[pns.telegram_user_id or 0].jp, by_chat[pns.telegram_user_id or 0].shortfall) == (0, 20)
    reminder = by_chat[partly.telegram_user_id or 0]
    assert (reminder.jp, reminder.shortfall, reminder.days_left, reminder.year) == (12.5, 7.5, 32, 2026)
    assert reminder.lang == "id"
    [occasion] = await occasions(roster)
    assert occasion.scheduled_at == MONDAY_0800 and occasion.status is OccasionStatus.DONE
    assert occasion.recipients == 3 and report.done == [MONDAY_0800]
    assert set((await deliveries(roster)).values()) == {DeliveryStatus.SENT}


async def test_pppk_are_reminded_when_the_setting_says_so(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes(REMINDERS_INCLUDE_PPPK=True))
    pppk = await roster.add(status=EmploymentStatus.PPPK)
    clock.set(MONDAY_0800)
    sender = FakeSender()
    await sweep(roster.services, sender)
    assert sender.chats == [pppk.telegram_user_id]


async def test_the_same_occasion_twice_sends_nothing_more(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    for _ in range(3):
        await roster.add()
    clock.set(MONDAY_0800)
    sender = FakeSender()
    await sweep(roster.services, sender)
    await sweep(roster.services, sender)
    clock.advance(timedelta(hours=3))
    await sweep(processes(), sender)  # another process, later the same day
    assert len(sender.sent) == 3
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.DONE]


async def test_a_crash_after_a_send_and_a_restart_still_send_one_message_each(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    employees = [await roster.add() for _ in range(6)]
    clock.set(MONDAY_0800)
    # The third send reaches Telegram, then the process dies before recording it: the worst case.
    dying = FakeSender(crash_after=2)
    with pytest.raises(Crash):
        await sweep(roster.services, dying)
    assert len(dying.sent) == 3

    restarted = FakeSender()
    await sweep(processes(), restarted)
    assert sorted(dying.chats + restarted.chats) == sorted(e.telegram_user_id for e in employees)
    statuses = await deliveries(roster)
    assert list(statuses.values()).count(DeliveryStatus.CLAIMED) == 1  # unknown outcome, kept as a record
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.DONE]


async def test_a_claim_whose_send_never_happened_is_not_retried(processes: MakeServices, clock: FakeClock) -> None:
    """At most once: a claimed row may or may not have been delivered, so nobody sends it again."""
    roster = Roster(processes())
    employees = [await roster.add() for _ in range(3)]
    clock.set(MONDAY_0800)
    with pytest.raises(Crash):
        await sweep(roster.services, FakeSender(crash_after=1, crash_after_send=False))
    later = FakeSender()
    await sweep(processes(), later)
    clock.advance(timedelta(hours=1))
    await sweep(processes(), later)
    assert later.chats == [employees[2].telegram_user_id]
    assert (await deliveries(roster))[employees[1].id or 0] is DeliveryStatus.CLAIMED


async def test_two_processes_sweeping_together_send_one_message_each(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    employees = [await roster.add() for _ in range(12)]
    clock.set(MONDAY_0800)
    first, second = FakeSender(pause=True), FakeSender(pause=True)
    await asyncio.gather(sweep(processes(), first), sweep(processes(), second))
    chats = first.chats + second.chats
    assert sorted(chats) == sorted(e.telegram_user_id for e in employees)  # everyone, nobody twice
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.DONE and occasion.recipients == 12


async def test_nothing_is_sent_outside_working_time_until_the_next_working_time(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 9 * * sat"))
    employee = await roster.add()
    sender = FakeSender()
    clock.set(jakarta(28, 9))  # Saturday 09:00: the firing itself, on a day off
    await sweep(roster.services, sender)
    clock.set(jakarta(30, 6, 59))  # Monday, before 07:00
    await sweep(roster.services, sender)
    assert sender.sent == [] and await occasions(roster) == []
    clock.set(jakarta(30, 7))
    await sweep(roster.services, sender)
    assert sender.chats == [employee.telegram_user_id]
    [occasion] = await occasions(roster)
    assert occasion.scheduled_at == jakarta(28, 9) and occasion.due_at == jakarta(30, 7)  # the same occasion


async def test_sending_stops_when_working_hours_end_and_resumes_the_next_morning(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="50 19 * * mon"))
    employees = [await roster.add() for _ in range(4)]
    clock.set(jakarta(30, 19, 50))

    async def slow(_: object) -> None:
        clock.advance(timedelta(minutes=5))  # each send takes five (fake) minutes: 20:00 comes after two

    evening = FakeSender(before=slow)
    report = await sweep(roster.services, evening)
    assert len(evening.sent) == 2 and report.waiting
    clock.set(jakarta(30, 23))
    morning = FakeSender()
    await sweep(roster.services, morning)
    assert morning.sent == []
    clock.set(jakarta(1, 7, month=12))  # 11 h after it was due: within the 12 h grace
    await sweep(roster.services, morning)
    assert sorted(evening.chats + morning.chats) == sorted(e.telegram_user_id for e in employees)


async def test_a_missed_occasion_is_sent_at_start_within_the_grace_period(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 8 * * mon", REMINDER_GRACE_HOURS=12))
    employee = await roster.add()
    clock.set(jakarta(30, 19, 30))  # the bot was down from before 08:00 until now: 11.5 h late
    sender = FakeSender()
    await sweep(roster.services, sender)
    assert sender.chats == [employee.telegram_user_id]


async def test_a_missed_occasion_after_the_grace_period_is_skipped_and_logged(
    processes: MakeServices, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    setup = {"REMINDER_SCHEDULE": "0 8 * * mon", "REMINDER_GRACE_HOURS": 2}
    roster = Roster(processes(**setup))
    await roster.add()
    clock.set(jakarta(30, 10, 1))  # 2 h 1 min after it was due
    sender = FakeSender()
    with caplog.at_level(logging.WARNING, logger="bot.reminders.service"):
        await sweep(roster.services, sender)
        await sweep(processes(**setup), sender)  # a second process finds it closed: no second log line
    clock.set(jakarta(1, 9, month=12))
    await sweep(roster.services, sender)
    assert sender.sent == []
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.SKIPPED and occasion.scheduled_at == jakarta(30, 8)
    lines = [r.getMessage() for r in caplog.records if "2026-11-30 08:00+07:00 (due" in r.getMessage()]
    assert len(lines) == 1 and "skipped" in lines[0]


async def test_what_is_left_of_an_occasion_past_its_grace_period_is_skipped(
    processes: MakeServices, clock: FakeClock
) -> None:
    setup = {"REMINDER_SCHEDULE": "0 8 * * mon", "REMINDER_GRACE_HOURS": 4}
    roster = Roster(processes(**setup))
    for _ in range(3):
        await roster.add()
    clock.set(jakarta(30, 8))
    with pytest.raises(Crash):
        await sweep(roster.services, FakeSender(crash_after=0))  # dies after the first message
    clock.set(jakarta(30, 12, 30))  # back up 4.5 h after it was due
    late = FakeSender()
    await sweep(processes(**setup), late)
    assert late.sent == []
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.SKIPPED
    assert sorted((await deliveries(roster)).values()) == [
        DeliveryStatus.CLAIMED, DeliveryStatus.SKIPPED, DeliveryStatus.SKIPPED
    ]


async def test_occasions_due_together_make_one_reminder(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 9 * * sat; 0 9 * * sun", REMINDER_GRACE_HOURS=48))
    await roster.add()
    clock.set(jakarta(30, 7))  # Saturday's and Sunday's firings both wait for Monday 07:00
    sender = FakeSender()
    await sweep(roster.services, sender)
    assert len(sender.sent) == 1
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.SUPERSEDED, OccasionStatus.DONE]


async def test_the_default_schedule_fires_on_the_first_working_day(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    await roster.add()
    sender = FakeSender()
    for moment in (jakarta(30, 8), jakarta(1, 7, 59, month=12), jakarta(1, 8, month=12), jakarta(1, 9, month=12)):
        clock.set(moment)
        await sweep(roster.services, sender)
    assert [o.scheduled_at for o in await occasions(roster)] == [jakarta(30, 8), jakarta(1, 8, month=12)]
    assert len(sender.sent) == 2


async def test_who_opted_out_or_logged_training_after_the_occasion_opened_is_dropped(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    keeps, opts_out, trains = [await roster.add() for _ in range(3)]
    clock.set(MONDAY_0800)
    await sweep(roster.services, FakeSender(), keep_going=lambda: False)  # opens, sends nothing yet
    assert (await occasions(roster))[0].recipients == 3
    async with roster.services.session() as session:
        await set_reminders(session, opts_out.id or 0, False, clock=clock,
                            covered=covered_statuses(roster.services.settings))
        session.add(TrainingRecord(employee_id=trains.id or 0, kind=TrainingKind.SEMINAR, title="Seminar",
                                   end_date=date(2026, 11, 20), jp=24, source=RecordSource.SELF, created_by="test"))
    sender = FakeSender()
    await sweep(roster.services, sender)
    assert sender.chats == [keeps.telegram_user_id]
    statuses = await deliveries(roster)
    assert statuses[opts_out.id or 0] is DeliveryStatus.DROPPED and statuses[trains.id or 0] is DeliveryStatus.DROPPED


async def test_a_blocked_account_is_marked_and_skipped_next_time(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    blocker = await roster.add()
    failing = await roster.add()
    clock.set(MONDAY_0800)
    sender = FakeSender(outcomes={blocker.telegram_user_id or 0: SendOutcome.BLOCKED,
                                  failing.telegram_user_id or 0: SendOutcome.FAILED})
    report = await sweep(roster.services, sender)
    assert report.outcomes == {"blocked": 1, "failed": 1}
    assert (await roster.get(blocker.id)).telegram_blocked_at == MONDAY_0800
    assert (await roster.get(failing.id)).telegram_blocked_at is None
    await sweep(roster.services, sender)  # a failure is final for this occasion too
    clock.set(jakarta(1, 8, month=12))
    later = FakeSender()
    await sweep(roster.services, later)
    assert later.chats == [failing.telegram_user_id]


async def test_pengingat_toggles_and_is_audited(processes: MakeServices, clock: FakeClock) -> None:
    services = processes()
    roster = Roster(services)
    pns, pppk = await roster.add(), await roster.add(status=EmploymentStatus.PPPK)
    covered = covered_statuses(services.settings)
    async with services.session() as session:
        off = await set_reminders(session, pns.id or 0, None, clock=clock, covered=covered)
    async with services.session() as session:
        on = await set_reminders(session, pns.id or 0, None, clock=clock, covered=covered)
        again = await set_reminders(session, pns.id or 0, True, clock=clock, covered=covered)
        other = await set_reminders(session, pppk.id or 0, True, clock=clock, covered=covered)
    assert (off.enabled, on.enabled, again.enabled) == (False, True, True)
    assert other.enabled and not other.covered
    async with services.session() as session:
        actions = (await session.exec(select(AuditLog.action).where(col(AuditLog.target_employee_id) == pns.id))).all()
    assert list(actions) == ["employee.reminders", "employee.reminders"]


async def test_writing_to_the_bot_again_clears_the_blocked_mark(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    blocker = await roster.add(telegram_blocked_at=datetime(2026, 11, 1, tzinfo=UTC))
    other = await roster.add()
    async with roster.services.session() as session:
        assert await mark_reachable(session, other.telegram_user_id or 0) is False
        assert await mark_reachable(session, blocker.telegram_user_id or 0) is True
        assert await mark_reachable(session, 424242) is False  # nobody's account
    assert (await roster.get(blocker.id)).telegram_blocked_at is None
    clock.set(MONDAY_0800)
    sender = FakeSender()
    await sweep(roster.services, sender)
    assert sorted(sender.chats) == sorted([blocker.telegram_user_id, other.telegram_user_id])
