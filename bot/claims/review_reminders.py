"""One reminder a week to reviewers whose claims wait longer than REVIEW_REMINDER_DAYS. No Telegram here.

Exactly once, by the same machinery as the 20 JP reminders (`bot.reminders.service`): the week (its Monday in
TIMEZONE) is a row of `review_reminder_week`, inserted with ON CONFLICT DO NOTHING; only the process whose
insert went in writes the recipients, in the same transaction, as an outbox batch (unique per batch and
person). The delivery engine sends them at its pace; each is composed at its turn
(`bot.review.delivery.ReviewReminderKind`), deferred outside working time and dropped when nothing waits
any more.

Who is reminded (a decision): the *direct* supervisor of each employee with a claim that waits too long (not
the whole chain above: the one expected to act), and every HR admin with such a claim in their scope
(disputes wait for HR only). Reviewers must be active, linked to Telegram and not blocking the bot. The week's
row is written in its first working moment that a sweep sees; a claim that grows old later that week is in the
next week's reminder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims.review import reach_of, reviewable
from bot.delivery import outbox
from bot.schedule import WorkingTime, parse_working_days, parse_working_hours
from bot.services import Services
from bot.storage.base import core_connection, table_of
from bot.storage.models import Claim, ClaimKind, Employee, Role, RoleGrant
from bot.storage.models.review import ReviewReminderWeek
from bot.storage.units import unit_subtree_ids

log = logging.getLogger(__name__)
KIND = "review-reminder"
"""`outbox_batch.kind` of the weekly reminders to reviewers."""

_claim, _employee, _grant = table_of(Claim), table_of(Employee), table_of(RoleGrant)
_week = table_of(ReviewReminderWeek)


def working_time(services: Services) -> WorkingTime:
    settings = services.settings
    start, end = parse_working_hours(settings.WORKING_HOURS)
    return WorkingTime(parse_working_days(settings.WORKING_DAYS), start, end, settings.tz)


def week_of(now: datetime, services: Services) -> date:
    local = now.astimezone(services.settings.tz).date()
    return local - timedelta(days=local.weekday())


def cutoff(now: datetime, services: Services) -> datetime:
    """Claims made before this have waited longer than REVIEW_REMINDER_DAYS."""
    return now - timedelta(days=services.settings.REVIEW_REMINDER_DAYS)


def _reachable() -> list[sa.ColumnElement[bool]]:
    return [_employee.c.active.is_(True), _employee.c.telegram_user_id.is_not(None),
            _employee.c.telegram_blocked_at.is_(None)]


async def reviewers_due(session: AsyncSession, before: datetime) -> list[tuple[int, int]]:
    """(employee id, chat id) of every reviewer to remind: see the module's doc."""
    connection = await core_connection(session)
    owner = _employee.alias("owner")
    old = [_claim.c.status == "pending", _claim.c.created_at < before, owner.c.active.is_(True)]
    supervisors = sa.select(owner.c.supervisor_id).select_from(_claim.join(owner, owner.c.id == _claim.c.employee_id)
                                                               ).where(*old, _claim.c.kind != ClaimKind.DISPUTE.value)
    chosen = {int(row.id): int(row.telegram_user_id) for row in await connection.execute(
        sa.select(_employee.c.id, _employee.c.telegram_user_id).where(_employee.c.id.in_(supervisors),
                                                                        *_reachable()))}
    admins = await connection.execute(
        sa.select(_employee.c.id, _employee.c.telegram_user_id, _grant.c.unit_id)
        .select_from(_grant.join(_employee, _employee.c.id == _grant.c.employee_id))
        .where(_grant.c.role == Role.HR_ADMIN.value, *_reachable()))
    for admin in admins.all():
        units = None if admin.unit_id is None else await unit_subtree_ids(session, admin.unit_id)
        in_scope = sa.true() if units is None else owner.c.unit_id.in_(sorted(units))
        waiting = (await connection.execute(
            sa.select(_claim.c.id).select_from(_claim.join(owner, owner.c.id == _claim.c.employee_id))
            .where(*old, in_scope, _claim.c.employee_id != admin.id).limit(1))).first()
        if waiting is not None:
            chosen[int(admin.id)] = int(admin.telegram_user_id)
    return sorted(chosen.items())


async def waiting_for(session: AsyncSession, reviewer_id: int, before: datetime) -> int:
    """How many claims this reviewer may decide have waited since before `before` (0: not a reviewer now)."""
    reach = await reach_of(session, reviewer_id)
    if reach is None:
        return 0
    connection = await core_connection(session)
    mine = reviewable(reach, connection.dialect.name)
    return int((await connection.execute(
        sa.select(sa.func.count()).select_from(mine.joined).where(mine.where, _claim.c.created_at < before)
    )).scalar_one())


@dataclass
class Swept:
    week: date | None = None
    queued: int = 0


async def sweep(services: Services) -> Swept:
    """Open this week's reminders if due (working time, not yet opened by anyone); safe to run anywhere, often."""
    now = services.clock.now()
    if not working_time(services).is_working(now):
        return Swept()
    week = week_of(now, services)
    async with services.session() as session:
        connection = await core_connection(session)
        if (await connection.execute(sa.select(_week.c.id).where(_week.c.week_start == week))).first() is not None:
            return Swept()
        recipients = await reviewers_due(session, cutoff(now, services))
    async with services.session() as session:
        connection = await core_connection(session)
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        inserted = (await connection.execute(
            dialect.insert(_week).values(week_start=week, recipients=len(recipients), opened_at=now)
            .on_conflict_do_nothing(index_elements=["week_start"]).returning(_week.c.id))).scalar_one_or_none()
        if inserted is None:
            return Swept()  # another process (or sweep) opened this week
        queued = 0
        if recipients:
            batch_id = await outbox.open_batch(session, KIND, now)
            queued = await outbox.add_messages(session, batch_id, recipients, now)
            await connection.execute(sa.update(_week).where(_week.c.id == inserted).values(batch_id=batch_id))
    log.info("review reminders for the week of %s: %d reviewer(s)", week.isoformat(), queued)
    return Swept(week, queued)
