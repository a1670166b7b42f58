"""The broadcast sender: woken by the JobQueue, it drains the outbox at BROADCAST_RATE and reports.

One process sends at a time (a lease row in the database), so the overall rate holds when two bot
processes share the database. Each message: a slot from the `Pacer`, a row claimed in the database, the
chat's second from the `ChatGate`, then the send and its outcome recorded:

| Telegram says                  | the row becomes                                                  |
|--------------------------------|------------------------------------------------------------------|
| ok                             | sent                                                             |
| 429 retry after N              | pending again in N s; the chat waits N s (a burst pauses all)    |
| timeout, network error, 5xx    | pending again after 2, 4, 8 … s; failed after the last attempt   |
| 403 (blocked, deleted)         | unreachable, and `employee.telegram_blocked_at` set; never again |
| 400 and other refusals         | failed                                                           |

The worker sends through a Bot of its own, without PTB's AIORateLimiter: that limiter would stop every
request of the bot, conversations included, for each 429 of a single chat, and caps everything at 30/s.
What the admin sees (progress, report) is `bot.broadcast.progress`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Callable
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.broadcast import outbox, service
from bot.broadcast.outbox import Claimed, Outcome
from bot.broadcast.pacing import ChatGate, Pacer, Sleep
from bot.broadcast.progress import ProgressReporter, seconds_of
from bot.services import Services
from bot.storage.models.broadcast import RecipientStatus

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 16
"""Sends awaiting Telegram's answer at once: enough for 25/s at 600 ms a round trip."""
LEASE_SECONDS = 60.0
RENEW_SECONDS = 15.0
AHEAD_SECONDS = 0.1
"""Rows are claimed, and outcomes written, a tenth of a second's worth at a time."""
FLUSH_OUTCOMES = 64
TEND_SECONDS = 1.0
"""How often a running drain looks at progress (it edits only every BROADCAST_PROGRESS_SECONDS)."""
BACKOFF_FIRST = 2.0
BACKOFF_MAX = 300.0

Running = Callable[[], bool]
BotFactory = Callable[[], Bot]


def holder_id() -> str:
    """Names this process in the lease and in claimed rows (unique across restarts and hosts)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class BroadcastWorker:
    """One per process; `wake` starts a drain when none is running."""

    def __init__(self, services: Services, bot_factory: BotFactory, *,
                 monotonic: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep,
                 holder: str | None = None) -> None:
        self.services = services
        self.bot_factory = bot_factory
        self.monotonic = monotonic
        self.raw_sleep = sleep
        self.holder = holder or holder_id()
        self.running: Running = lambda: True
        self.pacer = Pacer(services.settings.BROADCAST_RATE, monotonic, self._sleep)
        self.gate = ChatGate(monotonic, self._sleep)
        self.progress = ProgressReporter(services, self.gate, monotonic, self._sleep)
        self._task: asyncio.Task[None] | None = None
        self._texts: dict[int, str] = {}
        self._outcomes: list[Outcome] = []

    # -- waking ---------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def settle(self) -> None:
        """Wait for the running drain, if any, to finish (every outcome it had is then recorded)."""
        if self._task is not None:
            await asyncio.wait([self._task])

    def wake(self, application: Application) -> None:  # type: ignore[type-arg]
        """Start draining unless a drain is already running (the JobQueue calls this every few seconds)."""
        if not self.busy and application.running:
            self._task = application.create_task(self.drain(lambda: bool(application.running)),
                                                 name="broadcast-drain")

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake early when the application stops: a stopping bot must not wait out a flood pause."""
        end = self.monotonic() + seconds
        while self.running() and (left := end - self.monotonic()) > 0:
            await self.raw_sleep(min(left, 0.25))

    # -- draining -------------------------------------------------------------------------------------

    async def drain(self, running: Running) -> None:
        """Send everything due now, then return; what is due later waits for the next wake."""
        self.running = running
        services = self.services
        async with services.session() as session:
            if not await outbox.due_work(session, services.clock.now()):
                return
            if not await outbox.acquire_lease(session, self.holder, services.clock.now(), LEASE_SECONDS):
                return
        try:
            await self._flush()  # anything a failed drain of this process could not write yet
            async with services.session() as session:
                if recovered := await outbox.recover_interrupted(session):
                    log.warning("broadcast: %d messages were interrupted mid-send by a stopped sender", recovered)
            async with self.bot_factory() as bot:
                await self._send_due(bot)
                if running():
                    await self.progress.tend(bot)
        finally:
            self._texts.clear()
            async with services.session() as session:
                await outbox.release_lease(session, self.holder)

    @property
    def batch(self) -> int:
        """Rows claimed at a time: a tenth of a second's sending, so a crash leaves little uncertain."""
        return max(1, min(MAX_IN_FLIGHT, round(self.services.settings.BROADCAST_RATE * AHEAD_SECONDS)))

    async def _send_due(self, bot: Bot) -> None:
        queue: deque[Claimed] = deque()
        in_flight: set[asyncio.Task[None]] = set()
        try:
            await self._send_loop(bot, queue, in_flight)
        finally:  # stopping, or an error: what was claimed but not sent goes back, the rest is recorded
            if queue:
                async with self.services.session() as session:
                    await outbox.release(session, self.holder, list(queue))
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
            await self._flush()

    async def _send_loop(self, bot: Bot, queue: deque[Claimed], in_flight: set[asyncio.Task[None]]) -> None:
        renewed = flushed = self.monotonic()
        tended = float("-inf")  # the admin sees the progress message before the first recipient's message
        while self.running():
            now = self.monotonic()
            if now - flushed >= AHEAD_SECONDS or len(self._outcomes) >= FLUSH_OUTCOMES:
                await self._flush()
                flushed = now
            if now - renewed >= RENEW_SECONDS:
                await self._renew()
                renewed = now
            if now - tended >= TEND_SECONDS:
                await self.progress.tend(bot)
                tended = now
            if len(in_flight) >= MAX_IN_FLIGHT:
                await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                continue
            if not queue:
                async with self.services.session() as session:
                    queue.extend(await outbox.claim(session, self.holder, self.services.clock.now(), self.batch))
                for broadcast_id in {claimed.broadcast_id for claimed in queue}:
                    await self._text(broadcast_id)  # loaded once, before its sends start
            if not queue:
                if not in_flight:
                    break
                await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)  # a retry may come due
                continue
            await self.pacer.slot()
            task = asyncio.create_task(self._send(bot, queue.popleft()))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)

    async def _flush(self) -> None:
        """Write the outcomes gathered so far, in one transaction. If that fails the rows stay `sending` and
        are later reported as interrupted: never sent twice."""
        outcomes, self._outcomes = self._outcomes, []
        if not outcomes:
            return
        try:
            async with self.services.session() as session:
                await outbox.record(session, self.holder, outcomes, self.services.clock.now())
        except Exception:
            log.exception("broadcast: could not record %d outcomes", len(outcomes))

    async def _renew(self) -> None:
        async with self.services.session() as session:
            if not await outbox.acquire_lease(session, self.holder, self.services.clock.now(), LEASE_SECONDS):
                log.error("broadcast: lost the sender lease; stopping this drain")
                self.running = lambda: False

    async def _text(self, broadcast_id: int) -> str:
        if broadcast_id not in self._texts:
            async with self.services.session() as session:
                self._texts[broadcast_id] = await service.broadcast_text(session, broadcast_id)
        return self._texts[broadcast_id]

    # -- one message ----------------------------------------------------------------------------------

    async def _send(self, bot: Bot, claimed: Claimed) -> None:
        """Send one message and note what became of it (written by the next `_flush`)."""
        try:
            text = await self._text(claimed.broadcast_id)
            await self.gate.wait(claimed.chat_id)
            message = await bot.send_message(claimed.chat_id, text, parse_mode=ParseMode.HTML)
        except RetryAfter as exc:
            outcome = self._retry_after(claimed, seconds_of(exc))
        except Forbidden as exc:
            outcome = outbox.failed(claimed, exc.message, RecipientStatus.UNREACHABLE)
        except BadRequest as exc:
            outcome = outbox.failed(claimed, exc.message)
        except NetworkError as exc:  # timeouts, connection errors and 5xx
            delay = min(BACKOFF_FIRST * 2 ** claimed.attempts, BACKOFF_MAX)
            outcome = outbox.retry(claimed, self.services.clock.now() + timedelta(seconds=delay), exc.message,
                                   attempt=True, max_attempts=self.services.settings.BROADCAST_MAX_ATTEMPTS)
        except TelegramError as exc:
            outcome = outbox.failed(claimed, exc.message)
        else:
            outcome = outbox.sent(claimed, self.services.clock.now(), message.message_id)
        self._outcomes.append(outcome)

    def _retry_after(self, claimed: Claimed, seconds: float) -> Outcome:
        self.gate.hold(claimed.chat_id, seconds)
        if self.pacer.retry_after(seconds):
            log.warning("broadcast: Telegram throttles the bot; every send waits %.0f s", seconds)
        return outbox.retry(claimed, self.services.clock.now() + timedelta(seconds=seconds),
                            f"429 retry after {seconds:g} s", attempt=False,
                            max_attempts=self.services.settings.BROADCAST_MAX_ATTEMPTS)
