"""`build_application`: the one way to build the bot, for `run`, `demo` and every test."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import broadcast, team, unitmap
from bot.accounts import handlers as accounts
from bot.assessment import dialog as assessment_dialog
from bot.assessment import handlers as assessment
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dialogs import handlers as dialogs
from bot.dialogs.engine import Dialogs
from bot.dialogs.store import DatabaseDialogStore
from bot.privacy import dialog as privacy_dialog
from bot.privacy import handlers as privacy
from bot.reminders import handlers as reminders
from bot.services import Services
from bot.storage.db import create_engine, create_sessionmaker
from bot.telegram_io import PRIVATE_MESSAGES, Action, linked
from bot.texts import LANGUAGES, plain, t
from bot.training import dialog as training_dialog
from bot.training import handlers as training

log = logging.getLogger(__name__)


# Indonesian command names (what setMyCommands registers); English aliases for /help and /cancel.
LINKED_COMMANDS: dict[str, Action] = {
    "asesmen": assessment.assessment,
    "nilai": assessment.latest,
    "riwayat": assessment.history,
    "pelatihan": training.log_training,
    "jp": training.jp,
    "dataku": privacy.my_data,
    "hapusdata": privacy.delete_data,
}
MENU_ACTIONS: dict[str, Action] = {
    **LINKED_COMMANDS,
    "recompute": assessment.recompute,
    "bantuan": accounts.send_help,
}


@dataclass(frozen=True)
class Feature:
    """A capability beyond the employee's own conversation (reminders, HR, supervisors): it adds its
    handlers and jobs itself, before the catch-all handlers, and names its commands for setMyCommands
    (each needs a `cmd.<name>` message in the catalog)."""

    register: Callable[[Application], None]  # type: ignore[type-arg]
    commands: tuple[str, ...] = ()


FEATURES: tuple[Feature, ...] = (Feature(reminders.register, reminders.COMMANDS),
                                  *(Feature(m.register, m.COMMANDS) for m in (broadcast, team, unitmap)))

REGISTERED = ("asesmen", "nilai", "riwayat", "pelatihan", "jp", "bahasa", "dataku", "hapusdata", "bantuan",
              "batal")


def file_url_of(base_url: str) -> str:
    """https://api.telegram.org/bot → https://api.telegram.org/file/bot (the same server's file path)."""
    stem, _, last = base_url.rstrip("/").rpartition("/")
    return f"{stem}/file/{last}"


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """setMyCommands in Indonesian (default) and English."""
    for lang in LANGUAGES:
        names = [*REGISTERED[:-2], *(c for f in FEATURES for c in f.commands), *REGISTERED[-2:]]
        commands = [BotCommand(name, plain(f"cmd.{name}", lang)) for name in names]
        await application.bot.set_my_commands(commands, language_code=None if lang == "id" else lang)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure and tell the user something went wrong, rather than leaving them waiting."""
    log.error("update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        services: Services = context.bot_data["services"]
        lang = "en" if services.settings.DEFAULT_LANGUAGE == "en" else "id"
        try:
            await context.bot.send_message(update.effective_chat.id, t("error.generic", lang))
        except Exception:  # the error may be Telegram itself being unreachable
            log.warning("could not tell the user about the error", exc_info=True)


def build_application(
    settings: Settings,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired: database, clock, dialogs, handlers. Nothing is started here."""
    url = base_url or settings.TELEGRAM_API_BASE_URL
    builder = (
        ApplicationBuilder()
        .token(settings.TELEGRAM_BOT_TOKEN.get_secret_value())
        .base_url(url)
        .base_file_url(file_url_of(url))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(register_commands)
        .post_shutdown(_dispose)
    )
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    engine = create_engine(settings.DATABASE_URL)
    sessionmaker = create_sessionmaker(engine)
    the_clock = clock or SystemClock(settings.tz)
    services = Services(engine, sessionmaker, the_clock, settings)
    flows = [assessment_dialog.flow(), training_dialog.flow(), privacy_dialog.flow()]
    application.bot_data["services"] = services
    application.bot_data["dialogs"] = Dialogs(DatabaseDialogStore(sessionmaker, the_clock), flows)

    private = PRIVATE_MESSAGES
    application.add_handler(CommandHandler("start", accounts.start, filters=private))
    for name, action in LINKED_COMMANDS.items():
        application.add_handler(CommandHandler(name, linked(action), filters=private))
    application.add_handler(CommandHandler(["bahasa", "language"], linked(accounts.language_command), filters=private))
    application.add_handler(CommandHandler(["bantuan", "help"], accounts.help_command, filters=private))
    application.add_handler(CommandHandler(["batal", "cancel"], dialogs.cancel, filters=private))
    for feature in FEATURES:
        feature.register(application)
    application.add_handler(CallbackQueryHandler(dialogs.on_button(MENU_ACTIONS)))
    application.add_handler(MessageHandler(private & filters.COMMAND, dialogs.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, dialogs.on_text))
    application.add_handler(MessageHandler(private & (filters.PHOTO | filters.Document.ALL), dialogs.on_file))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, dialogs.on_other))
    application.add_error_handler(on_error)
    return application


async def _dispose(application: Application) -> None:  # type: ignore[type-arg]
    services: Services = application.bot_data["services"]
    await services.engine.dispose()
