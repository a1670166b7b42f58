"""Telegram in/out for reminders: `/pengingat` and the wake-up job, added by `register(router)`.

The job keeps nothing in memory that matters: it only calls `service.sweep`, which reads what is due from
the schedule and the database. A sweep gets a time budget shorter than the job's interval, so runs never
overlap; what is left is sent at the next wake-up.
"""

from __future__ import annotations

import logging
import time

from bot.dialogs.engine import Reply
from bot.menu import menu_buttons
from bot.reminders import service
from bot.reminders.sender import TelegramSender
from bot.router import Caller, Router
from bot.telegram_io import BotApplication, BotContext
from bot.texts import t

log = logging.getLogger(__name__)

COMMAND = "pengingat"
JOB_NAME = "reminders-sweep"
FIRST_WAKE_SECONDS = 5.0  # soon after start: occasions missed while the bot was down go out now (grace)
BUDGET_SHARE = 0.8  # of the interval a sweep may use, so the next wake-up finds it finished
MIN_BUDGET_SECONDS = 1.0
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
    setting = await service.set_reminders(who.session, who.me.employee_id, enabled, clock=services.clock,
                                          covered=service.covered_statuses(services.settings))
    key = ("reminders.on" if setting.covered else "reminders.on_not_covered") if setting.enabled else "reminders.off"
    who.say(Reply(t(key, who.lang), menu_buttons(who.lang)))


async def wake(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, TelegramSender)
    await sweep_once(context.application, context.job.data)  # type: ignore[arg-type]


def sender_of(application: BotApplication) -> TelegramSender:
    """The process's one reminder sender (its pace spans every sweep): the data of the wake-up job."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)
    assert isinstance(job.data, TelegramSender)
    return job.data


async def sweep_once(application: BotApplication, sender: TelegramSender) -> None:
    """The periodic job: sweep within a budget; stop early when the application is stopping."""
    services = application.bot_data.services
    budget = max(services.settings.REMINDER_SWEEP_SECONDS * BUDGET_SHARE, MIN_BUDGET_SECONDS)
    deadline = time.monotonic() + budget
    try:
        report = await service.sweep(services, sender,
                                     keep_going=lambda: application.running and time.monotonic() < deadline)
    except Exception:  # the job must outlive a database hiccup: the next wake-up tries again
        log.exception("reminder sweep failed; retrying at the next wake-up")
        return
    if report.outcomes:
        log.info("reminder sweep: %s", dict(report.outcomes))


def register(router: Router) -> None:
    """/pengingat and the wake-up job (APScheduler through PTB's JobQueue); the process's one sender, whose
    pace spans every sweep, lives in the job's closure."""
    router.command(COMMAND, pengingat)
    application = router.application
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("reminders need PTB's JobQueue: install python-telegram-bot[job-queue]")
    interval = router.services.settings.REMINDER_SWEEP_SECONDS
    sender = TelegramSender(application.bot, rate=router.services.settings.REMINDER_RATE)
    job_queue.run_repeating(
        wake, interval=interval, data=sender, first=min(interval, FIRST_WAKE_SECONDS), name=JOB_NAME,
        # A late wake-up (busy loop, suspended machine) must still run: APScheduler's default grace of 1 s
        # would skip it silently; several missed ones are one sweep.
        job_kwargs={"misfire_grace_time": max(int(interval), 1) * 10, "coalesce": True, "max_instances": 1},
    )
