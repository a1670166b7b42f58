"""A Bot API request's parameters, whichever way they arrived.

Telegram accepts a query string, `application/x-www-form-urlencoded`, `multipart/form-data` (files) and
JSON. In the first three every value is a string and nested objects (`reply_markup`, `allowed_updates`,
`scope`, ...) are JSON inside that string; python-telegram-bot 22 sends exactly that. `Params` hides the
difference so a method reads `params.integer("chat_id")` whatever the encoding.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.simulator.errors import ApiError, bad_request


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Params:
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.values or name in self.files

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str, *, missing: str | None = None) -> str | None:
        """A string parameter; `missing` is Telegram's complaint when it is required and absent."""
        value = self.values.get(name)
        if value is None:
            if missing is not None:
                raise bad_request(missing)
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise bad_request(f'field "{name}" must be of type String')

    def integer(self, name: str, *, missing: str | None = None, invalid: str | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            if missing is not None:
                raise bad_request(missing)
            return None
        if isinstance(value, bool):
            raise bad_request(invalid or f'field "{name}" must be of type Integer')
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise bad_request(invalid or f'field "{name}" must be of type Integer')

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        raise bad_request(f'field "{name}" must be of type Number')

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0
        return str(value).strip().lower() in ("true", "1")

    def json(self, name: str, *, what: str) -> Any:
        """A nested object; `what` names it in Telegram's "can't parse ... JSON object" refusal.

        A string is parsed as JSON even inside a JSON body: the Bot API accepts a serialized object there
        too, and some clients double-encode.
        """
        value = self.values.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise bad_request(f"can't parse {what} JSON object") from exc

    def summary(self) -> dict[str, Any]:
        """The parameters for the request log, with uploads shown by name and size instead of bytes."""
        shown: dict[str, Any] = dict(self.values)
        for name, upload in self.files.items():
            shown[name] = f"<upload {upload.filename!r}, {len(upload.data)} bytes>"
        return shown


def from_json_body(body: bytes) -> dict[str, Any]:
    try:
        decoded = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "Bad Request: can't parse JSON encoded request") from exc
    if not isinstance(decoded, dict):
        raise ApiError(400, "Bad Request: can't parse JSON encoded request")
    return decoded


def from_form(arguments: Mapping[str, list[bytes]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, chunks in arguments.items():
        if chunks:
            values[name] = chunks[-1].decode("utf-8", errors="replace")
    return values
