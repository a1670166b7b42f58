"""/asesmen, /nilai, /riwayat: thin handlers; the dialog and the services do the work."""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.assessment import dialog, service
from bot.assessment.render import result_chart, result_text
from bot.charts import trend_chart
from bot.dialogs.engine import Reply
from bot.menu import menu_buttons, recompute_button
from bot.render import history_text
from bot.telegram_io import Caller, send, start_flow
from bot.texts import Html, t


async def assessment(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    await start_flow(context, who, dialog.NAME)


async def latest(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    assert who.me is not None
    async with who.services.session() as session:
        stored = await service.latest_assessment(session, who.me.employee_id)
    if stored is None:
        await send(context, who.chat_id, [Reply(t("result.none_yet", who.lang), menu_buttons(who.lang))])
        return
    result = service.result_of(stored)
    await send(context, who.chat_id, [
        Reply(result_text(result, who.lang), recompute_button(who.lang) + menu_buttons(who.lang)),
        Reply(t("result.chart_caption", who.lang), photo=result_chart(result, who.lang)),
    ])


async def recompute(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    assert who.me is not None
    services = who.services
    async with services.session() as session:
        result = await service.recompute(session, who.me.employee_id, today=services.today(), clock=services.clock)
    text = Html(t("result.recomputed", who.lang) + "\n\n" + result_text(result, who.lang))
    await send(context, who.chat_id, [
        Reply(text, menu_buttons(who.lang)),
        Reply(t("result.chart_caption", who.lang), photo=result_chart(result, who.lang)),
    ])


async def history(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    assert who.me is not None
    async with who.services.session() as session:
        assessments = await service.history(session, who.me.employee_id)
    if not assessments:
        await send(context, who.chat_id, [Reply(t("history.empty", who.lang), menu_buttons(who.lang))])
        return
    chart = trend_chart([a.as_of for a in assessments], [a.total for a in assessments],
                        t("history.chart_title", who.lang))
    await send(context, who.chat_id, [
        Reply(history_text(assessments, who.lang), menu_buttons(who.lang)),
        Reply(t("history.chart_title", who.lang), photo=chart),
    ])
