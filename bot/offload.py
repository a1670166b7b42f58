"""Heavy turns in a worker process, so one person's heavy request never stalls everyone else.

An HR map over 50,000 people with its workbook, or a broadcast's outbox, costs seconds of CPU. In the
bot's process it would hold the interpreter lock that every other reply needs, however it is scheduled
(a thread shares that lock). `Offload` runs such turns (`Router.command(..., heavy=True)`, heavy buttons
and flows) in one worker process: it builds the same application (`build_application`, never started),
and runs the turn there, the whole unit of work included, on its own database connection, with the
parent's clock reading at dispatch. What comes back is what the turn says (`TurnResult`); the parent
answers the button and sends the replies, as for any turn. A heavy turn therefore never calls Telegram
itself. An in-memory SQLite database cannot be shared: no offload there.

When the worker runs, and why: it is started by the first heavy turn, not with the bot, and it leaves
after `IDLE_SECONDS` without one (the next heavy turn starts it again). The worker is a second interpreter
with the whole bot imported (about as large as the bot itself, and more once it has drawn a chart or
written a workbook); heavy turns are rare (HR exports, broadcasts), so most of the time it would only hold
memory. The price is paid by the person who asks for the first heavy turn after a quiet spell: their turn
waits for the worker to start (about a second of another core's CPU) before it runs. It does not run in the
bot's own process meanwhile, which would be quicker for them but would stall everyone else for the
seconds the turn computes, the very thing this module exists to prevent. Only when the worker cannot
start at all does a heavy turn run in the bot's process (logged), so that it is still answered.
multiprocessing's resource tracker (a small helper process) stays once the first worker has started.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.config import Settings
from bot.dialogs.engine import Reply

Build = Callable[..., Any]
"""`bot.app.build_application`, handed in (by reference) so that this module sits below the app."""
log = logging.getLogger(__name__)
IDLE_SECONDS = 600.0
"""The worker leaves after this long without a heavy turn (a burst of exports keeps it; a quiet hour frees it)."""


@dataclass
class TurnResult:
    """What a turn decided to say: sent by the parent after the worker committed."""

    replies: list[Reply] = field(default_factory=list)
    query_answer: tuple[str | None, bool] = (None, False)
    retire: bool = False
    flow_left: tuple[str | None] | None = None
    """(the flow the person's dialog state names after the turn, or None for no state), when the turn read or
    wrote that state; None when it did not look (`bot.router` remembers it to choose the next turn's loop)."""


class Offload:
    """One worker process for heavy turns, started on demand (they queue behind each other: HR exports are
    not frequent); see the module's doc for when it starts and leaves."""

    def __init__(self, settings: Settings, build: Build, idle_seconds: float = IDLE_SECONDS) -> None:
        self.settings = settings
        self.build = build
        self.idle_seconds = idle_seconds
        self._pool: ProcessPoolExecutor | None = None
        self._warming: Future[bool] | None = None
        self._running = 0
        self._idle: asyncio.TimerHandle | None = None
        self._leaving: set[asyncio.Task[None]] = set()

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(self.settings, self.build))
        return self._pool

    def warm(self) -> None:
        """Start the worker now, in the background (nobody waits for it here)."""
        self._warming = self._started().submit(_ready)

    @property
    def ready(self) -> bool:
        """Whether the worker has started and waits for turns."""
        warming = self._warming
        return warming is not None and warming.done() and warming.exception() is None and warming.result()

    async def started(self) -> bool:
        """Start the worker unless it runs, and wait until it has started: True when it is ready; False when it
        could not start (logged; the next call tries again)."""
        if self._warming is None:
            self.warm()
        warming = self._warming
        assert warming is not None
        try:
            return bool(await asyncio.wrap_future(warming))  # type: ignore[arg-type]
        except Exception:
            log.warning("the offload worker did not start; heavy turns run in the bot's process", exc_info=True)
            if self._warming is warming:  # not one started since by another turn
                await self._shut(self._detach())
            return False

    async def run(self, key: str, update: dict[str, Any], args: list[str], now: datetime) -> TurnResult:
        """The turn registered under `key` for this update (as JSON), in the worker; its result here. The caller
        has waited for `started()`."""
        loop = asyncio.get_running_loop()
        self._running += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        try:
            return await loop.run_in_executor(self._started(), _run_in_worker, key, update, args, now)
        finally:
            self._running -= 1
            if not self._running:
                self._idle = loop.call_later(self.idle_seconds, self._leave_if_idle)

    def _leave_if_idle(self) -> None:
        self._idle = None
        if self._running:
            return
        pool = self._detach()  # at once: a heavy turn from now on starts a new worker, never meets this one leaving
        if pool is None:
            return
        log.info("the offload worker leaves after %.0f s without a heavy turn", self.idle_seconds)
        task = asyncio.get_running_loop().create_task(self._shut(pool))
        self._leaving.add(task)
        task.add_done_callback(self._leaving.discard)

    def _detach(self) -> ProcessPoolExecutor | None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        pool, self._pool, self._warming = self._pool, None, None
        return pool

    @staticmethod
    async def _shut(pool: ProcessPoolExecutor | None) -> None:
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    async def close(self) -> None:
        await self._shut(self._detach())
        if self._leaving:
            await asyncio.gather(*self._leaving)


# -- in the worker process --------------------------------------------------------------------------------

_worker: tuple[Any, asyncio.AbstractEventLoop] | None = None
"""The worker's `bot.router.Router` and its event loop."""


def _leave_with(parent: int) -> None:
    """Exit as soon as the bot's process is gone: a `kill -9` leaves it no time to shut the pool down, and an
    orphaned worker would live on holding about 90 MB and a database connection."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _start_worker(settings: Settings, build: Build) -> None:
    global _worker
    threading.Thread(target=_leave_with, args=(os.getppid(),), name="leave-with-parent", daemon=True).start()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s [offload]: %(message)s", level=logging.INFO)
    application = build(settings, offload=False)
    _worker = (application.bot_data.router, asyncio.new_event_loop())


def _ready() -> bool:
    return _worker is not None


def _run_in_worker(key: str, update: dict[str, Any], args: list[str], now: datetime) -> TurnResult:
    assert _worker is not None, "the worker was not started"
    router, loop = _worker
    result: TurnResult = loop.run_until_complete(router.run_offloaded(key, update, args, now))
    return result
