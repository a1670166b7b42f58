"""How the bot receives updates: getUpdates long polling, or a webhook (set, delete, inspect).

Telegram's rules kept here: getUpdates and a webhook exclude each other (409 while a webhook is set); a
newer getUpdates ends an older one still waiting (409 "terminated by other getUpdates request"); an update
stays until a later call's offset confirms it; allowed_updates persists until changed.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from bot.simulator.errors import bad_request, conflict
from bot.simulator.params import Params
from bot.simulator.state import SimState, WebhookConfig

MAX_POLL_TIMEOUT = 50.0
WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
SUPERSEDED = "terminated by other getUpdates request; make sure that only one bot instance is running"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _allowed_updates(state: SimState, params: Params) -> None:
    raw = params.json("allowed_updates", what="allowed updates")
    if raw is None:
        return
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise bad_request("can't parse allowed updates JSON object")
    state.updates.allowed = frozenset(raw)


async def get_updates(state: SimState, params: Params) -> list[dict[str, Any]]:
    if state.webhook is not None:
        raise conflict(WEBHOOK_ACTIVE)
    offset = params.integer("offset") or 0
    limit = min(max(params.integer("limit") or 100, 1), 100)
    timeout = min(max(params.number("timeout") or 0.0, 0.0), MAX_POLL_TIMEOUT)
    _allowed_updates(state, params)

    state.poll_generation += 1
    generation = state.poll_generation
    state.updates.confirm(offset)
    state.signal.notify()  # an older poll still waiting must learn it was replaced

    def answerable() -> bool:
        return (
            bool(state.updates.pending)
            or state.poll_generation != generation
            or state.closing
            or state.webhook is not None
        )

    if timeout > 0:
        await state.signal.wait_until(answerable, timeout)
    if state.poll_generation != generation:
        raise conflict(SUPERSEDED)
    if state.webhook is not None:
        raise conflict(WEBHOOK_ACTIVE)
    return state.updates.pending[:limit]


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    host = parts.hostname
    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
    if not loopback:
        # Telegram itself refuses private addresses; the emulator, which must never reach the network,
        # refuses everything but this machine.
        raise bad_request(f"bad webhook: the emulator delivers only to loopback addresses, not to {host}")


def set_webhook(state: SimState, params: Params) -> bool:
    url = params.text("url") or ""
    if not url:
        return delete_webhook(state, params)
    _check_webhook_url(url)
    secret = params.text("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.integer("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    _allowed_updates(state, params)
    if params.flag("drop_pending_updates"):
        state.updates.drop_all()
    state.webhook = WebhookConfig(
        url=url,
        secret_token=secret,
        max_connections=max_connections,
        ip_address=params.text("ip_address"),
        has_custom_certificate="certificate" in params.files or bool(params.raw("certificate")),
    )
    state.signal.notify()
    return True


def delete_webhook(state: SimState, params: Params) -> bool:
    if params.flag("drop_pending_updates"):
        state.updates.drop_all()
    state.webhook = None
    state.signal.notify()
    return True


def get_webhook_info(state: SimState, params: Params) -> dict[str, Any]:
    hook = state.webhook
    info: dict[str, Any] = {
        "url": hook.url if hook else "",
        "has_custom_certificate": bool(hook and hook.has_custom_certificate),
        "pending_update_count": len(state.updates.pending),
    }
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.ip_address:
            info["ip_address"] = hook.ip_address
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if state.updates.allowed:
        info["allowed_updates"] = sorted(state.updates.allowed)
    return info
