"""/catatan: Telegram in; the flow in `dialog`, the rules in `bot.claims.corrections`."""

from __future__ import annotations

from bot.records import dialog
from bot.router import Caller, Router, start_flow


def register(router: Router) -> None:
    router.flow(dialog.flow())
    router.command("catatan", show, menu=False)


async def show(who: Caller) -> None:
    await start_flow(who, dialog.NAME)
