"""The emulator's record of what the bot asked for and what it did wrong.

Tests assert on it (`assert not sim.violations`), and failure messages quote it, because a bot that
"sent nothing" usually sent something Telegram refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ViolationKind = Literal["bad_request", "unauthorized", "not_found", "conflict", "chat_rate", "global_rate"]

# Which refusals mean the bot broke a rule. A 403 is the user's doing (blocked the bot, never started it):
# bots must cope with it, so it is logged in `errors` but is not a violation. Conflicts from a poll that a
# newer getUpdates replaced are ordinary shutdown traffic and are not violations either.
_VIOLATION_BY_STATUS: dict[int, ViolationKind] = {400: "bad_request", 401: "unauthorized", 404: "not_found"}


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, as the emulator answered it."""

    method: str
    params: Mapping[str, Any]
    status: int
    description: str | None
    injected: bool
    at: float

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class Violation:
    """The bot did something Telegram forbids: a refused request or a rate limit exceeded."""

    kind: ViolationKind
    method: str
    chat_id: int | None
    description: str
    at: float

    def __str__(self) -> str:
        chat = f" chat {self.chat_id}" if self.chat_id is not None else ""
        return f"{self.kind} in {self.method}{chat}: {self.description}"


@dataclass
class Journal:
    calls: list[ApiCall] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    def record(
        self,
        method: str,
        params: Mapping[str, Any],
        status: int,
        description: str | None,
        *,
        injected: bool,
        at: float,
        chat_id: int | None,
        webhook_conflict: bool = False,
        superseded: bool = False,
    ) -> None:
        """`superseded`: a call held by an injected delay, refused because the bot's retry came first (not the
        bot's fault: it gave up waiting, as it should, and asked again)."""
        self.calls.append(ApiCall(method, params, status, description, injected, at))
        if injected or superseded or description is None:
            return
        kind = _VIOLATION_BY_STATUS.get(status)
        if status == 409 and webhook_conflict:
            kind = "conflict"
        if kind is not None:
            self.violations.append(Violation(kind, method, chat_id, description, at))

    def rate_violation(
        self, kind: ViolationKind, method: str, chat_id: int | None, description: str, at: float
    ) -> None:
        self.violations.append(Violation(kind, method, chat_id, description, at))

    @property
    def errors(self) -> list[ApiCall]:
        return [call for call in self.calls if not call.ok]
