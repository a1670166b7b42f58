"""The heavy-turn worker leaves with the bot: a `kill -9` of the bot's process leaves no orphan behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BOT = """
import time
from bot.offload import Offload
from tests.bot.offload_stub import build

offload = Offload(None, build)
offload.warm()
while not offload.ready:
    time.sleep(0.05)
print(*offload._pool._processes, flush=True)
time.sleep(600)
"""


def _gone(pid: int) -> bool:
    """No such process, or one that has exited and waits only to be reaped (a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_a_killed_bot_leaves_no_worker_behind() -> None:
    bot = subprocess.Popen([sys.executable, "-c", BOT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert bot.stdout is not None
        workers = [int(pid) for pid in bot.stdout.readline().split()]
        assert workers and not any(_gone(pid) for pid in workers)
        os.kill(bot.pid, signal.SIGKILL)
        bot.wait()
        deadline = time.monotonic() + 60  # a generous bound for a loaded machine, not a speed check
        while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert all(_gone(pid) for pid in workers), f"orphaned offload workers: {workers}"
    finally:
        if bot.poll() is None:
            bot.kill()
