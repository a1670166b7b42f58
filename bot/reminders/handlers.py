"""Telegram in/out for reminders: `/pengingat` and the wake-up job, added by `register(router)`.

The job keeps nothing in memory that matters: it only calls `service.sweep`, which reads what is due from
the schedule and the database and puts an occasion's reminders into the outbox; the delivery engine sends
them (`bot.reminders.delivery.ReminderKind` composes each one at its turn).
"""

from __future__ import annotations

import logging

from bot.delivery.job import worker_of
from bot.delivery.worker import DeliveryWorker
from bot.dialogs.engine import Button, Reply
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
BUTTON_PREFIX = "rem|"
ON_WORDS = frozenset({"nyala", "nyalakan", "aktif", "on", "ya"})
OFF_WORDS = frozenset({"mati", "matikan", "nonaktif", "off", "tidak"})


async def pengingat(who: Caller) -> None:
    """`/pengingat` shows whether one's reminders are on, with a button to change it; `/pengingat nyala|mati`
    (on|off) sets them. A bare command never changes anything: sent twice (the first answer seemed lost) it
    shows the same state, where a toggle would have flipped it back."""
    assert who.me is not None  # `linked` lets only linked people through
    words = [word.lower() for word in who.args]
    if not words:
        employee = await who.session.get(Employee, who.me.employee_id)
        if employee is None:  # unlinked meanwhile: nothing to show
            who.say(Reply(t("reminders.usage", who.lang), menu_buttons(who.lang)))
            return
        who.say(state_reply(who, employee.reminders_enabled))
        return
    if words[0] not in ON_WORDS | OFF_WORDS:
        who.say(Reply(t("reminders.usage", who.lang), menu_buttons(who.lang)))
        return
    await _set(who, words[0] in ON_WORDS)


def state_reply(who: Caller, enabled: bool) -> Reply:
    """The current setting and the one button that changes it."""
    if enabled:
        return Reply(t("chat.reminders_state_on", who.lang),
                     [[Button(plain("chat.reminders_turn_off", who.lang), f"{BUTTON_PREFIX}off")]])
    return Reply(t("chat.reminders_state_off", who.lang),
                 [[Button(plain("chat.reminders_turn_on", who.lang), f"{BUTTON_PREFIX}on")]])


async def pengingat_button(who: Caller, value: str) -> None:
    """`rem|on` / `rem|off`: sets (never toggles), so a second press of the same button changes nothing."""
    if value not in ("on", "off"):
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    who.retire = True
    await _set(who, value == "on")


async def _set(who: Caller, enabled: bool) -> None:
    assert who.me is not None
    services = who.services
    setting = await service.set_reminders(who.session, who.me.employee_id, enabled, clock=services.clock,
                                          covered=service.covered_statuses(services.settings))
    key = ("reminders.on" if setting.covered else "reminders.on_not_covered") if setting.enabled else "reminders.off"
    who.say(Reply(t(key, who.lang), menu_buttons(who.lang)))


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
    router.button(BUTTON_PREFIX, pengingat_button)
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
