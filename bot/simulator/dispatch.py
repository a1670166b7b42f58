"""One Bot API call from request to reply: scheduled faults, flood limits, the method, the journal.

The HTTP layer and the webhook deliverer (a method in a webhook's response) both come through here, so
every call is treated and recorded the same way whichever way it arrived.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from bot.simulator import commands, messaging, updates
from bot.simulator.errors import NOT_FOUND, ApiError, too_many_requests
from bot.simulator.faults import FaultPlan
from bot.simulator.params import Params
from bot.simulator.rates import SEND_METHODS, RateMonitor, RateVerdict
from bot.simulator.state import SimState

Handler = Callable[[SimState, Params], Any]


@dataclass(frozen=True)
class Reply:
    """What to answer: a status and JSON body, or nothing at all (`drop`: hang up on the client)."""

    status: int
    body: dict[str, Any]
    drop: bool = False


def _get_me(state: SimState, params: Params) -> dict[str, Any]:
    return state.bot.get_me()


def method_table(callback_query_ttl: float) -> dict[str, tuple[str, Handler]]:
    """Lower-cased method name (Telegram matches names case-insensitively) → canonical name, handler."""
    handlers: dict[str, Handler] = {
        "getMe": _get_me,
        "getUpdates": updates.get_updates,
        "setWebhook": updates.set_webhook,
        "deleteWebhook": updates.delete_webhook,
        "getWebhookInfo": updates.get_webhook_info,
        "setMyCommands": commands.set_my_commands,
        "getMyCommands": commands.get_my_commands,
        "deleteMyCommands": commands.delete_my_commands,
        "setChatMenuButton": commands.set_chat_menu_button,
        "getChatMenuButton": commands.get_chat_menu_button,
        "sendMessage": messaging.send_message,
        "sendPhoto": messaging.send_photo,
        "sendDocument": messaging.send_document,
        "editMessageText": messaging.edit_message_text,
        "editMessageCaption": messaging.edit_message_caption,
        "editMessageReplyMarkup": messaging.edit_message_reply_markup,
        "deleteMessage": messaging.delete_message,
        "answerCallbackQuery": partial(messaging.answer_callback_query, ttl=callback_query_ttl),
        "sendChatAction": messaging.send_chat_action,
        "getFile": messaging.get_file,
    }
    return {name.lower(): (name, handler) for name, handler in handlers.items()}


def _chat_of(params: Params) -> int | None:
    try:
        return params.integer("chat_id")
    except ApiError:
        return None


class Dispatcher:
    def __init__(self, state: SimState, faults: FaultPlan, rates: RateMonitor, callback_query_ttl: float) -> None:
        self.state = state
        self.faults = faults
        self.rates = rates
        self.methods = method_table(callback_query_ttl)
        self.in_progress: Counter[str] = Counter()
        """Calls being handled now, by canonical method name (a delayed or late one counts until answered)."""
        self.arrivals: Counter[tuple[str, int | None]] = Counter()
        """Calls received so far, by canonical method name and chat: tells a delayed call that the bot, having
        given up waiting, has asked again meanwhile."""

    def _error(
        self, method: str, params: Params, error: ApiError, *, injected: bool, superseded: bool = False
    ) -> Reply:
        self.state.journal.record(
            method,
            params.summary(),
            error.status,
            error.description,
            injected=injected,
            superseded=superseded,
            at=self.state.monotonic(),
            chat_id=_chat_of(params),
            webhook_conflict=error.description == f"Conflict: {updates.WEBHOOK_ACTIVE}",
        )
        return Reply(error.status, error.payload())

    def _rate_violation(self, method: str, chat_id: int | None, verdict: RateVerdict) -> None:
        if verdict.kind is not None:
            self.state.journal.rate_violation(
                verdict.kind, method, chat_id, verdict.description, self.state.monotonic()
            )

    async def call(self, requested: str, params: Params) -> Reply:
        method = self.methods.get(requested.lower(), (requested, None))[0]
        self.in_progress[method] += 1
        try:
            return await self._call(requested, params)
        finally:
            self.in_progress[method] -= 1
            self.state.signal.notify()

    async def _call(self, requested: str, params: Params) -> Reply:
        entry = self.methods.get(requested.lower())
        if entry is None:
            self.state.journal.record(
                requested,
                params.summary(),
                404,
                f"Not Found (the emulator has no method {requested!r})",
                injected=False,
                at=self.state.monotonic(),
                chat_id=_chat_of(params),
            )
            return Reply(404, NOT_FOUND.payload())
        method, handler = entry
        asked = (method, _chat_of(params))
        self.arrivals[asked] += 1
        arrival = self.arrivals[asked]

        fault = self.faults.take(method)
        retried = False
        if fault is not None and fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            retried = self.arrivals[asked] > arrival
        elif fault is not None and fault.kind == "drop":
            self.state.journal.record(
                method,
                params.summary(),
                0,
                "connection dropped",
                injected=True,
                at=self.state.monotonic(),
                chat_id=_chat_of(params),
            )
            return Reply(0, {}, drop=True)
        elif fault is not None and fault.kind in ("retry_after", "server_error"):
            return self._error(method, params, fault.error(), injected=True)

        chat_id = _chat_of(params) if method in SEND_METHODS else None
        verdict = self.rates.check(chat_id) if chat_id is not None else None
        if verdict is not None and not verdict.within_limits and self.rates.limits.enforce:
            self._rate_violation(method, chat_id, verdict)
            return self._error(method, params, too_many_requests(verdict.retry_after), injected=False)

        try:
            result = handler(self.state, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            # A call the emulator held so long that the bot gave up and asked again: the retry has been carried
            # out first, so this one may now be refused ("message is not modified", a query already answered).
            # Telegram would refuse it too, to nobody: the bot did right, and the retry's own answer is judged.
            return self._error(method, params, error, injected=False, superseded=retried)

        if chat_id is not None and verdict is not None:
            self.rates.count(chat_id)
            self._rate_violation(method, chat_id, verdict)
        self.state.journal.record(
            method, params.summary(), 200, None, injected=False, at=self.state.monotonic(), chat_id=chat_id
        )
        if fault is not None and fault.kind == "late":  # done; the answer waits (the client may be gone)
            await asyncio.sleep(fault.seconds)
        return Reply(200, {"ok": True, "result": result})
