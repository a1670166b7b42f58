"""/rekap, /rekap ekspor and the /rekap buttons: Telegram in and out; the HR scope is decided in `service`."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.dialogs.engine import Button, Reply
from bot.telegram_io import PRIVATE_MESSAGES, Caller, caller, linked, send
from bot.texts import Lang, plain, t
from bot.unitmap.render import map_chart, map_text
from bot.unitmap.service import UnitMap, hr_unit_map
from bot.unitmap.workbook import map_workbook

COMMANDS = ("rekap",)
EXPORT_WORDS = ("ekspor", "export")
REKAP_PREFIX = "rekap|"
VIEWS = ("own", "tree", "export")


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("rekap", linked(command), filters=PRIVATE_MESSAGES))
    application.add_handler(CallbackQueryHandler(button, pattern="^" + re.escape(REKAP_PREFIX)))


def _buttons(tree: bool, lang: Lang) -> list[list[Button]]:
    other = "own" if tree else "tree"
    return [[Button(plain(f"rekap.button.{other}", lang), REKAP_PREFIX + other),
             Button(plain("rekap.button.export", lang), REKAP_PREFIX + "export")]]


async def _map(who: Caller) -> UnitMap | None:
    assert who.me is not None
    services = who.services
    async with services.session() as session:
        return await hr_unit_map(session, who.me.employee_id, today=services.today(),
                                 include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL)


async def respond(context: ContextTypes.DEFAULT_TYPE, who: Caller, view: str) -> None:
    """One of the views (`own`, `tree`) as a message and chart, or `export` as the workbook."""
    found = await _map(who)
    if found is None:
        await send(context, who.chat_id, [Reply(t("rekap.not_hr", who.lang))])
        return
    if view == "export":
        name = f"rekap-ipasn-{found.as_of.isoformat()}.xlsx"
        await send(context, who.chat_id, [Reply(t("hr.xlsx_caption", who.lang),
                                                document=(name, map_workbook(found, who.lang)))])
        return
    tree = view == "tree"
    replies = [Reply(map_text(found, who.lang, tree=tree), _buttons(tree, who.lang))]
    chart = map_chart(found, who.lang, tree=tree)
    if chart is not None:
        replies.append(Reply(t("rekap.chart_caption", who.lang), photo=chart))
    await send(context, who.chat_id, replies)


async def command(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    """/rekap (the map, own employees per unit) or /rekap ekspor (the workbook)."""
    args = [arg.lower() for arg in context.args or []]
    if not args:
        await respond(context, who, "own")
    elif len(args) == 1 and args[0] in EXPORT_WORDS:
        await respond(context, who, "export")
    else:
        await send(context, who.chat_id, [Reply(t("rekap.unknown_args", who.lang))])


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    who = await caller(update, context)
    view = (query.data or "").removeprefix(REKAP_PREFIX)
    if who is None or who.me is None or view not in VIEWS:
        await query.answer(plain("button.expired", who.lang if who else "id"), show_alert=True)
        return
    await query.answer()
    await respond(context, who, view)
