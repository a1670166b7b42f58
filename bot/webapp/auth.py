"""Telegram's Mini App sign-in: `initData`, checked exactly as Telegram specifies, on every request.

Telegram hands the page a query string (`auth_date`, `user`, `query_id`, …, `hash`) signed with a key only
Telegram and the bot know: secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token), and `hash` is the hex
HMAC_SHA256(secret_key, data_check_string), where data_check_string is every other field as `key=value`
(values URL-decoded), sorted by key, joined by line feeds. A string that fails the check, names a field
twice, carries no user, or is older than the allowed age (WEBAPP_AUTH_MAX_AGE) is refused.

What this cannot stop: the same initData sent again within its age by whoever holds it. It is a bearer
credential for that window, like a session cookie; the page keeps it only in memory, every response is
`no-store`, and the age bounds how long a copied one works. Pure functions: no Telegram, no database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

MAX_INIT_DATA_BYTES = 4096
"""Telegram's initData is a few hundred bytes; anything much longer is not from Telegram."""
FUTURE_SKEW_SECONDS = 60
"""An auth_date at most this far ahead of our clock is accepted (clocks differ a little); further is forged."""


class AuthError(ValueError):
    """Why an initData is refused; `reason` is for the log only: the person is told nothing more than 401."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class WebAppUser:
    """The Telegram account that opened the page, as Telegram signed it."""

    id: int
    first_name: str
    language_code: str | None
    auth_date: int


def secret_key(bot_token: str) -> bytes:
    """HMAC_SHA256 with the constant "WebAppData" as the key and the bot token as the message."""
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def _fields(init_data: str) -> dict[str, str]:
    if not init_data or len(init_data.encode()) > MAX_INIT_DATA_BYTES:
        raise AuthError("missing or oversized initData")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise AuthError("initData is not a query string") from exc
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise AuthError("a field appears twice")
    return fields


def validate_init_data(init_data: str, bot_token: str, *, now: float, max_age: float) -> WebAppUser:
    """The signed user of `init_data`, or AuthError (missing, forged, expired, or without a user)."""
    fields = _fields(init_data)
    given = fields.get("hash", "")
    expected = hmac.new(secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise AuthError("wrong hash")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError) as exc:
        raise AuthError("no auth_date") from exc
    if auth_date > now + FUTURE_SKEW_SECONDS:
        raise AuthError("auth_date in the future")
    if now - auth_date > max_age:
        raise AuthError("expired")
    try:
        user: Any = json.loads(fields["user"])
        user_id = user["id"]
    except (KeyError, ValueError, TypeError) as exc:
        raise AuthError("no user") from exc
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise AuthError("no user id")
    language = user.get("language_code")
    return WebAppUser(user_id, str(user.get("first_name") or ""), language if isinstance(language, str) else None,
                      auth_date)


def sign_init_data(bot_token: str, user: dict[str, Any], *, auth_date: int, query_id: str = "demo") -> str:
    """An initData as Telegram would make it for `user` (the demo and the tests: the bot knows its token)."""
    fields = {"auth_date": str(auth_date), "query_id": query_id,
              "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False)}
    fields["hash"] = hmac.new(secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


DOWNLOAD_TTL_SECONDS = 120
"""A download link lives this long: Telegram's client fetches it at once (web_app_request_file_download)."""


def _download_signature(bot_token: str, payload: str) -> str:
    key = hmac.new(b"ipasn-webapp-download", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def download_token(bot_token: str, employee_id: int, view: str, *, now: float) -> str:
    """A short-lived link for Telegram's own file download, which cannot send the initData header: it names
    the employee and the view, expires in DOWNLOAD_TTL_SECONDS, and is signed with a key derived from the
    bot token. The role is checked again when it is used."""
    payload = f"{employee_id}.{view}.{int(now) + DOWNLOAD_TTL_SECONDS}"
    return f"{payload}.{_download_signature(bot_token, payload)}"


def check_download_token(token: str, bot_token: str, *, now: float) -> tuple[int, str]:
    """(employee id, view) of a valid, unexpired download token, or AuthError."""
    payload, _, signature = token.rpartition(".")
    if not hmac.compare_digest(signature.encode(), _download_signature(bot_token, payload).encode()):
        raise AuthError("wrong download signature")
    employee, view, expires = [*payload.split("."), "", "", ""][:3]
    if not (employee.isdigit() and expires.isdigit()):
        raise AuthError("malformed download token")
    if now > int(expires):
        raise AuthError("download link expired")
    return int(employee), view
