"""`build_application`: the one way to build the bot, for `run`, `demo` and every test.

Every feature registers itself through `bot.router.Router` (its `register(router)`), in the order of
`FEATURES`, which is also the order of the command list Telegram shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest

from bot.accounts import handlers as accounts
from bot.assessment import handlers as assessment
from bot.broadcast import handlers as broadcast
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dialogs.engine import Dialogs
from bot.offload import Offload
from bot.privacy import handlers as privacy
from bot.records import handlers as records
from bot.reminders import handlers as reminders
from bot.review import handlers as review
from bot.router import PerPersonUpdates, Router
from bot.services import Services
from bot.storage.db import create_engine, create_sessionmaker, is_shared
from bot.targeting import handlers as targeting
from bot.team import handlers as team
from bot.telegram_io import BotApplication, BotContext, BotData, call_interactive, context_types, telegram_request
from bot.texts import lang_of, plain, t
from bot.training import handlers as training

log = logging.getLogger(__name__)

FEATURES: tuple[Callable[[Router], None], ...] = (
    accounts.register_start, assessment.register, training.register, accounts.register_language,
    privacy.register, reminders.register, broadcast.register, team.register, review.register,
    targeting.register, records.register, accounts.register_help,
)
OFFLOAD_HEAVY_TURNS = True
"""Default of `build_application(offload=…)`; most tests turn it off (a worker process per test costs seconds)."""
READ_TIMEOUT_SECONDS = 15.0  # a slow Bot API answer is waited for rather than sent again


def file_url_of(base_url: str) -> str:
    """https://api.telegram.org/bot → https://api.telegram.org/file/bot (the same server's file path)."""
    stem, _, last = base_url.rstrip("/").rpartition("/")
    return f"{stem}/file/{last}"


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure and tell the user something went wrong, rather than leaving them waiting.

    Only turns that did not commit reach here (`bot.router`: replies after the commit never raise), so
    "try again" is the truth: nothing of that turn was stored."""
    log.error("update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    lang = lang_of(context.services.settings.DEFAULT_LANGUAGE)
    query = update.callback_query
    if query is not None:
        await call_interactive(lambda: query.answer(plain("error.generic", lang), show_alert=True), "answer a button")
        return
    chat_id = update.effective_chat.id
    await call_interactive(lambda: context.bot.send_message(chat_id, t("error.generic", lang)), "error reply")


def build_application(
    settings: Settings,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    offload: bool | None = None,
) -> BotApplication:
    """The bot, wired: database, clock, dialogs, handlers. Nothing is started here. `offload`: heavy turns
    in a worker process (`bot.offload`; off in that worker itself)."""
    url = base_url or settings.TELEGRAM_API_BASE_URL
    engine = create_engine(settings.DATABASE_URL, session_options=settings.session_options())
    the_clock = clock or SystemClock(settings.tz)
    heavy_in_worker = OFFLOAD_HEAVY_TURNS if offload is None else offload
    worker = Offload(settings, build_application) if heavy_in_worker and is_shared(settings.DATABASE_URL) else None
    services = Services(engine, create_sessionmaker(engine), the_clock, settings, worker)
    data = BotData(services, Dialogs([]))
    builder = (
        ApplicationBuilder()
        .token(settings.TELEGRAM_BOT_TOKEN.get_secret_value())
        .base_url(url)
        .base_file_url(file_url_of(url))
        .context_types(context_types(data))
        # Replies are interactive: no bulk rate limiter on them (broadcasts and reminders pace themselves).
        .concurrent_updates(PerPersonUpdates())
        .post_shutdown(_dispose)
    )
    if request is not None:
        builder = builder.request(request)
    else:  # PTB's own defaults (256 connections; one for getUpdates), on one TLS context
        builder = builder.request(telegram_request(read_timeout=READ_TIMEOUT_SECONDS)).get_updates_request(
            telegram_request(connection_pool_size=1))
    application: BotApplication = builder.build()
    router = Router(application, services)
    for register in FEATURES:
        register(router)
    data.dialogs = router.dialogs()
    data.router = router
    router.install()
    application.post_init = _post_init(router)
    application.add_error_handler(on_error)
    return application


def _post_init(router: Router) -> Callable[[BotApplication], Coroutine[Any, Any, None]]:
    async def post_init(application: BotApplication) -> None:
        await router.register_commands()  # the offload worker is not started here: by the first heavy turn

    return post_init


async def _dispose(application: BotApplication) -> None:
    await application.bot_data.services.close()
