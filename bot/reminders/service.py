"""The reminder use case: which occasions are due, who is reminded, and the batch that makes it happen once.

No Telegram here: the messages go into the one outbox (`bot.delivery`) and the delivery engine sends them,
asking `bot.reminders.delivery.ReminderKind` what each one says (and whether it is still meant: the person
may have opted out or logged training since). Time comes from the Services clock only.

Exactly once, decided by the database:
- An occasion is opened by INSERT … ON CONFLICT (scheduled_at) DO NOTHING; only the process whose insert
  went in writes the recipients, in the same transaction, as an outbox batch (unique per batch and
  employee). Everyone else finds the batch.
- The engine claims each message before sending it and never sends a claimed message twice: one whose
  outcome is unknown (a timeout, a process that died mid-send) is `uncertain`, not retried (at most once).

Missed occasions: an occasion is due at the first working instant at or after its scheduled instant
(`due_at`); a sweep that finds it more than REMINDER_GRACE_HOURS after `due_at` without it being done
(the bot was down, or could not finish) closes it as `skipped` (its pending messages too) and logs how many
reminders were not sent. When several occasions are open at once only the newest is sent; the others are
closed `superseded`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.delivery import outbox
from bot.schedule import Schedule, WorkingTime, parse_schedule, parse_working_days, parse_working_hours
from bot.services import Services
from bot.storage.audit import audit, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, TrainingRecord
from bot.storage.models.delivery import COUNTED, OutboxBatch
from bot.storage.models.reminders import OccasionStatus, ReminderOccasion
from bot.storage.profiles import declared_join, declared_trainings
from bot.texts import Lang, lang_of
from bot.training.service import jp_status
from scoring import jp_in_year, load_ruleset
from scoring.engine import jp_shortfall
from scoring.models import EmploymentStatus, Training

log = logging.getLogger(__name__)

LOOKBACK_SLACK = timedelta(days=8)
"""Firings older than grace + this cannot still be due: with at least one working day a week, a firing
waits at most seven days and a few hours for the next working time."""
KIND = "reminder"
"""The reminders' `outbox_batch.kind`."""
ID_CHUNK = 1_000  # employee ids per IN (…) when computing shortfalls (well under SQLite's 32,766 variables)


@dataclass(frozen=True)
class Reminder:
    """What one message says: the figures of `training.service.jp_status`, and whom it goes to."""

    employee_id: int
    chat_id: int  # a private chat's id is the user's id
    lang: Lang
    year: int
    jp: float
    shortfall: float
    days_left: int


@dataclass(frozen=True)
class Plan:
    """The reminder settings, parsed once per sweep (they were validated when the settings loaded)."""

    schedule: Schedule
    working: WorkingTime
    grace: timedelta
    statuses: frozenset[EmploymentStatus]

    @classmethod
    def from_settings(cls, settings: Settings) -> Plan:
        start, end = parse_working_hours(settings.WORKING_HOURS)
        working = WorkingTime(parse_working_days(settings.WORKING_DAYS), start, end, settings.tz)
        return cls(parse_schedule(settings.REMINDER_SCHEDULE), working,
                   timedelta(hours=settings.REMINDER_GRACE_HOURS), covered_statuses(settings))

    def due(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """(scheduled_at, due_at) of every firing that could still matter and whose due time has come."""
        firings = self.schedule.firings(now - self.grace - LOOKBACK_SLACK, now, self.working)
        pairs = [(firing, self.working.next_working(firing)) for firing in firings]
        return [(firing, due_at) for firing, due_at in pairs if due_at <= now]


@dataclass
class SweepReport:
    """What one sweep did, for logs and tests."""

    opened: list[datetime] = field(default_factory=list)
    skipped: list[datetime] = field(default_factory=list)
    superseded: list[datetime] = field(default_factory=list)
    done: list[datetime] = field(default_factory=list)
    waiting: bool = False  # an open occasion is waiting for working time
    queued: int = 0
    """Reminders this sweep put in the outbox (when it opened an occasion)."""


def covered_statuses(settings: Settings) -> frozenset[EmploymentStatus]:
    """Rules §7: the 20 JP reminders go to PNS and CPNS, and to PPPK only when REMINDERS_INCLUDE_PPPK says so."""
    statuses = {EmploymentStatus.PNS, EmploymentStatus.CPNS}
    if settings.REMINDERS_INCLUDE_PPPK:
        statuses.add(EmploymentStatus.PPPK)
    return frozenset(statuses)


@dataclass(frozen=True)
class ReminderSetting:
    enabled: bool
    covered: bool  # False: reminders are on, yet the person's employment status gets none (rules §7)
    changed: bool  # False: it already was so (a repeated command or button press), nothing was written


async def set_reminders(
    session: AsyncSession, employee_id: int, enabled: bool | None, *, clock: Clock,
    covered: frozenset[EmploymentStatus],
) -> ReminderSetting:
    """Turn one's own reminders on or off (`None`: the opposite of now), audited when it changes."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    before = employee.reminders_enabled
    after = (not before) if enabled is None else enabled
    if after != before:
        employee.reminders_enabled = after
        employee.updated_at = clock.now()
        session.add(employee)
        audit(session, actor=employee_actor(employee_id), action="employee.reminders", at=clock.now(),
              target_employee_id=employee_id, details={"from": before, "to": after})
    return ReminderSetting(after, employee.employment_status in covered, after != before)


async def mark_reachable(session: AsyncSession, telegram_user_id: int) -> bool:
    """The person wrote to the bot, so they no longer block it: clear `telegram_blocked_at` (reminders and
    broadcasts skip blocked accounts). Meant for every private update; reads first, so the common case (not
    blocked) never takes SQLite's write lock. True when a mark was cleared."""
    blocked = (await session.exec(
        select(Employee.id).where(col(Employee.telegram_user_id) == telegram_user_id,
                                  col(Employee.telegram_blocked_at).is_not(None))
    )).first()
    if blocked is None:
        return False
    employee = table_of(Employee)
    await _execute(session, sa.update(employee).where(employee.c.id == blocked).values(telegram_blocked_at=None))
    log.info("employee %d writes to the bot again: no longer marked as blocking it", blocked)
    return True


async def sweep(services: Services) -> SweepReport:
    """Do whatever is due now (the Services clock): close missed occasions, open the current one (its
    reminders go into the outbox), and close it once every reminder is final.

    Safe to run at any time, repeatedly and from several processes at once.
    """
    plan = Plan.from_settings(services.settings)
    report = SweepReport()
    now = services.clock.now()
    due = plan.due(now)
    if not due:
        return report
    async with services.session() as session:
        known = {o.scheduled_at: o for o in (await session.exec(
            select(ReminderOccasion).where(col(ReminderOccasion.scheduled_at) >= due[0][0])
        )).all()}
    live: list[tuple[datetime, datetime]] = []
    for scheduled_at, due_at in due:
        occasion = known.get(scheduled_at)
        if occasion is not None and occasion.status is not OccasionStatus.OPEN:
            continue
        if now - due_at > plan.grace:
            await _close(services, scheduled_at, due_at, OccasionStatus.SKIPPED, report)
        else:
            live.append((scheduled_at, due_at))
    if not live:
        return report
    *older, (scheduled_at, due_at) = live
    for old_scheduled, old_due in older:
        await _close(services, old_scheduled, old_due, OccasionStatus.SUPERSEDED, report)
    if not plan.working.is_working(now):
        report.waiting = True
    occasion = known.get(scheduled_at)
    if occasion is None and not report.waiting:
        occasion = await _open(services, plan, scheduled_at, due_at, report)
    if occasion is not None and occasion.status is OccasionStatus.OPEN:
        await _finish(services, occasion, report)
    return report


async def _insert_occasion(
    session: AsyncSession, scheduled_at: datetime, due_at: datetime, status: OccasionStatus, now: datetime,
    recipients: int = 0,
) -> int | None:
    """The new occasion's id, or None when another process (or an earlier sweep) already created it."""
    values: dict[str, Any] = {
        "scheduled_at": scheduled_at, "due_at": due_at, "status": status, "recipients": recipients,
        "opened_at": now, "closed_at": None if status is OccasionStatus.OPEN else now,
    }
    connection = await core_connection(session)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table_of(ReminderOccasion)).values(**values)
        .on_conflict_do_nothing(index_elements=["scheduled_at"])
        .returning(table_of(ReminderOccasion).c.id)
    )
    inserted = (await connection.execute(statement)).scalar_one_or_none()
    return int(inserted) if inserted is not None else None


async def _close(
    services: Services, scheduled_at: datetime, due_at: datetime, status: OccasionStatus, report: SweepReport
) -> None:
    """Mark an occasion missed (`skipped`) or `superseded`, whether or not it had been opened; log it once."""
    now = services.clock.now()
    async with services.session() as session:
        if await _insert_occasion(session, scheduled_at, due_at, status, now) is not None:
            unsent = 0
        else:
            table = table_of(ReminderOccasion)
            close = (
                sa.update(table)
                .where(table.c.scheduled_at == scheduled_at, table.c.status == OccasionStatus.OPEN)
                .values(status=status, closed_at=now)
                .returning(table.c.batch_id)
            )
            closed = (await _execute(session, close)).first()
            if closed is None:
                return  # closed meanwhile by another process, which logged it
            unsent = 0 if closed.batch_id is None else await outbox.close_batch(session, closed.batch_id, now)
    (report.skipped if status is OccasionStatus.SKIPPED else report.superseded).append(scheduled_at)
    tz = services.settings.tz
    log.warning("reminder occasion %s (due %s) %s at %s: %d reminder(s) not sent", _local(scheduled_at, tz),
                _local(due_at, tz), status.value, _local(now, tz), unsent)


def _local(instant: datetime, tz: ZoneInfo) -> str:
    """Log lines in the agency's time zone: '2026-11-30 08:00+07:00' is what HR configured and expects."""
    return instant.astimezone(tz).isoformat(sep=" ", timespec="minutes")


async def _execute(session: AsyncSession, statement: sa.Executable) -> sa.CursorResult[Any]:
    """A Core UPDATE/SELECT in the session's own transaction (rowcount tells who won a compare-and-set)."""
    connection = await core_connection(session)
    return await connection.execute(statement)


async def _open(
    services: Services, plan: Plan, scheduled_at: datetime, due_at: datetime, report: SweepReport
) -> ReminderOccasion:
    """Create the occasion with its recipients frozen as a batch of pending outbox messages, or find it
    created by another process. Recipients are computed before the writing transaction, so SQLite's write
    lock is held only for the inserts."""
    today = services.today()
    async with services.session() as session:
        existing = await _occasion_at(session, scheduled_at)
        if existing is not None:
            return existing
        recipients = await eligible_with_shortfall(session, plan.statuses, today)
    now = services.clock.now()
    async with services.session() as session:
        occasion_id = await _insert_occasion(session, scheduled_at, due_at, OccasionStatus.OPEN, now,
                                             recipients=len(recipients))
        if occasion_id is not None:
            batch_id = await outbox.open_batch(session, KIND, now)
            report.queued = await outbox.add_messages(session, batch_id, recipients, now)
            table = table_of(ReminderOccasion)
            await _execute(session, sa.update(table).where(table.c.id == occasion_id).values(batch_id=batch_id))
    if occasion_id is not None:
        report.opened.append(scheduled_at)
        log.info("reminder occasion %s opened at %s: %d recipient(s)", _local(scheduled_at, plan.working.tz),
                 _local(now, plan.working.tz), len(recipients))
    async with services.session() as session:
        occasion = await _occasion_at(session, scheduled_at)
    if occasion is None:  # impossible: rows are never deleted while the bot runs
        raise LookupError(f"reminder occasion {scheduled_at} vanished")
    return occasion


async def _occasion_at(session: AsyncSession, scheduled_at: datetime) -> ReminderOccasion | None:
    return (await session.exec(
        select(ReminderOccasion).where(col(ReminderOccasion.scheduled_at) == scheduled_at)
    )).first()


def _eligible(statuses: frozenset[EmploymentStatus]) -> list[Any]:
    """Who may be reminded at all: linked, active, not opted out, not blocking the bot, of a covered status."""
    return [
        col(Employee.active).is_(True),
        col(Employee.telegram_user_id).is_not(None),
        col(Employee.reminders_enabled).is_(True),
        col(Employee.telegram_blocked_at).is_(None),
        col(Employee.employment_status).in_(sorted(statuses)),
    ]


async def eligible_with_shortfall(
    session: AsyncSession, statuses: frozenset[EmploymentStatus], today: date
) -> list[tuple[int, int]]:
    """(employee id, Telegram id) of the employees to remind today, in id order: eligible and short of the
    yearly JP (rules §7)."""
    people = {int(i): int(chat) for i, chat in (await session.exec(
        select(Employee.id, Employee.telegram_user_id).where(*_eligible(statuses)).order_by(col(Employee.id))
    )).all() if i is not None and chat is not None}
    ids = list(people)
    short: list[tuple[int, int]] = []
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start:start + ID_CHUNK]
        jp = await _jp_this_year(session, chunk, today)
        short += [(i, people[i]) for i in chunk if jp_shortfall(jp.get(i, 0.0), load_ruleset()) > 0]
    return short


async def _jp_this_year(session: AsyncSession, employee_ids: Sequence[int], today: date) -> dict[int, float]:
    """`jp_status`'s figure for many employees in one query: the same records (end date this year, up to
    today) through the same rule (`scoring.jp_in_year`). Only the columns the rule reads are loaded and the
    stored rows are not validated again: 50,000 employees with 150,000 records take about 4 s on SQLite, in
    chunks of ID_CHUNK employees (~0.1 s each), so the bot keeps answering meanwhile."""
    training = table_of(TrainingRecord)  # only what the declared figure counts (not a rejected claim)
    rows = (await session.exec(
        select(col(TrainingRecord.employee_id), col(TrainingRecord.kind), col(TrainingRecord.end_date),
               col(TrainingRecord.jp)).select_from(declared_join(training)).where(
            col(TrainingRecord.employee_id).in_(employee_ids),
            col(TrainingRecord.end_date) >= date(today.year, 1, 1),
            col(TrainingRecord.end_date) <= today,
            declared_trainings(training),
        )
    )).all()
    by_employee: dict[int, list[Training]] = defaultdict(list)
    for employee_id, kind, end_date, jp in rows:
        # as `profiles.training_of`: a training is dated by its end date (rules §2)
        by_employee[employee_id].append(Training.model_construct(kind=kind, date=end_date, jp=jp))
    return {employee_id: jp_in_year(trainings, today) for employee_id, trainings in by_employee.items()}


async def reminder_for(
    session: AsyncSession, plan: Plan, employee_id: int, today: date, default_lang: Lang
) -> Reminder | None:
    """The message's figures, or None when the person should no longer be reminded (checked at their turn:
    they may have opted out, logged training or been unlinked since the occasion opened)."""
    employee = (await session.exec(
        select(Employee).where(col(Employee.id) == employee_id, *_eligible(plan.statuses))
    )).first()
    if employee is None or employee.telegram_user_id is None:
        return None
    status = await jp_status(session, employee_id, today)
    if status.shortfall <= 0:
        return None
    return Reminder(employee_id, employee.telegram_user_id, lang_of(employee.language, default_lang),
                    status.year, status.jp, status.shortfall, status.days_left)


async def _finish(services: Services, occasion: ReminderOccasion, report: SweepReport) -> None:
    """Close the occasion once every reminder of its batch is final; the process whose update wins logs the
    totals (the batch's counters)."""
    if occasion.batch_id is None:
        return
    now = services.clock.now()
    occasion_table, batch = table_of(ReminderOccasion), table_of(OutboxBatch)
    settled = sa.select(batch.c.id).where(
        batch.c.id == occasion.batch_id,
        batch.c.total == sum((batch.c[name] for name in COUNTED), sa.literal(0)),
    )
    close = (
        sa.update(occasion_table)
        .where(occasion_table.c.id == occasion.id, occasion_table.c.status == OccasionStatus.OPEN, sa.exists(settled))
        .values(status=OccasionStatus.DONE, closed_at=now)
    )
    async with services.session() as session:
        if (await _execute(session, close)).rowcount != 1:
            return
        totals = await outbox.get_batch(session, occasion.batch_id)
    report.done.append(occasion.scheduled_at)
    counts = {name: getattr(totals, name) for name in COUNTED if getattr(totals, name)}
    log.info("reminder occasion %s done: %s%s", _local(occasion.scheduled_at, services.settings.tz),
             ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "no recipients",
             f" ({totals.uncertain} sent without an answer from Telegram: may or may not have arrived; not retried)"
             if totals.uncertain else "")
