"""/pelatihan and /jp."""

from __future__ import annotations

from telegram.ext import ContextTypes

from bot.dialogs.engine import Reply
from bot.menu import menu_buttons
from bot.render import jp_status_text
from bot.telegram_io import Caller, send, start_flow
from bot.training import dialog, service


async def log_training(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    await start_flow(context, who, dialog.NAME)


async def jp(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    assert who.me is not None
    async with who.services.session() as session:
        status = await service.jp_status(session, who.me.employee_id, who.services.today())
    await send(context, who.chat_id, [Reply(jp_status_text(status, who.lang), menu_buttons(who.lang))])
