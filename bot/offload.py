"""Heavy turns in a worker process, so one person's heavy request never stalls everyone else.

An HR map over 50,000 people with its workbook, or a broadcast's outbox, costs seconds of CPU. In the
bot's process it would hold the interpreter lock that every other reply needs, however it is scheduled
(a thread shares that lock). `Offload` runs such turns (`Router.command(..., heavy=True)`, heavy buttons
and flows) in one worker process, started in the background when the bot starts: it builds the same application
(`build_application`, never started), and runs the turn there, the whole unit of work included, on its
own database connection, with the parent's clock reading at dispatch. What comes back is what the turn
says (`TurnResult`); the parent answers the button and sends the replies, as for any turn. A heavy turn
therefore never calls Telegram itself. An in-memory SQLite database cannot be shared: no offload there.
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


@dataclass
class TurnResult:
    """What a turn decided to say: sent by the parent after the worker committed."""

    replies: list[Reply] = field(default_factory=list)
    query_answer: tuple[str | None, bool] = (None, False)
    retire: bool = False


class Offload:
    """One worker process for heavy turns (they queue behind each other: HR exports are not frequent)."""

    def __init__(self, settings: Settings, build: Build) -> None:
        self.settings = settings
        self.build = build
        self._pool: ProcessPoolExecutor | None = None
        self._warming: Future[bool] | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(self.settings, self.build))
        return self._pool

    def warm(self) -> None:
        """Start the worker now, in the background (the bot's start does not wait for it)."""
        self._warming = self._started().submit(_ready)

    @property
    def ready(self) -> bool:
        """Whether the worker has started: until then (or if it could not start) heavy turns run in the bot's
        own process, so nobody waits for a worker to import the bot."""
        warming = self._warming
        return warming is not None and warming.done() and warming.exception() is None and warming.result()

    async def started(self) -> bool:
        """Wait until the worker has started (or failed to); True when it is ready."""
        if self._warming is None:
            self.warm()
        assert self._warming is not None
        try:
            return bool(await asyncio.wrap_future(self._warming))  # type: ignore[arg-type]
        except Exception:
            log.warning("the offload worker did not start; heavy turns run in the bot's process", exc_info=True)
            return False

    async def run(self, key: str, update: dict[str, Any], args: list[str], now: datetime) -> TurnResult:
        """The turn registered under `key` for this update (as JSON), in the worker; its result here."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._started(), _run_in_worker, key, update, args, now)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)


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
