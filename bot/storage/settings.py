"""The settings that database and admin commands need, without the bot token: the base of the one chain.

`python -m bot db upgrade`, `admin …` and plain `alembic` must work on a machine that never talks to
Telegram, so the database part of the configuration is its own class; `bot.config.Settings` builds on it
(subclass), so every field and validator is written once and both always agree.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_data_path
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "ipasn-bot"
DATABASE_FILE = "ipasn.db"


def default_database_path() -> Path:
    """The SQLite file used when DATABASE_URL is not set: one per user, in the platform's data folder
    (~/.local/share/ipasn-bot on Linux, %LOCALAPPDATA%\\ipasn-bot on Windows), whatever folder a command
    runs in. `python -m bot db upgrade` creates the folder."""
    return user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{default_database_path()}"


class DatabaseSettings(BaseSettings):
    """Runtime configuration shared by the bot and the command line; field names are the variable names."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True)

    DATABASE_URL: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy async URL: sqlite+aiosqlite:///FILE or postgresql+asyncpg://USER@HOST/DB "
        "(default: ipasn.db in the user's data folder, `default_database_path`).",
    )
    DEFAULT_LANGUAGE: Literal["id", "en"] = Field(
        default="id", description="Language for new users of the bot, and of the command line (`--lang`)."
    )
    TIMEZONE: str = Field(default="Asia/Jakarta", description="IANA time zone for dates and schedules.")
    LINK_CODE_TTL_DAYS: int = Field(default=30, ge=1, le=365, description="Days a link code stays valid.")
    INDEX_INCLUDE_UNOFFICIAL: bool = Field(
        default=False, description="Count CPNS and PPPK results in team and unit means (rules §7: left out)."
    )
    INDEX_BASIS: Literal["verified", "declared"] = Field(
        default="verified",
        description="The headline index of /rekap, its workbook, admin report and /tim: 'verified' (official records "
        "and verified claims) or 'declared' (the employees' own answers not rejected); the other is shown beside "
        "it (docs/ipasn-rules.md §10).",
    )
    DB_LOCK_TIMEOUT_MS: int = Field(
        default=5_000, ge=0, le=600_000,
        description="PostgreSQL lock_timeout: a statement waiting longer for a lock fails instead of queueing "
        "behind a frozen process (0 = no limit).",
    )
    DB_STATEMENT_TIMEOUT_MS: int = Field(
        default=60_000, ge=0, le=3_600_000,
        description="PostgreSQL statement_timeout for the bot's sessions (0 = no limit).",
    )
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: int = Field(
        default=30_000, ge=0, le=3_600_000,
        description="PostgreSQL idle_in_transaction_session_timeout: a session that holds a transaction open "
        "and does nothing this long is ended by the server, releasing its locks (0 = no limit).",
    )

    IMPORT_MAX_MB: float = Field(
        default=50.0, ge=0, description="Largest roster or history file `admin import-…` reads, in MB (0: no limit)."
    )
    IMPORT_MAX_ROWS: int = Field(default=1_048_576, ge=1, description="Most data rows an imported file may have.")

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("TIMEZONE")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.TIMEZONE)

    def session_options(self) -> dict[str, int]:
        """The PostgreSQL session settings above, by their server names (for `db.create_engine`)."""
        return {"lock_timeout": self.DB_LOCK_TIMEOUT_MS, "statement_timeout": self.DB_STATEMENT_TIMEOUT_MS,
                "idle_in_transaction_session_timeout": self.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS}

    @classmethod
    def load(cls, **overrides: object) -> Self:
        """The settings, or the process stopped with one clear line on stderr (exit status 2)."""
        try:
            return cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as error:
            print(describe_error(error), file=sys.stderr)
            raise SystemExit(2) from None


def describe_error(error: ValidationError) -> str:
    """One line naming every bad setting, for people starting the bot, not for developers."""
    parts = []
    for item in error.errors():
        name = ".".join(str(p) for p in item["loc"]) or "settings"
        message = "missing" if item["type"] == "missing" else item["msg"].removeprefix("Value error, ")
        parts.append(f"{name}: {message}")
    return "Configuration error: " + "; ".join(parts) + " (see .env.example)"


def load_database_settings(**overrides: object) -> DatabaseSettings:
    return DatabaseSettings.load(**overrides)
