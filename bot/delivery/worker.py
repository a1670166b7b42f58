"""The delivery engine: woken by the JobQueue, it drains the outbox at BROADCAST_RATE under the lease.

One process sends at a time (`bot.delivery.lease`), so the overall rate holds however many bot processes
share the database, take-overs included. Each message: claimed in the database (a tenth of a second's worth
at a time), composed by its kind, a slot from the `Pacer`, the chat's second from the `ChatGate`, a last
look at the lease, the send, and the verdict of `bot.delivery.policy` recorded (outcomes are written a tenth
of a second's worth at a time too, so a fast drain costs a few transactions a second).

Messages are claimed only when the queue is empty: one claim's worth (a tenth of a second's sending, more
while claims are slow: `batch`) is the most a crash leaves claimed and unsent (uncertain); the short lag a
claim costs is made up by the `Pacer`. The rest of the database work runs beside the sending: outcomes are
written by a background flush, the lease is renewed by a background heartbeat, and the kinds' tending
(progress edits, once a second) runs aside too, after the first, which comes before any message (the
admin sees the progress message first). (Done one after the other on a busy machine, claims, flushes and
tending of 25–60 ms each, with no catching up, held a drain at about 18 a second against a BROADCAST_RATE
of 25.)

The engine sends through a Bot of its own, without PTB's AIORateLimiter: that limiter would stop every
request of the bot, conversations included, for each 429 of a single chat, and retry a 429 itself, twice
over the engine's own handling.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application

from bot.delivery import lease, outbox
from bot.delivery.kinds import Composed, Defer, Drop, Kind, Message, Tending
from bot.delivery.lease import Held, LeaseLost, WallClock, holder_id, wall_clock
from bot.delivery.outbox import Claimed, Outcome
from bot.delivery.pacing import ChatGate, Pacer, Sleep
from bot.delivery.policy import Judged, Verdict, backoff, judge
from bot.services import Services
from bot.storage.db import is_sqlite
from bot.storage.models.delivery import MessageStatus

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 16
"""Sends awaiting Telegram's answer at once: enough for 25/s at 600 ms a round trip."""
AHEAD_SECONDS = 0.1
"""Messages are claimed, and outcomes written, a tenth of a second's worth at a time."""
FLUSH_OUTCOMES = 64
TEND_SECONDS = 1.0
"""How often a running drain lets the kinds tend (a broadcast edits only every BROADCAST_PROGRESS_SECONDS)."""
UNKNOWN_KIND_WAIT = timedelta(minutes=1)
NO_CHAT = "no Telegram account (unlinked or data deleted)"

DATABASE_TROUBLE = (SQLAlchemyError, OSError)
"""What a database that is away, slow or ending a session raises: logged in one line, tried again later."""

Running = Callable[[], bool]
BotFactory = Callable[[], AbstractAsyncContextManager[Bot]]
"""A Bot for one drain, ready to send (`async with factory() as bot`)."""


def brief(error: BaseException) -> str:
    """The first line of a database error (SQLAlchemy appends the statement and a link)."""
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0][:200]


class DeliveryWorker:
    """One per process; `wake` starts a drain when none is running."""

    def __init__(self, services: Services, bot_factory: BotFactory, kinds: Iterable[Kind] = (), *,
                 monotonic: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep,
                 wall: WallClock = wall_clock, holder: str | None = None) -> None:
        self.services = services
        self.bot_factory = bot_factory
        self.kinds: dict[str, Kind] = {kind.name: kind for kind in kinds}
        self.monotonic = monotonic
        self.raw_sleep = sleep
        self.wall = wall
        self.holder = holder or holder_id()
        self.running: Running = lambda: True
        self.pacer = Pacer(services.settings.BROADCAST_RATE, monotonic, self._sleep)
        self.gate = ChatGate(monotonic, self._sleep)
        self.held: Held | None = None
        self._task: asyncio.Task[None] | None = None
        self._outcomes: list[Outcome] = []
        self._flushing: asyncio.Task[None] | None = None
        self._tending: asyncio.Task[None] | None = None
        self._renewal: asyncio.Task[None] | None = None
        self._one_writer = asyncio.Lock()
        self._sqlite: bool | None = None
        self._claim_seconds = 0.0
        """How long a claim takes (a moving average): claims grow while the database is slow (`batch`)."""
        self._renewing = False
        self._warned: set[str] = set()
        self._draining = asyncio.Lock()

    def add(self, kind: Kind) -> None:
        """Register a feature's kind of message (see `bot.delivery`: adding a kind)."""
        self.kinds[kind.name] = kind

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work of the engine. On SQLite (one writer at a time) the engine's own transactions,
        some of which run beside the sending, queue here instead of in SQLite's busy handler, whose sleeps
        (up to 100 ms each) would hold up the claims; PostgreSQL runs them side by side."""
        if self._sqlite is None:
            self._sqlite = is_sqlite(self.services.settings.DATABASE_URL)
        if self._sqlite:
            async with self._one_writer, self.services.session() as session:
                yield session
        else:
            async with self.services.session() as session:
                yield session

    # -- waking ---------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    async def idle(self) -> bool:
        """Nothing to do right now: no drain running and nothing due or to tend (the demo waits for this
        before it ends a script)."""
        return not self.busy and not await self._has_work()

    async def settle(self) -> None:
        """Wait for the running drain, if any, to finish (every outcome it had is then recorded)."""
        if self._task is not None:
            await asyncio.wait([self._task])

    def wake(self, application: Application) -> None:  # type: ignore[type-arg]
        """Start draining unless a drain is already running (the JobQueue calls this every few seconds)."""
        if not self.busy and application.running:
            self._task = application.create_task(self.drain(lambda: bool(application.running)),
                                                 name="delivery-drain")

    @property
    def _heartbeat(self) -> float:
        return self.services.settings.DELIVERY_HEARTBEAT_SECONDS

    @property
    def _takeover(self) -> float:
        return self.services.settings.DELIVERY_TAKEOVER_SECONDS

    def _may_send(self) -> bool:
        return self.running() and self.held is not None and self.held.valid(self.monotonic())

    async def _sleep(self, seconds: float) -> None:
        """Sleep, renewing the lease on the way, and wake early when the application stops (a stopping bot
        must not wait out a flood pause) or the lease is gone."""
        end = self.monotonic() + seconds
        while self._may_send() and (left := end - self.monotonic()) > 0:
            await self._keep_lease()
            await self.raw_sleep(min(left, 0.25, self._heartbeat))

    # -- the lease ------------------------------------------------------------------------------------

    async def _acquire(self) -> bool:
        started = self.monotonic()
        async with self._session() as session:
            epoch = await lease.acquire(session, self.holder, self.wall(), self._takeover)
        if epoch is None:
            return False
        self.held = Held(self.holder, epoch, started, self._takeover, margin=self._heartbeat, wall=self.wall)
        self._outcomes.clear()  # of an earlier epoch: their messages are recovered as uncertain below
        return True

    async def _keep_lease(self) -> None:
        """The heartbeat: renew once every DELIVERY_HEARTBEAT_SECONDS (called from the loop and from sleeps,
        so a drain waiting out a flood pause still holds its lease)."""
        held = self.held
        if held is None or self._renewing or self.monotonic() - held.confirmed < self._heartbeat:
            return
        self._renewing = True
        started = self.monotonic()
        try:
            async with self._session() as session:
                kept = await lease.fence(session, held)
            if kept:
                held.confirmed = started
            else:
                log.error("delivery: another process took the lease over; this one stops sending")
                self.running = lambda: False
        except DATABASE_TROUBLE as error:  # sending stops by itself when the hold runs out
            log.warning("delivery: could not renew the lease: %s", brief(error))
        finally:
            self._renewing = False

    async def _release(self) -> None:
        held, self.held = self.held, None
        if held is None:
            return
        try:
            async with self._session() as session:
                await lease.release(session, held)
        except DATABASE_TROUBLE as error:
            log.warning("delivery: could not release the lease (it expires by itself): %s", brief(error))

    # -- draining -------------------------------------------------------------------------------------

    async def _has_work(self) -> bool:
        now = self.services.clock.now()
        async with self._session() as session:
            if await outbox.due(session, now):
                return True
            for kind in self.kinds.values():
                if await kind.needs_tending(session, now):
                    return True
        return False

    async def drain(self, running: Running) -> None:
        """Send everything due now, then return; what is due later waits for the next wake. One drain at a
        time in a process (a second call waits for the first, then finds what is left)."""
        async with self._draining:
            await self._drain(running)

    async def _drain(self, running: Running) -> None:
        self.running = running
        try:
            if not await self._has_work() or not await self._acquire():
                return
            assert self.held is not None
            async with self._session() as session:
                if recovered := await outbox.recover(session, self.held, self.services.clock.now()):
                    log.warning("delivery: %d messages were left mid-send by a stopped sender: uncertain", recovered)
            async with self.bot_factory() as bot:
                await self._send_due(bot)
                if self._may_send():
                    await self._tend(bot)
        except LeaseLost:
            log.error("delivery: another process took the lease over; this drain stops")
        except DATABASE_TROUBLE as error:  # the database is away or slow: the next wake-up tries again
            log.warning("delivery: drain stopped, the next wake-up tries again: %s", brief(error))
        except TelegramError as error:  # e.g. Telegram unreachable while a kind tends: tried again later
            log.warning("delivery: drain stopped, the next wake-up tries again: %s", error.message)
        except Exception:  # a bug: logged whole, and the job lives on
            log.exception("delivery: drain failed; the next wake-up tries again")
        finally:
            await self._release()

    @property
    def batch(self) -> int:
        """Messages claimed at a time: a tenth of a second's sending, so a crash leaves little uncertain; while
        claims are slow (a busy database), four times a claim's duration's worth, so that claiming keeps up with the
        pace (at most MAX_IN_FLIGHT)."""
        ahead = max(AHEAD_SECONDS, 4 * self._claim_seconds)
        return max(1, min(MAX_IN_FLIGHT, round(self.services.settings.BROADCAST_RATE * ahead)))

    async def _send_due(self, bot: Bot) -> None:
        queue: deque[tuple[Claimed, Message]] = deque()
        in_flight: set[asyncio.Task[None]] = set()
        try:
            await self._send_loop(bot, queue, in_flight)
        finally:  # stopping, or an error: what was claimed but not sent goes back, the rest is recorded
            for claimed, _ in queue:
                self._outcomes.append(outbox.pending(claimed))
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
            if self._flushing is not None:
                await asyncio.gather(self._flushing, return_exceptions=True)
                self._flushing = None
            await self._flush()

    async def _send_loop(self, bot: Bot, queue: deque[tuple[Claimed, Message]],
                         in_flight: set[asyncio.Task[None]]) -> None:
        flushed = self.monotonic()
        tended = float("-inf")  # e.g. the admin sees the progress message before the first recipient's message
        self._tending = None
        try:
            while self._may_send():
                now = self.monotonic()
                self._keep_lease_aside()
                if now - flushed >= AHEAD_SECONDS or len(self._outcomes) >= FLUSH_OUTCOMES:
                    self._flush_aside()
                    flushed = now
                if now - tended >= TEND_SECONDS and not self._tend_running:
                    if tended == float("-inf"):
                        await self._tend(bot)  # the first at once: e.g. the progress message before any recipient's
                    else:
                        self._tending = asyncio.create_task(self._tend(bot))
                    tended = now
                if len(in_flight) >= MAX_IN_FLIGHT:
                    await asyncio.wait(in_flight, timeout=self._heartbeat, return_when=asyncio.FIRST_COMPLETED)
                    continue
                if not queue:
                    queue.extend(await self._claim())
                if not queue:
                    if not in_flight and not self._outcomes and not self._flush_running:
                        break
                    if in_flight:  # a retry may come due, or a send's outcome lets the batch finish
                        await asyncio.wait(in_flight, timeout=self._heartbeat, return_when=asyncio.FIRST_COMPLETED)
                    elif self._flushing is not None and self._flush_running:
                        await asyncio.wait([self._flushing])
                    else:
                        await self._flush()
                    continue
                await self.pacer.slot()
                task = asyncio.create_task(self._send(bot, *queue.popleft()))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
        finally:
            if self._tending is not None:  # `_tend` logs its kinds' errors itself
                await asyncio.gather(self._tending, return_exceptions=True)
                self._tending = None
            if self._renewal is not None:  # `_keep_lease` logs its own trouble
                await asyncio.gather(self._renewal, return_exceptions=True)
                self._renewal = None

    def _keep_lease_aside(self) -> None:
        """The heartbeat in a background task (one at a time), so a renewal's transaction holds up no send;
        `_may_send` goes on trusting the last confirmed renewal, less a heartbeat of margin."""
        held = self.held
        if held is None or (self._renewal is not None and not self._renewal.done()):
            return
        if self.monotonic() - held.confirmed >= self._heartbeat:
            self._renewal = asyncio.create_task(self._keep_lease())

    @property
    def _tend_running(self) -> bool:
        return self._tending is not None and not self._tending.done()

    @property
    def _flush_running(self) -> bool:
        return self._flushing is not None and not self._flushing.done()

    def _flush_aside(self) -> None:
        """Write the outcomes gathered so far in a background task (one at a time), so sending goes on."""
        if self._flushing is not None:
            if not self._flushing.done():
                return
            self._flushing.result()  # a bug in a flush surfaces here (database trouble is handled inside)
        self._flushing = asyncio.create_task(self._flush())

    async def _claim(self) -> list[tuple[Claimed, Message]]:
        """Claim the next due messages and compose them; what needs no send is recorded at once."""
        assert self.held is not None
        now = self.services.clock.now()
        started = self.monotonic()
        async with self._session() as session:
            claimed = await outbox.claim(session, self.held, now, self.batch)
        self._claim_seconds = 0.7 * self._claim_seconds + 0.3 * (self.monotonic() - started)
        if not claimed:
            return []
        to_send: list[tuple[Claimed, Message]] = []
        by_batch: dict[int, list[Claimed]] = {}
        for row in claimed:
            if row.chat_id is None:
                self._outcomes.append(outbox.final(row, MessageStatus.UNREACHABLE, NO_CHAT))
            else:
                by_batch.setdefault(row.batch_id, []).append(row)
        async with self._session() as session:
            kinds = await outbox.kinds_of(session, by_batch)
            for batch_id, rows in by_batch.items():
                kind = self.kinds.get(kinds.get(batch_id, ""))
                composed = await self._compose(session, kind, kinds.get(batch_id, "?"), rows)
                for row, answer in zip(rows, composed, strict=True):
                    if isinstance(answer, Message):
                        to_send.append((row, answer))
                    elif isinstance(answer, Drop):
                        self._outcomes.append(outbox.final(row, MessageStatus.DROPPED, answer.reason))
                    else:  # never sooner than a second from now: a kind must not make the engine spin
                        until = max(answer.until, now + timedelta(seconds=1))
                        self._outcomes.append(outbox.pending(row, until))
        return to_send

    async def _compose(self, session: AsyncSession, kind: Kind | None, name: str,
                       rows: list[Claimed]) -> list[Composed]:
        later = self.services.clock.now() + UNKNOWN_KIND_WAIT
        if kind is None:
            if name not in self._warned:
                self._warned.add(name)
                log.error("delivery: no kind %r in this process; its messages wait", name)
            return [Defer(later) for _ in rows]
        try:
            composed = list(await kind.compose(session, rows))
        except Exception:
            log.exception("delivery: kind %r could not compose %d messages; they wait", name, len(rows))
            return [Defer(later) for _ in rows]
        if len(composed) != len(rows):
            raise RuntimeError(f"kind {name!r} answered {len(composed)} times for {len(rows)} messages")
        return composed

    async def _flush(self) -> None:
        """Write the outcomes gathered so far, in one transaction. If the database is away they wait for the
        next flush; if the lease is gone they are dropped (the successor reports those messages uncertain)."""
        outcomes, self._outcomes = self._outcomes, []
        if not outcomes or self.held is None:
            return
        try:
            async with self._session() as session:
                await outbox.record(session, self.held, outcomes, self.services.clock.now())
        except LeaseLost:
            log.error("delivery: lost the lease with %d outcomes unwritten; they will read uncertain", len(outcomes))
            self.running = lambda: False
        except DATABASE_TROUBLE as error:
            log.warning("delivery: could not record %d outcomes, trying again: %s", len(outcomes), brief(error))
            self._outcomes = outcomes + self._outcomes

    async def _tend(self, bot: Bot) -> None:
        await self._flush()  # a kind reads counters: let them include every outcome known
        for kind in self.kinds.values():
            if not self._may_send():
                return
            try:
                await kind.tend(Tending(bot, self.gate, self.monotonic, self._sleep))
            except Exception:
                log.exception("delivery: kind %r could not tend its batches", kind.name)

    # -- one message ----------------------------------------------------------------------------------

    async def _send(self, bot: Bot, claimed: Claimed, message: Message) -> None:
        """Send one message and note what became of it (written by the next `_flush`)."""
        assert claimed.chat_id is not None
        await self.gate.wait(claimed.chat_id)
        if not self._may_send():  # stopped, or no longer sure to hold the lease: not ours to send now
            if self.running():
                return  # the lease may be another's: leave the message to its recovery (uncertain)
            self._outcomes.append(outbox.pending(claimed))
            return
        message_id = 0
        try:
            sent = await bot.send_message(claimed.chat_id, message.text, parse_mode=ParseMode.HTML,
                                          reply_markup=message.reply_markup)
            message_id = sent.message_id
            judged = judge(None)
        except Exception as error:
            judged = judge(error)
        self._outcomes.append(self._outcome(claimed, judged, message_id))

    def _outcome(self, claimed: Claimed, judged: Judged, message_id: int) -> Outcome:
        now = self.services.clock.now()
        max_attempts = self.services.settings.BROADCAST_MAX_ATTEMPTS
        match judged.verdict:
            case Verdict.SENT:
                return outbox.sent(claimed, now, message_id)
            case Verdict.LATER:
                assert claimed.chat_id is not None
                self.gate.hold(claimed.chat_id, judged.wait)
                if self.pacer.retry_after(judged.wait):
                    log.warning("delivery: Telegram throttles the bot; every send waits %.0f s", judged.wait)
                return outbox.again(claimed, now + timedelta(seconds=judged.wait), judged.detail, attempt=False,
                                    max_attempts=max_attempts)
            case Verdict.RETRY:
                wait = backoff(claimed.attempts + 1)
                return outbox.again(claimed, now + timedelta(seconds=wait), judged.detail, attempt=True,
                                    max_attempts=max_attempts)
            case Verdict.UNREACHABLE:
                return outbox.final(claimed, MessageStatus.UNREACHABLE, judged.detail, blocked=True)
            case Verdict.FAILED:
                return outbox.final(claimed, MessageStatus.FAILED, judged.detail)
            case _:
                log.warning("delivery: message %d to chat %d: %s", claimed.id, claimed.chat_id, judged.detail)
                return outbox.final(claimed, MessageStatus.UNCERTAIN, judged.detail)
