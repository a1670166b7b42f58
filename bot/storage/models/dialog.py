"""Where each user is in a guided conversation: one row per Telegram account, written at every step."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import utcnow


class DialogStateRow(SQLModel, table=True):
    """The persisted `bot.dialogs.engine.DialogState`; keyed by Telegram account, since a person
    talks to the bot before (linking) as well as after being linked to an employee."""

    __tablename__ = "dialog_state"

    telegram_user_id: int = Field(sa_type=sa.BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    flow: str = Field(max_length=32)
    state: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    updated_at: datetime = Field(default_factory=utcnow)
