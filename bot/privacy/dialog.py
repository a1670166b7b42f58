"""/hapusdata: one confirmation question, then the deletion (UU 27/2022)."""

from __future__ import annotations

from typing import Any

from bot.dialogs.engine import Button, Ctx, DialogState, Finish, Flow, Invalid, Reply, Step, Transition
from bot.privacy import service
from bot.services import Services
from bot.texts import plain, t

NAME = "delete"
CONFIRM = "yes"


async def _start(ctx: Ctx) -> dict[str, Any]:
    return {}


async def ask_confirm(ctx: Ctx, state: DialogState) -> Reply:
    return Reply(t("delete.confirm", ctx.lang), [[Button(plain("delete.yes", ctx.lang), CONFIRM)]])


async def confirm_button(ctx: Ctx, state: DialogState, value: str) -> Transition:
    if value != CONFIRM:
        return Invalid("dialog.use_buttons")
    services: Services = ctx.services
    async with services.session() as session:
        deleted = await service.delete_own_data(session, ctx.employee_id, clock=services.clock,
                                                 pseudonym_key=services.settings.pseudonym_key)
    return Finish([Reply(t("delete.done", ctx.lang, records=deleted.records, assessments=deleted.assessments))])


def flow() -> Flow:
    return Flow(name=NAME, first="confirm", start_data=_start,
                steps={"confirm": Step(ask_confirm, on_button=confirm_button)})
