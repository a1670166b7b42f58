"""/siaran and the broadcast worker's wiring: Telegram in and out; the dialog and the services decide."""

from __future__ import annotations

from telegram import Bot, Message
from telegram.constants import MessageEntityType
from telegram.request import HTTPXRequest

from bot.broadcast import dialog
from bot.broadcast.audience import AudienceRefused, scope_units
from bot.broadcast.worker import MAX_IN_FLIGHT, BotFactory, BroadcastWorker
from bot.dialogs.engine import Reply
from bot.router import Caller, Router
from bot.telegram_io import BotApplication, BotContext
from bot.texts import t

JOB_NAME = "broadcast-worker"
FORMATTING = frozenset({
    MessageEntityType.BOLD, MessageEntityType.ITALIC, MessageEntityType.UNDERLINE, MessageEntityType.STRIKETHROUGH,
    MessageEntityType.SPOILER, MessageEntityType.CODE, MessageEntityType.PRE, MessageEntityType.TEXT_LINK,
    MessageEntityType.BLOCKQUOTE, MessageEntityType.EXPANDABLE_BLOCKQUOTE, MessageEntityType.CUSTOM_EMOJI,
})  # fmt: skip
"""Entities a person applies in their Telegram app; with any of them, the text is taken as formatted."""


def register(router: Router) -> None:
    """The /siaran flow and command (its text step reads the whole formatted message), and the worker's
    repeating wake-up job."""
    router.flow(dialog.flow(), full_text={"compose": composed})
    router.command("siaran", command)
    application = router.application
    worker = BroadcastWorker(router.services, bot_factory(application))
    if application.job_queue is None:
        raise RuntimeError("broadcasts need PTB's JobQueue: install python-telegram-bot[job-queue]")
    # The job only wakes the worker; what is due (now or scheduled) is read from the database.
    application.job_queue.run_repeating(wake, interval=router.services.settings.BROADCAST_POLL_SECONDS, first=0.5,
                                        name=JOB_NAME, data=worker,
                                        job_kwargs={"misfire_grace_time": 60, "coalesce": True, "max_instances": 3})


async def wake(context: BotContext) -> None:
    assert context.job is not None and isinstance(context.job.data, BroadcastWorker)
    context.job.data.wake(context.application)


def worker_of(application: BotApplication) -> BroadcastWorker:
    """The process's broadcast worker: the data of its wake-up job."""
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name(JOB_NAME)
    assert isinstance(job.data, BroadcastWorker)
    return job.data


def bot_factory(application: BotApplication) -> BotFactory:
    """A Bot for the worker on the same server and token as the application's."""
    token = application.bot.token
    base_url = application.bot.base_url.removesuffix(token)
    file_url = application.bot.base_file_url.removesuffix(token)

    def make() -> Bot:
        request = HTTPXRequest(connection_pool_size=MAX_IN_FLIGHT + 4, read_timeout=20.0, pool_timeout=5.0)
        return Bot(token, base_url=base_url, base_file_url=file_url, request=request)

    return make


async def command(who: Caller) -> None:
    """/siaran: HR admins start composing; anyone else is told it is not for them."""
    assert who.me is not None
    try:
        await scope_units(who.session, who.me.employee_id)
    except AudienceRefused:
        who.say(Reply(t("siaran.not_hr", who.lang)))
        return
    who.say(*await who.dialogs.start(who.ctx(), dialog.NAME))


def composed(message: Message) -> str:
    """The text as HTML: the app's formatting if the person used it, else what they typed (tags and all)."""
    if any(entity.type in FORMATTING for entity in message.entities):
        return message.text_html
    return message.text or ""
