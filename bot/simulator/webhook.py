"""Webhook delivery: while a webhook is set, the emulator POSTs each update to it, as Telegram does.

Updates go one at a time in update_id order; one is removed only when the bot's server answered 2xx.
Otherwise the error is kept for getWebhookInfo (`last_error_date`, `last_error_message`) and the update is
retried with a growing pause, so a webhook server that starts late or fails once still gets everything.
A webhook reply may carry a method call (`{"method": "sendMessage", ...}`), which Telegram executes; so does
the emulator.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import httpx

from bot.simulator.dispatch import Dispatcher
from bot.simulator.params import Params
from bot.simulator.state import SimState, WebhookConfig

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDeliverer:
    def __init__(
        self,
        state: SimState,
        dispatcher: Dispatcher,
        *,
        first_retry: float = 0.05,
        max_retry: float = 1.0,
        request_timeout: float = 10.0,
    ) -> None:
        self.state = state
        self.dispatcher = dispatcher
        self.first_retry = first_retry
        self.max_retry = max_retry
        self.request_timeout = request_timeout
        self.delivered: list[dict[str, Any]] = []
        self._client: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="simulator-webhook-deliverer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _due(self) -> bool:
        return self.state.closing or (self.state.webhook is not None and bool(self.state.updates.pending))

    async def _run(self) -> None:
        pause = self.first_retry
        while True:
            while not self._due():
                await self.state.signal.wait_until(self._due, 60.0)
            if self.state.closing:
                return
            current = self.state.webhook
            if current is None:
                continue
            hook: WebhookConfig = current
            update = self.state.updates.pending[0]
            if await self._post(hook, update):
                pause = self.first_retry
                if self.state.updates.pending and self.state.updates.pending[0] is update:
                    self.state.updates.pending.pop(0)
                    self.delivered.append(update)
                    self.state.signal.notify()
                continue

            def settings_changed(current: WebhookConfig = hook) -> bool:
                return self.state.closing or self.state.webhook is not current

            await self.state.signal.wait_until(settings_changed, pause)
            pause = min(pause * 2, self.max_retry)

    def _http(self) -> httpx.AsyncClient:
        # Made on first delivery: most tests poll and never pay for a client. trust_env=False keeps any
        # proxy configured in the environment away from the bot's traffic; verify=False because the only
        # allowed targets are loopback servers, typically with no or a self-made certificate.
        if self._client is None:
            self._client = httpx.AsyncClient(trust_env=False, verify=False, timeout=self.request_timeout)
        return self._client

    async def _post(self, hook: WebhookConfig, update: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        try:
            response = await self._http().post(hook.url, content=json.dumps(update), headers=headers)
        except httpx.ConnectError:
            return self._failed(hook, "Connection refused")
        except httpx.TimeoutException:
            return self._failed(hook, "Read timeout expired")
        except httpx.HTTPError as exc:
            return self._failed(hook, f"Failed to deliver the update: {exc}")
        if not 200 <= response.status_code < 300:
            return self._failed(
                hook, f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
            )
        await self._run_reply_method(response)
        return True

    def _failed(self, hook: WebhookConfig, message: str) -> bool:
        hook.last_error_date = self.state.unix_now()
        hook.last_error_message = message
        self.state.signal.notify()
        return False

    async def _run_reply_method(self, response: httpx.Response) -> None:
        if "json" not in response.headers.get("content-type", "") or not response.content.strip():
            return
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get("method"), str):
            values = {key: value for key, value in body.items() if key != "method"}
            await self.dispatcher.call(body["method"], Params(values=values))
