"""One-time link codes (stored as hashes only) and the per-Telegram-account throttle of wrong codes."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.base import utcnow


class LinkCode(SQLModel, table=True):
    """A code HR handed out, bound to one employee; `code_hash` is the SHA-256 of the normalized code."""

    __tablename__ = "link_code"

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", ondelete="CASCADE", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
    used_by_telegram_user_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    revoked_at: datetime | None = None


class LinkAttempt(SQLModel, table=True):
    """Wrong codes in a row from one Telegram account, kept in the database so a restart resets nothing."""

    __tablename__ = "link_attempt"

    telegram_user_id: int = Field(sa_type=sa.BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    failures: int = 0
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None
