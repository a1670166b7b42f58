"""The reminder use case on SQLite and PostgreSQL, with a fake clock and the delivery engine sending to a fake
Telegram: who is reminded, exactly once per occasion across repeats, crashes, restarts and two processes, and
only in working time."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import col, select
from telegram.error import BadRequest, Forbidden

from bot.clock import FakeClock
from bot.reminders.service import covered_statuses, mark_reachable, set_reminders, sweep
from bot.storage.models import AuditLog, RecordSource, TrainingRecord
from bot.storage.models.delivery import MessageStatus, OutboxMessage
from bot.storage.models.reminders import OccasionStatus, ReminderOccasion
from scoring.models import EmploymentStatus, TrainingKind
from tests.delivery.fakes import Crash, mortal
from tests.reminders.conftest import MONDAY_0800, MakeServices, Roster, Telegram, jakarta, remind


async def occasions(roster: Roster) -> list[ReminderOccasion]:
    """Occasions from the test's week on: the first sweep also records last week's as missed (skipped)."""
    async with roster.services.session() as session:
        return list((await session.exec(
            select(ReminderOccasion).where(col(ReminderOccasion.scheduled_at) >= jakarta(24, 0))
            .order_by(col(ReminderOccasion.scheduled_at))
        )).all())


async def deliveries(roster: Roster) -> dict[int, MessageStatus]:
    """Employee id → the status of their reminder (every occasion's; the tests have one with messages)."""
    async with roster.services.session() as session:
        rows = (await session.exec(
            select(OutboxMessage).join(ReminderOccasion, col(ReminderOccasion.batch_id) == OutboxMessage.batch_id)
        )).all()
    return {row.employee_id or 0: row.status for row in rows}


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

    telegram = Telegram()
    report = await remind(roster.services, telegram)

    assert sorted(telegram.chats) == sorted(e.telegram_user_id for e in (pns, cpns, partly))
    assert "sejauh ini: <b>0 JP</b> — masih kurang <b>20 JP</b>" in telegram.texts(pns.telegram_user_id)[0]
    [reminder] = telegram.texts(partly.telegram_user_id)
    assert "12,5 JP" in reminder and "7,5 JP" in reminder and "32 hari" in reminder and "2026" in reminder
    [occasion] = await occasions(roster)
    assert occasion.scheduled_at == MONDAY_0800 and occasion.status is OccasionStatus.DONE
    assert occasion.recipients == 3 and report.done == [MONDAY_0800] and report.queued == 3
    assert set((await deliveries(roster)).values()) == {MessageStatus.SENT}


async def test_pppk_are_reminded_when_the_setting_says_so(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes(REMINDERS_INCLUDE_PPPK=True))
    pppk = await roster.add(status=EmploymentStatus.PPPK)
    clock.set(MONDAY_0800)
    telegram = Telegram()
    await remind(roster.services, telegram)
    assert telegram.chats == [pppk.telegram_user_id]


async def test_the_same_occasion_twice_sends_nothing_more(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    for _ in range(3):
        await roster.add()
    clock.set(MONDAY_0800)
    telegram = Telegram()
    await remind(roster.services, telegram)
    await remind(roster.services, telegram)
    clock.advance(timedelta(hours=3))
    await remind(processes(), telegram, "another")  # another process, later the same day
    assert len(telegram.chats) == 3
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.DONE]


async def test_a_crash_after_a_send_and_a_restart_still_send_one_message_each(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    employees = [await roster.add() for _ in range(6)]
    clock.set(MONDAY_0800)
    # The third send reaches Telegram, then the process dies before recording it: the worst case.
    dying = mortal(roster.services)
    telegram = Telegram()

    def die_at_the_third(_: int) -> None:
        if len(telegram.chats) == 3:
            dying.dead = True

    telegram.bot.on_send = die_at_the_third
    await sweep(dying)
    with pytest.raises(Crash):
        await telegram.deliver(dying, "dies")
    assert len(telegram.chats) >= 3  # and what was already on the wire
    telegram.bot.on_send = None

    telegram.time.now += roster.services.settings.DELIVERY_TAKEOVER_SECONDS + 1  # the dead process's lease runs out
    await remind(processes(), telegram, "restarted")
    assert sorted(telegram.chats) == sorted(e.telegram_user_id for e in employees)  # everyone, nobody twice
    statuses = list((await deliveries(roster)).values())
    assert statuses.count(MessageStatus.UNCERTAIN) >= 1  # unknown outcome, kept as a record, never resent
    assert set(statuses) == {MessageStatus.SENT, MessageStatus.UNCERTAIN}
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.DONE]


async def test_a_claim_whose_send_never_happened_is_not_retried(processes: MakeServices, clock: FakeClock) -> None:
    """At most once: a claimed reminder may or may not have been delivered, so nobody sends it again."""
    roster = Roster(processes(BROADCAST_RATE=10))  # one claimed at a time, the next while the first is on the wire
    first, second, third = [await roster.add() for _ in range(3)]
    clock.set(MONDAY_0800)
    dying = mortal(roster.services)
    telegram = Telegram()

    def die(_: int) -> None:
        dying.dead = True  # the first is delivered; the process dies before it records it or sends the second

    telegram.bot.on_send = die
    await sweep(dying)
    with pytest.raises(Crash):
        await telegram.deliver(dying, "dies")
    telegram.bot.on_send = None
    assert telegram.chats == [first.telegram_user_id]
    telegram.time.now += roster.services.settings.DELIVERY_TAKEOVER_SECONDS + 1
    await remind(processes(), telegram, "later")
    clock.advance(timedelta(hours=1))
    await remind(processes(), telegram, "later")
    assert telegram.chats == [first.telegram_user_id, third.telegram_user_id]
    statuses = await deliveries(roster)
    assert statuses[first.id or 0] is statuses[second.id or 0] is MessageStatus.UNCERTAIN
    assert statuses[third.id or 0] is MessageStatus.SENT


async def test_two_processes_sweeping_and_sending_together_send_one_message_each(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    employees = [await roster.add() for _ in range(12)]
    clock.set(MONDAY_0800)
    telegram = Telegram()
    await asyncio.gather(remind(processes(), telegram, "first"), remind(processes(), telegram, "second"))
    await remind(processes(), telegram, "third")
    assert sorted(telegram.chats) == sorted(e.telegram_user_id for e in employees)  # everyone, nobody twice
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.DONE and occasion.recipients == 12


async def test_nothing_is_sent_outside_working_time_until_the_next_working_time(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 9 * * sat"))
    employee = await roster.add()
    telegram = Telegram()
    clock.set(jakarta(28, 9))  # Saturday 09:00: the firing itself, on a day off
    await remind(roster.services, telegram)
    clock.set(jakarta(30, 6, 59))  # Monday, before 07:00
    await remind(roster.services, telegram)
    assert telegram.chats == [] and await occasions(roster) == []
    clock.set(jakarta(30, 7))
    await remind(roster.services, telegram)
    assert telegram.chats == [employee.telegram_user_id]
    [occasion] = await occasions(roster)
    assert occasion.scheduled_at == jakarta(28, 9) and occasion.due_at == jakarta(30, 7)  # the same occasion


async def test_sending_stops_when_working_hours_end_and_resumes_the_next_morning(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="50 19 * * mon", BROADCAST_RATE=10))  # one at a time
    employees = [await roster.add() for _ in range(4)]
    clock.set(jakarta(30, 19, 50))
    telegram = Telegram()

    def slow(_: int) -> None:
        clock.advance(timedelta(minutes=5))  # each send takes five (fake) minutes: 20:00 comes after two

    telegram.bot.on_send = slow
    report = await remind(roster.services, telegram)
    assert len(telegram.chats) == 2 and report.waiting
    telegram.bot.on_send = None
    evening = list(telegram.chats)
    clock.set(jakarta(30, 23))
    await remind(roster.services, telegram)
    assert telegram.chats == evening
    clock.set(jakarta(1, 7, month=12))  # 11 h after it was due: within the 12 h grace
    await remind(roster.services, telegram)
    assert sorted(telegram.chats) == sorted(e.telegram_user_id for e in employees)


async def test_a_missed_occasion_is_sent_at_start_within_the_grace_period(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 8 * * mon", REMINDER_GRACE_HOURS=12))
    employee = await roster.add()
    clock.set(jakarta(30, 19, 30))  # the bot was down from before 08:00 until now: 11.5 h late
    telegram = Telegram()
    await remind(roster.services, telegram)
    assert telegram.chats == [employee.telegram_user_id]


async def test_a_missed_occasion_after_the_grace_period_is_skipped_and_logged(
    processes: MakeServices, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    setup = {"REMINDER_SCHEDULE": "0 8 * * mon", "REMINDER_GRACE_HOURS": 2}
    roster = Roster(processes(**setup))
    await roster.add()
    clock.set(jakarta(30, 10, 1))  # 2 h 1 min after it was due
    telegram = Telegram()
    with caplog.at_level(logging.WARNING, logger="bot.reminders.service"):
        await remind(roster.services, telegram)
        await remind(processes(**setup), telegram, "another")  # finds it closed: no second log line
    clock.set(jakarta(1, 9, month=12))
    await remind(roster.services, telegram)
    assert telegram.chats == []
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.SKIPPED and occasion.scheduled_at == jakarta(30, 8)
    lines = [r.getMessage() for r in caplog.records if "2026-11-30 08:00+07:00 (due" in r.getMessage()]
    assert len(lines) == 1 and "skipped" in lines[0]


async def test_what_is_left_of_an_occasion_past_its_grace_period_is_skipped(
    processes: MakeServices, clock: FakeClock
) -> None:
    setup = {"REMINDER_SCHEDULE": "0 8 * * mon", "REMINDER_GRACE_HOURS": 4, "BROADCAST_RATE": 10}
    roster = Roster(processes(**setup))
    for _ in range(3):
        await roster.add()
    clock.set(jakarta(30, 8))
    dying = mortal(roster.services)
    telegram = Telegram()

    def die_at_the_first(_: int) -> None:
        dying.dead = True

    telegram.bot.on_send = die_at_the_first
    await sweep(dying)
    with pytest.raises(Crash):
        await telegram.deliver(dying, "dies")  # dies after the first message
    telegram.bot.on_send = None
    clock.set(jakarta(30, 12, 30))  # back up 4.5 h after it was due
    telegram.time.now += roster.services.settings.DELIVERY_TAKEOVER_SECONDS + 1
    await remind(processes(**setup), telegram, "late")
    assert len(telegram.chats) == 1
    [occasion] = await occasions(roster)
    assert occasion.status is OccasionStatus.SKIPPED
    # the first delivered and the second claimed when the process died: uncertain; the third never went out
    assert sorted((await deliveries(roster)).values()) == [
        MessageStatus.SKIPPED, MessageStatus.UNCERTAIN, MessageStatus.UNCERTAIN
    ]


async def test_occasions_due_together_make_one_reminder(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes(REMINDER_SCHEDULE="0 9 * * sat; 0 9 * * sun", REMINDER_GRACE_HOURS=48))
    await roster.add()
    clock.set(jakarta(30, 7))  # Saturday's and Sunday's firings both wait for Monday 07:00
    telegram = Telegram()
    await remind(roster.services, telegram)
    assert len(telegram.chats) == 1
    assert [o.status for o in await occasions(roster)] == [OccasionStatus.SUPERSEDED, OccasionStatus.DONE]


async def test_the_default_schedule_fires_on_the_first_working_day(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    await roster.add()
    telegram = Telegram()
    for moment in (jakarta(30, 8), jakarta(1, 7, 59, month=12), jakarta(1, 8, month=12), jakarta(1, 9, month=12)):
        clock.set(moment)
        await remind(roster.services, telegram)
    assert [o.scheduled_at for o in await occasions(roster)] == [jakarta(30, 8), jakarta(1, 8, month=12)]
    assert len(telegram.chats) == 2


async def test_who_opted_out_or_logged_training_after_the_occasion_opened_is_dropped(
    processes: MakeServices, clock: FakeClock
) -> None:
    roster = Roster(processes())
    keeps, opts_out, trains = [await roster.add() for _ in range(3)]
    clock.set(MONDAY_0800)
    await sweep(roster.services)  # opens, sends nothing yet
    assert (await occasions(roster))[0].recipients == 3
    async with roster.services.session() as session:
        await set_reminders(session, opts_out.id or 0, False, clock=clock,
                            covered=covered_statuses(roster.services.settings))
        session.add(TrainingRecord(employee_id=trains.id or 0, kind=TrainingKind.SEMINAR, title="Seminar",
                                   end_date=date(2026, 11, 20), jp=24, source=RecordSource.SELF, created_by="test"))
    telegram = Telegram()
    await remind(roster.services, telegram)
    assert telegram.chats == [keeps.telegram_user_id]
    statuses = await deliveries(roster)
    assert statuses[opts_out.id or 0] is MessageStatus.DROPPED and statuses[trains.id or 0] is MessageStatus.DROPPED


async def test_a_blocked_account_is_marked_and_skipped_next_time(processes: MakeServices, clock: FakeClock) -> None:
    roster = Roster(processes())
    blocker = await roster.add()
    failing = await roster.add()
    clock.set(MONDAY_0800)
    telegram = Telegram()
    telegram.bot.failures = {blocker.telegram_user_id or 0: [Forbidden("Forbidden: bot was blocked by the user")],
                             failing.telegram_user_id or 0: [BadRequest("Bad Request: message is too long")]}
    await remind(roster.services, telegram)
    statuses = await deliveries(roster)
    assert (statuses[blocker.id or 0], statuses[failing.id or 0]) == (MessageStatus.UNREACHABLE, MessageStatus.FAILED)
    assert (await roster.get(blocker.id)).telegram_blocked_at == MONDAY_0800
    assert (await roster.get(failing.id)).telegram_blocked_at is None
    await remind(roster.services, telegram)  # a failure is final for this occasion too
    assert telegram.chats == []
    clock.set(jakarta(1, 8, month=12))
    await remind(roster.services, telegram)
    assert telegram.chats == [failing.telegram_user_id]


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
    assert (off.changed, on.changed, again.changed) == (True, True, False)
    assert other.enabled and not other.covered and not other.changed
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
    telegram = Telegram()
    await remind(roster.services, telegram)
    assert sorted(telegram.chats) == sorted([blocker.telegram_user_id, other.telegram_user_id])
