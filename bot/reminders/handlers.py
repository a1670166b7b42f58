"""Telegram in/out for reminders: `/pengingat` and the wake-up job; `register` + `COMMANDS` make the app.Feature.

The job keeps nothing in memory that matters: it only calls `service.sweep`, which reads what is due from
the schedule and the database. A sweep gets a time budget shorter than the job's interval, so runs never
overlap; what is left is sent at the next wake-up.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram.ext import Application, CommandHandler, ContextTypes

from bot.dialogs.engine import Reply
from bot.menu import menu_buttons
from bot.reminders import service
from bot.reminders.sender import TelegramSender
from bot.services import Services
from bot.telegram_io import PRIVATE_MESSAGES, Caller, linked, send
from bot.texts import t

log = logging.getLogger(__name__)

COMMAND = "pengingat"
COMMANDS = (COMMAND,)  # for `app.Feature(register=register, commands=COMMANDS)`
JOB_NAME = "reminders-sweep"
SENDER_KEY = "reminders.sender"
FIRST_WAKE_SECONDS = 5.0  # soon after start: occasions missed while the bot was down go out now (grace)
BUDGET_SHARE = 0.8  # of the interval a sweep may use, so the next wake-up finds it finished
MIN_BUDGET_SECONDS = 1.0
ON_WORDS = frozenset({"nyala", "nyalakan", "aktif", "on", "ya"})
OFF_WORDS = frozenset({"mati", "matikan", "nonaktif", "off", "tidak"})


async def pengingat(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    """`/pengingat` toggles one's own reminders; `/pengingat nyala|mati` (on|off) sets them."""
    assert who.me is not None  # `linked` lets only linked people through
    words = [word.lower() for word in (context.args or [])]
    enabled: bool | None = None
    if words:
        if words[0] not in ON_WORDS | OFF_WORDS:
            await send(context, who.chat_id, [Reply(t("reminders.usage", who.lang), menu_buttons(who.lang))])
            return
        enabled = words[0] in ON_WORDS
    services = who.services
    async with services.session() as session:
        setting = await service.set_reminders(session, who.me.employee_id, enabled, clock=services.clock,
                                              covered=service.covered_statuses(services.settings))
    key = ("reminders.on" if setting.covered else "reminders.on_not_covered") if setting.enabled else "reminders.off"
    await send(context, who.chat_id, [Reply(t(key, who.lang), menu_buttons(who.lang))])


def sender_of(application: Application[Any, Any, Any, Any, Any, Any]) -> TelegramSender:
    """The process's one sender (its pace spans every sweep), created on first use."""
    sender = application.bot_data.get(SENDER_KEY)
    if not isinstance(sender, TelegramSender):
        services: Services = application.bot_data["services"]
        sender = TelegramSender(application.bot, rate=services.settings.REMINDER_RATE)
        application.bot_data[SENDER_KEY] = sender
    return sender


async def wake(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The periodic job: sweep within a budget; stop early when the application is stopping."""
    application = context.application
    services: Services = application.bot_data["services"]
    budget = max(services.settings.REMINDER_SWEEP_SECONDS * BUDGET_SHARE, MIN_BUDGET_SECONDS)
    deadline = time.monotonic() + budget
    try:
        report = await service.sweep(services, sender_of(application),
                                     keep_going=lambda: application.running and time.monotonic() < deadline)
    except Exception:  # the job must outlive a database hiccup: the next wake-up tries again
        log.exception("reminder sweep failed; retrying at the next wake-up")
        return
    if report.outcomes:
        log.info("reminder sweep: %s", dict(report.outcomes))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add /pengingat and the wake-up job (APScheduler through PTB's JobQueue)."""
    application.add_handler(CommandHandler(COMMAND, linked(pengingat), filters=PRIVATE_MESSAGES))
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("reminders need PTB's JobQueue: install python-telegram-bot[job-queue]")
    services: Services = application.bot_data["services"]
    interval = services.settings.REMINDER_SWEEP_SECONDS
    job_queue.run_repeating(
        wake, interval=interval, first=min(interval, FIRST_WAKE_SECONDS), name=JOB_NAME,
        # A late wake-up (busy loop, suspended machine) must still run: APScheduler's default grace of 1 s
        # would skip it silently; several missed ones are one sweep.
        job_kwargs={"misfire_grace_time": max(int(interval), 1) * 10, "coalesce": True, "max_instances": 1},
    )

