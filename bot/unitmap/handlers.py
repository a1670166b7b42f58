"""The map's two views (each unit alone, each unit with its sub-units) as a message and a chart; the HR scope is
decided in `service`. `/rekap`, its view buttons and the workbook are registered by `bot.targeting` (which adds
the drill-down, what to do first and the comparison to this map).

The chart is drawn in a worker thread: a map over hundreds of thousands of employees never holds up other
people's replies.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.dialogs.engine import Button, Reply
from bot.router import Caller
from bot.storage.profiles import Basis
from bot.texts import Lang, plain, t
from bot.unitmap.render import map_chart, map_text
from bot.unitmap.service import UnitMap, hr_unit_map
from bot.webapp_links import menu_button, webapp_button

EXPORT_WORDS = ("ekspor", "export")
REKAP_PREFIX = "rekap|"
VIEWS = ("own", "tree")


def _buttons(tree: bool, lang: Lang) -> list[list[Button]]:
    other = "own" if tree else "tree"
    return [[Button(plain(f"rekap.button.{other}", lang), REKAP_PREFIX + other),
             Button(plain("rekap.button.export", lang), REKAP_PREFIX + "export")]]


async def respond(who: Caller, view: str,
                  extra: Callable[[UnitMap], list[list[Button]]] | None = None) -> None:
    """One of the views (`own`, `tree`) as a message and chart; `extra`: more rows of buttons under the message
    (the drill-down's)."""
    assert who.me is not None
    services = who.services
    found = await hr_unit_map(who.session, who.me.employee_id, today=services.today(),
                              include_unofficial=services.settings.INDEX_INCLUDE_UNOFFICIAL,
                              basis=Basis(services.settings.INDEX_BASIS))
    if found is None:
        who.say(Reply(t("rekap.not_hr", who.lang)))
        return
    tree = view == "tree"
    webapp_url = services.settings.WEBAPP_URL
    who.say(Reply(map_text(found, who.lang, tree=tree),
                  _buttons(tree, who.lang) + webapp_button(webapp_url, "map", who.lang)
                  + (extra(found) if extra else []),
                  menu=menu_button(webapp_url, "map", who.lang)))
    chart = await asyncio.to_thread(map_chart, found, who.lang, tree=tree)
    if chart is not None:
        who.say(Reply(t("rekap.chart_caption", who.lang), photo=chart))
