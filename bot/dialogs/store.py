"""The dialog state in the database (table `dialog_state`), one short transaction per write."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.dialogs.engine import DialogState
from bot.storage.db import session_scope
from bot.storage.models.dialog import DialogStateRow


class DatabaseDialogStore:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock

    async def load(self, user_id: int) -> DialogState | None:
        async with session_scope(self.sessionmaker) as session:
            row = await session.get(DialogStateRow, user_id)
            return DialogState.from_json(row.state) if row is not None else None

    async def save(self, user_id: int, state: DialogState) -> None:
        async with session_scope(self.sessionmaker) as session:
            row = await session.get(DialogStateRow, user_id)
            if row is None:
                row = DialogStateRow(telegram_user_id=user_id, flow=state.flow)
            row.flow = state.flow
            row.state = state.to_json()  # a new dict: SQLAlchemy sees the JSON column change
            row.updated_at = self.clock.now()
            session.add(row)

    async def clear(self, user_id: int) -> None:
        async with session_scope(self.sessionmaker) as session:
            await session.exec(delete(DialogStateRow).where(
                col(DialogStateRow.telegram_user_id) == user_id))
