"""/dataku (a JSON file of everything held) and /hapusdata (a confirmation dialog)."""

from __future__ import annotations

import json

from bot.dialogs.engine import Reply
from bot.privacy import dialog, service
from bot.router import Caller, Router, start_flow
from bot.texts import t


def register(router: Router) -> None:
    router.flow(dialog.flow())
    router.command("dataku", my_data, menu=True)
    router.command("hapusdata", delete_data, menu=True)


async def my_data(who: Caller) -> None:
    assert who.me is not None
    document = await service.export_own_data(who.session, who.me.employee_id, clock=who.services.clock)
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    who.say(Reply(t("data.caption", who.lang), document=(f"data-{who.me.nip}.json", content)))


async def delete_data(who: Caller) -> None:
    await start_flow(who, dialog.NAME)
