"""/tim, /tim ekspor, /tim <NIP> and the /tim buttons: Telegram in and out; `service` decides who is seen."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.dialogs.engine import Reply
from bot.team.export import team_export
from bot.team.render import TEAM_PREFIX, parse_team_data, team_buttons, team_chart, team_text
from bot.team.service import TeamRefused, TeamView, employee_id_by_nip, team_summary
from bot.telegram_io import PRIVATE_MESSAGES, Caller, caller, linked, send
from bot.texts import plain, t

COMMANDS = ("tim",)
EXPORT_WORDS = ("ekspor", "export")


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("tim", linked(command), filters=PRIVATE_MESSAGES))
    application.add_handler(CallbackQueryHandler(button, pattern="^" + re.escape(TEAM_PREFIX)))


async def command(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    """/tim (direct reports), /tim ekspor (the workbook), /tim <NIP> (the team of someone below)."""
    args = [arg.lower() for arg in context.args or []]
    if not args:
        await show(context, who, TeamView.DIRECT, None)
    elif args[0] in EXPORT_WORDS and len(args) == 1:
        await export(context, who, None)
    elif len(args) == 1 and args[0].replace(".", "").replace("-", "").isdigit():
        async with who.services.session() as session:
            root = await employee_id_by_nip(session, args[0])
        # An unknown NIP gets the same answer as someone outside the team: existence is not for everyone.
        await show(context, who, TeamView.DIRECT, root if root is not None else -1)
    else:
        await send(context, who.chat_id, [Reply(t("team.unknown_args", who.lang))])


async def show(context: ContextTypes.DEFAULT_TYPE, who: Caller, view: TeamView, root_id: int | None) -> None:
    assert who.me is not None
    services = who.services
    try:
        async with services.session() as session:
            summary = await team_summary(session, who.me.employee_id, root_id=root_id, view=view,
                                         today=services.today(),
                                         include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL)
    except TeamRefused as refused:
        await send(context, who.chat_id, [Reply(t(refused.key, who.lang))])
        return
    replies = [Reply(team_text(summary, who.lang), team_buttons(summary, who.lang))]
    chart = team_chart(summary, who.lang)
    if chart is not None:
        replies.append(Reply(t("team.chart_caption", who.lang), photo=chart))
    await send(context, who.chat_id, replies)


async def export(context: ContextTypes.DEFAULT_TYPE, who: Caller, root_id: int | None) -> None:
    assert who.me is not None
    services = who.services
    try:
        async with services.session() as session:
            name, content = await team_export(session, who.me.employee_id, root_id=root_id, today=services.today(),
                                              include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL,
                                              lang=who.lang)
    except TeamRefused as refused:
        await send(context, who.chat_id, [Reply(t(refused.key, who.lang))])
        return
    await send(context, who.chat_id, [Reply(t("hr.xlsx_caption", who.lang), document=(name, content))])


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A /tim button: its data names a view and a root, both checked again as if typed now."""
    query = update.callback_query
    if query is None:
        return
    who = await caller(update, context)
    parsed = parse_team_data(query.data or "")
    if who is None or who.me is None or parsed is None:
        await query.answer(plain("button.expired", who.lang if who else "id"), show_alert=True)
        return
    await query.answer()
    action, view, root_id = parsed
    if action == "export":
        await export(context, who, root_id)
    else:
        await show(context, who, view, root_id)
