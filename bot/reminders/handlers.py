"""Telegram in/out for reminders: `/pengingat` and the wake-up job, added by `register(router)`.

The job keeps nothing in memory that matters: it only calls `service.sweep`, which reads what is due from
the schedule and the database and puts an occasion's reminders into the outbox; the delivery engine sends
them (`bot.reminders.delivery.ReminderKind` composes each one at its turn).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.delivery.job import worker_of
from bot.delivery.worker import DeliveryWorker
from bot.dialogs.engine import Reply
from bot.menu import menu_buttons
from bot.reminders import service
from bot.reminders.delivery import ReminderKind
from bot.router import Caller, Router
from bot.storage.models import Employee
from bot.telegram_io import BotContext
from bot.texts import plain, t

log = logging.getLogger(__name__)

COMMAND = "pengingat"
JOB_NAME = "reminders-sweep"
FIRST_WAKE_SECONDS = 5.0  # soon after start: occasions missed while the bot was down go out now (grace)
RETRY_WINDOW = timedelta(minutes=2)
"""A bare /pengingat this soon after the last change is taken as sent again after a lost answer: it says
what is stored instead of flipping it back (`/pengingat nyala|mati` always does what it says)."""
ON_WORDS = frozenset({"nyala", "nyalakan", "aktif", "on", "ya"})
OFF_WORDS = frozenset({"mati", "matikan", "nonaktif", "off", "tidak"})


async def pengingat(who: Caller) -> None:
    """`/pengingat` toggles one's own reminders; `/pengingat nyala|mati` (on|off) sets them."""
    assert who.me is not None  # `linked` lets only linked people through
    words = [word.lower() for word in who.args]
    enabled: bool | None = None
    if words:
        if words[0] not in ON_WORDS | OFF_WORDS:
            who.say(Reply(t("reminders.usage", who.lang), menu_buttons(who.lang)))
            return
        enabled = words[0] in ON_WORDS
    services = who.services
    if enabled is None:  # a bare /pengingat flips the setting: sent again soon after, it is a retry
        changed = await service.last_reminder_change(who.session, who.me.employee_id)
        employee = await who.session.get(Employee, who.me.employee_id)
        if changed is not None and employee is not None and services.clock.now() - _aware(changed) < RETRY_WINDOW:
            on = employee.reminders_enabled
            state = plain("reminders.state_on" if on else "reminders.state_off", who.lang)
            other = "mati" if on else "nyala"
            who.say(Reply(t("reminders.already", who.lang, state=state, other=other), menu_buttons(who.lang)))
            return
    setting = await service.set_reminders(who.session, who.me.employee_id, enabled, clock=services.clock,
                                          covered=service.covered_statuses(services.settings))
    key = ("reminders.on" if setting.covered else "reminders.on_not_covered") if setting.enabled else "reminders.off"
    who.say(Reply(t(key, who.lang), menu_buttons(who.lang)))


def _aware(at: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


async def wake(context: BotContext) -> None:
    """The periodic job: sweep, and wake the delivery engine (the job's data) when reminders were queued."""
    assert context.job is not None and isinstance(context.job.data, DeliveryWorker)
    try:
        report = await service.sweep(context.services)
    except Exception:  # the job must outlive a database hiccup: the next wake-up tries again
        log.exception("reminder sweep failed; retrying at the next wake-up")
        return
    if report.queued:
        context.job.data.wake(context.application)


def register(router: Router) -> None:
    """/pengingat, the wake-up job (APScheduler through PTB's JobQueue) and the reminder kind."""
    router.command(COMMAND, pengingat)
    application = router.application
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("reminders need PTB's JobQueue: install python-telegram-bot[job-queue]")
    worker = worker_of(application)
    worker.add(ReminderKind(router.services))
    interval = router.services.settings.REMINDER_SWEEP_SECONDS
    job_queue.run_repeating(
        wake, interval=interval, data=worker, first=min(interval, FIRST_WAKE_SECONDS), name=JOB_NAME,
        # A late wake-up (busy loop, suspended machine) must still run: APScheduler's default grace of 1 s
        # would skip it silently; several missed ones are one sweep.
        job_kwargs={"misfire_grace_time": max(int(interval), 1) * 10, "coalesce": True, "max_instances": 1},
    )
