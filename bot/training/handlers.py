"""/pelatihan and /jp."""

from __future__ import annotations

from bot.dialogs.engine import Reply
from bot.menu import menu_buttons
from bot.router import Caller, Router, start_flow
from bot.training import dialog, service
from bot.training.render import jp_status_text


def register(router: Router) -> None:
    router.flow(dialog.flow())
    router.command("pelatihan", log_training, menu=True)
    router.command("jp", jp, menu=True)


async def log_training(who: Caller) -> None:
    await start_flow(who, dialog.NAME)


async def jp(who: Caller) -> None:
    assert who.me is not None
    status = await service.jp_status(who.session, who.me.employee_id, who.services.today())
    who.say(Reply(jp_status_text(status, who.lang), menu_buttons(who.lang)))
