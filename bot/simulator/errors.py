"""Errors the emulator answers with, worded the way the real Bot API words them.

Handlers and libraries match on these descriptions (python-telegram-bot maps the status code to an
exception class and keeps the description as its message), so the wording is copied from Telegram rather
than invented: a bot that survives the emulator then survives Telegram.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ApiError(Exception):
    """A refusal in the Bot API's shape: `{"ok": false, "error_code", "description", "parameters"}`."""

    def __init__(self, status: int, description: str, parameters: Mapping[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = dict(parameters) if parameters else None

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class SimulatorUsageError(Exception):
    """A test asked the simulated user for something a real user could not do (press a missing button)."""


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")


def conflict(reason: str) -> ApiError:
    return ApiError(409, f"Conflict: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


UNAUTHORIZED = ApiError(401, "Unauthorized")
NOT_FOUND = ApiError(404, "Not Found")

CHAT_NOT_FOUND = "chat not found"
MESSAGE_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
BLOCKED_BY_USER = "bot was blocked by the user"
USER_DEACTIVATED = "user is deactivated"
CANT_INITIATE = "bot can't initiate conversation with a user"
