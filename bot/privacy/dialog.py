"""/hapusdata: one confirmation question, then the deletion (UU 27/2022).

```mermaid
stateDiagram-v2
    [*] --> confirm: /hapusdata
    confirm --> [*]: yes (records and assessments deleted, in the same transaction as the answer)
    confirm --> [*]: cancel
```
"""

from __future__ import annotations

from bot.dialogs.engine import Button, Ctx, DialogState, Finish, Flow, Invalid, NoData, Reply, Step, Transition
from bot.privacy import service
from bot.texts import plain, t

NAME = "delete"
CONFIRM = "yes"


async def _start(ctx: Ctx) -> NoData:
    return NoData()


async def ask_confirm(ctx: Ctx, state: DialogState[NoData]) -> Reply:
    return Reply(t("delete.confirm", ctx.lang), [[Button(plain("delete.yes", ctx.lang), CONFIRM)]])


async def confirm_button(ctx: Ctx, state: DialogState[NoData], value: str) -> Transition:
    if value != CONFIRM:
        return Invalid("dialog.use_buttons")
    deleted = await service.delete_own_data(ctx.session, ctx.employee_id, clock=ctx.services.clock,
                                            pseudonym_key=ctx.services.settings.pseudonym_key)
    # No receipt row: after a deletion nothing of theirs stays, not even a dialog state. Deleting is
    # idempotent anyway: confirming again after a lost answer deletes nothing more and says 0.
    return Finish([Reply(t("delete.done", ctx.lang, records=deleted.records, assessments=deleted.assessments))])


def flow() -> Flow[NoData]:
    return Flow(name=NAME, first="confirm", start_data=_start, model=NoData,
                steps={"confirm": Step(ask_confirm, on_button=confirm_button)})
