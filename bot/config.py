"""Settings of the bot, read once from the environment and `.env`.

One chain: `bot.storage.settings.DatabaseSettings` (what the command line needs) ← `Settings` (what the
running bot needs), every knob documented once and mirrored in `.env.example`.
"""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator, model_validator

from bot.schedule import parse_schedule, parse_working_days, parse_working_hours
from bot.storage.settings import DatabaseSettings, describe_error

__all__ = ["Settings", "describe_error", "load_settings"]

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


class Settings(DatabaseSettings):
    """Everything `run` and `demo` need: the database settings plus Telegram, reminders and broadcasts."""

    TELEGRAM_BOT_TOKEN: SecretStr = Field(
        description="Token from @BotFather. Required for `run`; `demo` and tests make their own."
    )
    TELEGRAM_API_BASE_URL: str = Field(
        default=DEFAULT_API_BASE_URL,
        description="Bot API base URL; the token is appended, as python-telegram-bot's base_url does.",
    )
    WEBHOOK_URL: str | None = Field(
        default=None, description="Public HTTPS URL Telegram posts updates to (`run --webhook`)."
    )
    WEBHOOK_LISTEN: str = Field(default="127.0.0.1", description="Address the webhook server binds to.")
    WEBHOOK_PORT: int = Field(default=8443, ge=1, le=65535, description="Port the webhook server listens on.")
    WEBHOOK_SECRET: SecretStr | None = Field(
        default=None, description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)."
    )

    # --- the Mini App (issue 16) ---
    WEBAPP_URL: str | None = Field(
        default=None,
        description="Public HTTPS URL of the Mini App (the unit and team map) that Telegram opens from /rekap, /tim "
        "and the menu button; unset: no Mini App. Its path is where the bot serves it: on the webhook server in "
        "webhook mode, on WEBAPP_LISTEN:WEBAPP_PORT when polling (behind the same TLS reverse proxy).",
    )
    WEBAPP_LISTEN: str = Field(default="127.0.0.1", description="Address the Mini App listener binds to (polling).")
    WEBAPP_PORT: int = Field(default=8081, ge=1, le=65535, description="Port of the Mini App listener (polling).")
    WEBAPP_AUTH_MAX_AGE: int = Field(
        default=3600, ge=10, le=86_400,
        description="Seconds a Mini App sign-in (Telegram's signed initData) is accepted after Telegram made it.",
    )

    # --- reminder settings (issue 6): add fields here ---
    REMINDER_SCHEDULE: str = Field(
        default="0 8 1W * *; 0 8 * 10-12 mon",
        description="When the 20 JP reminders go out: five-field cron expressions separated by ';', in TIMEZONE; "
        "`NW` in the day-of-month field = the first working day on or after day N (bot/schedule.py).",
    )
    REMINDER_GRACE_HOURS: float = Field(
        default=12, ge=0, le=168,
        description="An occasion not yet sent this long after it became due (bot down) is skipped and logged.",
    )
    WORKING_HOURS: str = Field(
        default="07:00-20:00", description="HH:MM-HH:MM, local time; no reminder is sent outside (end exclusive)."
    )
    WORKING_DAYS: str = Field(
        default="mon,tue,wed,thu,fri", description="Days reminders may be sent: mon … sun, comma list or a range."
    )
    REMINDERS_INCLUDE_PPPK: bool = Field(
        default=False, description="Also remind PPPK employees (rules §7: the 20 JP duty is for PNS and CPNS)."
    )
    REVIEW_REMINDER_DAYS: int = Field(
        default=7, ge=1, le=365,
        description="Reviewers with claims waiting longer than this many days get one reminder a week (/verifikasi).",
    )
    REMINDER_SWEEP_SECONDS: float = Field(
        default=60, ge=0.05, le=3600, description="How often the bot wakes to look for due reminders."
    )
    @field_validator("REMINDER_SCHEDULE")
    @classmethod
    def _reminder_schedule(cls, value: str) -> str:
        parse_schedule(value)
        return value.strip()

    @field_validator("WORKING_HOURS")
    @classmethod
    def _working_hours(cls, value: str) -> str:
        parse_working_hours(value)
        return value.strip()

    @field_validator("WORKING_DAYS")
    @classmethod
    def _working_days(cls, value: str) -> str:
        parse_working_days(value)
        return value.strip().lower()


    # --- broadcast and delivery settings (issues 6, 10, 12): add fields here ---
    BROADCAST_RATE: float = Field(
        default=25.0, gt=0, le=1000,
        description="Bulk messages per second (broadcasts, reminders, every outbox message), all chats and bot "
        "processes together (Telegram allows about 30; keep room for replies). Each chat still gets at most one "
        "a second.",
    )
    BROADCAST_POLL_SECONDS: float = Field(
        default=2.0, gt=0, le=300, description="How often the delivery engine looks for due outbox messages."
    )
    BROADCAST_PROGRESS_SECONDS: float = Field(
        default=5.0, ge=1, le=600, description="Least time between two edits of an admin's progress message."
    )
    BROADCAST_MAX_ATTEMPTS: int = Field(
        default=5, ge=1, le=20,
        description="Tries per outbox message on 5xx and unreachable Telegram before giving up (a timeout after "
        "the request left is never retried: the message is reported uncertain).",
    )
    DELIVERY_HEARTBEAT_SECONDS: float = Field(
        default=1.0, gt=0, le=60, description="How often the process sending the outbox renews its lease."
    )
    DELIVERY_TAKEOVER_SECONDS: float = Field(
        default=5.0, gt=0, le=600,
        description="A sender silent this long (killed, frozen) is replaced by another process; at least two "
        "heartbeats.",
    )
    DELIVERY_READ_TIMEOUT: float = Field(
        default=10.0, gt=0, le=120,
        description="Seconds the delivery engine waits for Telegram's answer to one send; a send still "
        "unanswered then is reported uncertain, never resent.",
    )
    PSEUDONYM_KEY: SecretStr | None = Field(
        default=None,
        description="Key of the pseudonyms that replace a person's Telegram ids in the audit log when they erase "
        "their data (/hapusdata). Kept outside the database, it lets the agency check whether an account it "
        "already knows is the one in an entry; unset, each erasure uses a random key nobody keeps.",
    )

    @field_validator("TELEGRAM_BOT_TOKEN")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if not token or ":" not in token:
            raise ValueError("expected the form 123456:ABC-DEF… given by @BotFather")
        return SecretStr(token)

    @field_validator("TELEGRAM_API_BASE_URL")
    @classmethod
    def _base_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("WEBHOOK_URL")
    @classmethod
    def _webhook_url_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an https:// URL")
        return value or None

    @field_validator("WEBAPP_URL")
    @classmethod
    def _webapp_url_shape(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must be an https:// URL (Telegram opens Mini Apps over HTTPS only)")
        return value or None

    @field_validator("WEBHOOK_SECRET")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if not (1 <= len(secret) <= 256 and all(c.isalnum() or c in "_-" for c in secret)):
            raise ValueError("1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("PSEUDONYM_KEY")
    @classmethod
    def _pseudonym_key_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < 32:
            raise ValueError("at least 32 characters (e.g. python -c 'import secrets; print(secrets.token_hex(32))')")
        return value

    @model_validator(mode="after")
    def _takeover_after_heartbeats(self) -> Settings:
        if self.DELIVERY_TAKEOVER_SECONDS < 2 * self.DELIVERY_HEARTBEAT_SECONDS:
            raise ValueError("DELIVERY_TAKEOVER_SECONDS must be at least two DELIVERY_HEARTBEAT_SECONDS")
        return self

    @property
    def pseudonym_key(self) -> bytes | None:
        return self.PSEUDONYM_KEY.get_secret_value().encode() if self.PSEUDONYM_KEY else None


def load_settings(**overrides: object) -> Settings:
    """Build the settings or stop the process with one clear line on stderr (exit status 2)."""
    return Settings.load(**overrides)
