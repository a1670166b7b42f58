"""The engine's place in the Application: one worker per process, its own Bot, woken by the JobQueue.

Features register their kind with `worker_of(application).add(kind)` from their own `register(router)`;
whichever asks first creates the worker and its wake-up job (the worker is the job's data). A feature that
has just queued messages may call `worker_of(application).wake(application)` so they go out without
waiting for the next wake-up.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from telegram import Bot
from telegram.ext import Application

from bot.delivery.worker import MAX_IN_FLIGHT, BotFactory, DeliveryWorker
from bot.services import Services
from bot.telegram_io import BotApplication, BotContext, telegram_request

log = logging.getLogger(__name__)

JOB_NAME = "delivery-worker"
FIRST_WAKE_SECONDS = 0.5


def worker_of(application: BotApplication) -> DeliveryWorker:
    """The process's delivery worker, created (with its wake-up job) on first use."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("the delivery engine needs PTB's JobQueue: install python-telegram-bot[job-queue]")
    for job in job_queue.get_jobs_by_name(JOB_NAME):
        if isinstance(job.data, DeliveryWorker):
            return job.data
    services = application.bot_data.services
    worker = DeliveryWorker(services, bot_factory(application, services.settings.DELIVERY_READ_TIMEOUT))
    # The job only wakes the worker; what is due (now or scheduled) is read from the database.
    job_queue.run_repeating(wake, interval=services.settings.BROADCAST_POLL_SECONDS, first=FIRST_WAKE_SECONDS,
                            name=JOB_NAME, data=worker,
                            job_kwargs={"misfire_grace_time": 60, "coalesce": True, "max_instances": 3})
    return worker


def note_replies(application: Application[Any, Any, Any, Any, Any, Any], chat_id: int) -> None:
    """Replies have just gone to `chat_id`: the process's delivery worker, if it runs, keeps that chat's second
    (`ChatGate.replied`), so a notice or broadcast does not arrive in the same burst as a person's answer."""
    job_queue = application.job_queue
    for job in job_queue.get_jobs_by_name(JOB_NAME) if job_queue is not None else ():
        if isinstance(job.data, DeliveryWorker):
            job.data.gate.replied(chat_id)


async def wake(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, DeliveryWorker)
    context.job.data.wake(context.application)


class Swept(Protocol):
    """What a sweep reports: how many messages it queued in the outbox."""

    @property
    def queued(self) -> int: ...


def schedule_sweep(
    application: BotApplication, name: str, sweep: Callable[[Services], Awaitable[Swept]], first: float,
) -> None:
    """Run `sweep` (which finds who is due and queues their messages) every REMINDER_SWEEP_SECONDS, and wake the
    delivery engine when it queued any: the one schedule of the 20 JP reminders and the reviewers' reminders.

    A late wake-up (busy loop, suspended machine) must still run: APScheduler's default grace of 1 s would skip
    it silently; several missed ones are one sweep. A failed sweep (a database hiccup) is logged and the next
    wake-up tries again: the job must outlive it.
    """
    worker = worker_of(application)
    interval = application.bot_data.services.settings.REMINDER_SWEEP_SECONDS

    async def sweep_and_wake(context: BotContext) -> None:
        try:
            swept = await sweep(context.services)
        except Exception:
            log.exception("%s failed; retrying at the next wake-up", name)
            return
        if swept.queued:
            worker.wake(context.application)

    job_queue = application.job_queue
    assert job_queue is not None  # worker_of has checked it
    job_queue.run_repeating(sweep_and_wake, interval=interval, first=min(interval, first), name=name,
                            job_kwargs={"misfire_grace_time": max(int(interval), 1) * 10, "coalesce": True,
                                        "max_instances": 1})


def bot_factory(application: BotApplication, read_timeout: float) -> BotFactory:
    """A Bot for one drain, on the same server and token as the application's, without its rate limiter. Its
    connections are opened without PTB's `initialize` (a getMe: the application has checked the token), so a
    drain's first call is a message, and a Telegram hiccup on getMe cannot stop a drain."""
    token = application.bot.token
    base_url = application.bot.base_url.removesuffix(token)
    file_url = application.bot.base_file_url.removesuffix(token)

    @asynccontextmanager
    async def make() -> AsyncIterator[Bot]:
        request = telegram_request(connection_pool_size=MAX_IN_FLIGHT + 4, read_timeout=read_timeout,
                                   pool_timeout=5.0)
        await request.initialize()
        try:
            yield Bot(token, base_url=base_url, base_file_url=file_url, request=request)
        finally:
            await request.shutdown()

    return make
