"""The heavy-turn worker is started by the first heavy turn, never by the bot's start, and leaves when idle.

Waiting for a process to go uses a generous bound for a loaded machine; nothing here checks a speed."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path

from bot.offload import Offload
from tests.bot.offload_stub import build

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def _children() -> set[int]:
    me = Path(f"/proc/{os.getpid()}/task")
    return {int(pid) for task in me.iterdir() for pid in (task / "children").read_text().split()}


async def _until(condition: object, what: str) -> None:
    for _ in range(600):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(what)


async def test_no_worker_until_a_heavy_turn_and_none_after_it_idles() -> None:
    before = _children()
    offload = Offload(None, build, idle_seconds=0.5)  # type: ignore[arg-type]
    try:
        await asyncio.sleep(0.2)
        assert not offload.ready and _children() == before  # made, not started: nothing spawned

        assert await offload.started()
        result = await offload.run("7", {}, ["a", "b"], NOW)
        pid, key, *args, now = result.replies[0].text.split()
        worker = int(pid)
        assert worker != os.getpid() and _alive(worker)
        assert (key, args, now) == ("7", ["a", "b"], NOW.isoformat())

        await _until(lambda: not _alive(worker), "the idle worker left")
        assert not offload.ready

        assert await offload.started()  # the next heavy turn starts a new one
        again = int((await offload.run("8", {}, [], NOW)).replies[0].text.split()[0])
        assert again != worker and _alive(again)
    finally:
        await offload.close()


async def test_turns_queue_in_one_worker_and_close_ends_it() -> None:
    offload = Offload(None, build)  # type: ignore[arg-type]
    assert await offload.started()
    results = await asyncio.gather(*(offload.run(str(n), {}, [], NOW) for n in range(20)))
    workers = {int(r.replies[0].text.split()[0]) for r in results}
    assert len(workers) == 1 and [r.replies[0].text.split()[1] for r in results] == [str(n) for n in range(20)]
    await offload.close()
    await _until(lambda: not any(map(_alive, workers)), "the worker ended with close()")
