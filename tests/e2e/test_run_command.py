"""`python -m bot run` as a process: refuses a database behind the migrations, then polls a Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.simulator import BotApiSimulator
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.schema import upgrade
from tests.conftest import call_in_thread


def _env(tmp_path: Path, database: Path, base_url: str) -> dict[str, str]:
    return {**os.environ, "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}", "PTB_TIMEDELTA": "1"}


async def test_run_refuses_an_unmigrated_database_then_serves(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    async with BotApiSimulator() as sim:
        env = _env(tmp_path, database, sim.base_url)
        refused = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(refused.communicate(), 60)
        assert refused.returncode == 2 and b"python -m bot db upgrade" in err, err.decode()

        call_in_thread(lambda: upgrade(f"sqlite+aiosqlite:///{database}"))
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        try:
            user = sim.add_user("Rudi")
            await sim.user_sends(user, "/start")
            reply = await sim.wait_for_reply(user, timeout=60)
            assert "kode tautan" in reply.text
            assert {c["command"] for c in sim.commands()} >= {"asesmen", "jp"}
        finally:
            bot.send_signal(signal.SIGINT)
            await asyncio.wait_for(bot.wait(), 60)
        assert bot.returncode == 0
        assert sim.violations == []
