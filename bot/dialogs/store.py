"""The dialog state in the database (table `dialog_state`), read and written in the update's one session.

The store takes no session of its own: it is bound to the unit of work of the update (`bot.router`), so
consuming a question and the action it triggers commit together, and a person's state row is read under
the lock that keeps their updates in order.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.dialogs.engine import DialogState
from bot.storage.models.dialog import DialogStateRow


class DatabaseDialogStore:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self.session = session
        self.clock = clock

    async def load(self, user_id: int) -> dict[str, Any] | None:
        row = await self.session.get(DialogStateRow, user_id)
        return dict(row.state) if row is not None else None

    async def save(self, user_id: int, state: DialogState[Any]) -> None:
        row = await self.session.get(DialogStateRow, user_id)
        if row is None:
            row = DialogStateRow(telegram_user_id=user_id, flow=state.flow)
        row.flow = state.flow
        row.state = state.to_json()  # a new dict: SQLAlchemy sees the JSON column change
        row.updated_at = self.clock.now()
        self.session.add(row)

    async def clear(self, user_id: int) -> None:
        row = await self.session.get(DialogStateRow, user_id)
        if row is not None:  # through the ORM, so a later `get` in the same session sees it gone
            await self.session.delete(row)
            await self.session.flush()
