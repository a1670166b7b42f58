"""/asesmen, /nilai, /riwayat and the menu's "recompute": thin handlers; the dialog and the services work.

Charts are drawn in a worker thread (`asyncio.to_thread`), so drawing one never holds up anyone else.
"""

from __future__ import annotations

import asyncio

from bot.assessment import dialog, service
from bot.assessment.render import history_text, last_of_each_day, result_chart, result_text
from bot.charts import trend_chart
from bot.dialogs.engine import Reply
from bot.menu import menu_buttons, recompute_button
from bot.router import Caller, Router, start_flow
from bot.texts import t


def register(router: Router) -> None:
    router.flow(dialog.flow())
    router.command("asesmen", assessment, menu=True)
    router.command("nilai", latest, menu=True)
    router.command("riwayat", history, menu=True)
    router.menu_item("recompute", recompute)


async def assessment(who: Caller) -> None:
    await start_flow(who, dialog.NAME)


async def latest(who: Caller) -> None:
    """/nilai: the latest result, both figures when they differ."""
    assert who.me is not None
    stored = await service.stored_figures(who.session, who.me.employee_id)
    if stored is None:
        who.say(Reply(t("result.none_yet", who.lang), menu_buttons(who.lang)))
        return
    _, scored = stored
    result = scored.declared
    who.say(
        Reply(result_text(result, who.lang, scored=scored), recompute_button(who.lang) + menu_buttons(who.lang)),
        Reply(t("result.chart_caption", who.lang), photo=await asyncio.to_thread(result_chart, result, who.lang)),
    )


async def recompute(who: Caller) -> None:
    assert who.me is not None
    services = who.services
    scored = await service.recompute(who.session, who.me.employee_id, today=services.today(), clock=services.clock)
    who.say(*await dialog.result_replies(scored, who.lang, notice=t("result.recomputed", who.lang) + "\n\n"))


async def history(who: Caller) -> None:
    assert who.me is not None
    assessments = await service.history(who.session, who.me.employee_id)
    if not assessments:
        who.say(Reply(t("history.empty", who.lang), menu_buttons(who.lang)))
        return
    points = last_of_each_day(assessments)
    chart = await asyncio.to_thread(trend_chart, [a.as_of for a in points], [a.total for a in points],
                                    t("history.chart_title", who.lang), who.lang)
    who.say(
        Reply(history_text(assessments, who.lang, who.services.settings.tz), menu_buttons(who.lang)),
        Reply(t("history.chart_title", who.lang), photo=chart),
    )
