"""The settings that database and admin commands need, without the bot token.

`bot.config.Settings` requires TELEGRAM_BOT_TOKEN, but `python -m bot db upgrade`, `admin …` and plain
`alembic` must work on a machine that never talks to Telegram. This class reads the same variables from the
same places (environment, then `.env`) and reuses `Settings`' validators, so both always agree.
"""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import Settings, describe_error


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True)

    DATABASE_URL: str = Field(
        default=Settings.model_fields["DATABASE_URL"].default,
        description=Settings.model_fields["DATABASE_URL"].description,
    )
    TIMEZONE: str = Field(
        default=Settings.model_fields["TIMEZONE"].default,
        description=Settings.model_fields["TIMEZONE"].description,
    )

    LINK_CODE_TTL_DAYS: int = Field(
        default=Settings.model_fields["LINK_CODE_TTL_DAYS"].default,
        ge=1,
        le=365,
        description=Settings.model_fields["LINK_CODE_TTL_DAYS"].description,
    )

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url_shape(cls, value: str) -> str:
        return Settings._database_url_shape(value)

    @field_validator("TIMEZONE")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        return Settings._known_timezone(value)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.TIMEZONE)


def load_database_settings(**overrides: object) -> DatabaseSettings:
    """Like `bot.config.load_settings`: one clear line on stderr and exit status 2 when a value is bad."""
    try:
        return DatabaseSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        print(describe_error(error), file=sys.stderr)
        raise SystemExit(2) from None
