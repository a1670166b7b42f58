"""/dataku (a JSON file of everything held) and /hapusdata (a confirmation dialog)."""

from __future__ import annotations

import json

from telegram.ext import ContextTypes

from bot.dialogs.engine import Reply
from bot.privacy import dialog, service
from bot.telegram_io import Caller, send, start_flow
from bot.texts import t


async def my_data(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    assert who.me is not None
    async with who.services.session() as session:
        document = await service.export_own_data(session, who.me.employee_id, clock=who.services.clock)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    await send(context, who.chat_id, [
        Reply(t("data.caption", who.lang), document=(f"data-{who.me.nip}.json", content))])


async def delete_data(context: ContextTypes.DEFAULT_TYPE, who: Caller) -> None:
    await start_flow(context, who, dialog.NAME)
