"""/siaran and the broadcast worker's wiring: Telegram in and out; the dialog and the services decide."""

from __future__ import annotations

from telegram import Bot, Message, Update
from telegram.constants import MessageEntityType
from telegram.ext import Application, ApplicationHandlerStop, CommandHandler, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from bot.broadcast import dialog
from bot.broadcast.audience import AudienceRefused, scope_units
from bot.broadcast.worker import MAX_IN_FLIGHT, BotFactory, BroadcastWorker
from bot.dialogs.engine import Dialogs, Reply
from bot.services import Services
from bot.telegram_io import PRIVATE_MESSAGES, Caller, caller, linked, send
from bot.texts import t

COMMANDS = ("siaran",)
WORKER_KEY = "broadcast_worker"
FORMATTING = frozenset({
    MessageEntityType.BOLD, MessageEntityType.ITALIC, MessageEntityType.UNDERLINE, MessageEntityType.STRIKETHROUGH,
    MessageEntityType.SPOILER, MessageEntityType.CODE, MessageEntityType.PRE, MessageEntityType.TEXT_LINK,
    MessageEntityType.BLOCKQUOTE, MessageEntityType.EXPANDABLE_BLOCKQUOTE, MessageEntityType.CUSTOM_EMOJI,
})  # fmt: skip
"""Entities a person applies in their Telegram app; with any of them, the text is taken as formatted."""


def register(application: Application) -> None:  # type: ignore[type-arg]
    """The /siaran flow and command, the long-text hook, and the worker's repeating wake-up job."""
    services: Services = application.bot_data["services"]
    dialogs: Dialogs = application.bot_data["dialogs"]
    dialogs.flows[dialog.NAME] = dialog.flow()
    private = PRIVATE_MESSAGES
    # Group -1: before the general text handler, which caps answers at 1,000 characters and reads plain text.
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, compose_text), group=-1)
    application.add_handler(CommandHandler("siaran", linked(command), filters=private))
    worker = BroadcastWorker(services, bot_factory(application))
    application.bot_data[WORKER_KEY] = worker
    if application.job_queue is None:
        raise RuntimeError("broadcasts need PTB's JobQueue: install python-telegram-bot[job-queue]")

    async def wake(context: ContextTypes.DEFAULT_TYPE) -> None:
        worker.wake(context.application)

    # The job only wakes the worker; what is due (now or scheduled) is read from the database.
    application.job_queue.run_repeating(wake, interval=services.settings.BROADCAST_POLL_SECONDS, first=0.5,
                                        name="broadcast-worker",
                                        job_kwargs={"misfire_grace_time": 60, "coalesce": True, "max_instances": 3})


def bot_factory(application: Application) -> BotFactory:  # type: ignore[type-arg]
    """A Bot for the worker on the same server and token as the application's, without its rate limiter."""
    token = application.bot.token
    base_url = application.bot.base_url.removesuffix(token)
    file_url = application.bot.base_file_url.removesuffix(token)

    def make() -> Bot:
        request = HTTPXRequest(connection_pool_size=MAX_IN_FLIGHT + 4, read_timeout=20.0, pool_timeout=5.0)
        return Bot(token, base_url=base_url, base_file_url=file_url, request=request)

    return make


async def command(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    """/siaran: HR admins start composing; anyone else is told it is not for them."""
    assert who.me is not None
    try:
        async with who.services.session() as session:
            await scope_units(session, who.me.employee_id)
    except AudienceRefused:
        await send(context, who.chat_id, [Reply(t("siaran.not_hr", who.lang))])
        return
    await send(context, who.chat_id, await who.dialogs.start(who.ctx(), dialog.NAME))


def composed(message: Message) -> str:
    """The text as HTML: the app's formatting if the person used it, else what they typed (tags and all)."""
    if any(entity.type in FORMATTING for entity in message.entities):
        return message.text_html
    return message.text or ""


async def compose_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The broadcast text, up to Telegram's full length and with formatting; any other text falls through."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    dialogs: Dialogs = context.bot_data["dialogs"]
    state = await dialogs.active(user.id)
    if state is None or state.flow != dialog.NAME or state.step != "compose":
        return
    who = await caller(update, context)
    if who is None or who.me is None:
        return
    await send(context, who.chat_id, await dialogs.on_text(who.ctx(), state, composed(message)))
    raise ApplicationHandlerStop
