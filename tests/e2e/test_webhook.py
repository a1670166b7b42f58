"""Webhook mode is never open: without the registered secret a POST gets 403 and touches nothing, malformed
JSON gets 400; `run --webhook` without WEBHOOK_SECRET makes a random secret and registers it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select

from bot.app import build_application
from bot.clock import FakeClock
from bot.simulator import BotApiSimulator
from bot.simulator.harness import free_tcp_port
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.models import AuditLog
from bot.storage.schema import upgrade
from bot.webhook import SECRET_HEADER, serving
from tests.conftest import call_in_thread
from tests.e2e.conftest import settings_for

SECRET = "a-secret-only-telegram-and-the-bot-know_123"
FORGED_CHAT = 424242


def forged_update(text: str = "/rekap") -> dict[str, Any]:
    """What an attacker who learnt the URL would post: an update 'from' someone, e.g. the HR admin."""
    who = {"id": FORGED_CHAT, "is_bot": False, "first_name": "Admin"}
    return {"update_id": 777, "message": {
        "message_id": 1, "date": 1_790_000_000, "chat": {"id": FORGED_CHAT, "type": "private"}, "from": who,
        "text": text, "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}}


async def test_no_or_a_wrong_secret_is_refused_and_malformed_json_is_a_400(database_url: str, clock: FakeClock) -> None:
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        app = build_application(settings_for(database_url), base_url=sim.base_url, clock=clock)
        port = free_tcp_port()
        url = f"http://127.0.0.1:{port}/telegram"
        async with serving(app, listen="127.0.0.1", port=port, url_path="/telegram", webhook_url=url,
                           secret=SECRET), httpx.AsyncClient(trust_env=False) as http:
            assert sim.webhook is not None and sim.webhook.secret_token == SECRET
            json_type = {"Content-Type": "application/json"}
            assert (await http.post(url, json=forged_update())).status_code == 403
            wrong = {SECRET_HEADER: SECRET[:-1] + "x", **json_type}
            assert (await http.post(url, json=forged_update(), headers=wrong)).status_code == 403
            right = {SECRET_HEADER: SECRET, **json_type}
            assert (await http.post(url, content=b'{"update_id": 1, "mess', headers=right)).status_code == 400
            assert (await http.post(url, content=b"[1, 2, 3]", headers=right)).status_code == 400
            assert (await http.post(url, content=b'{"update_id": "x"}', headers=right)).status_code == 400

            user = sim.add_user("Rudi")  # the real Telegram (the emulator) knows the secret
            await sim.user_sends(user, "/start")
            assert "kode tautan" in (await sim.wait_for_reply(user)).text
        assert not [c for c in sim.api_calls if c.params.get("chat_id") in (FORGED_CHAT, str(FORGED_CHAT))]
        async with app.bot_data.services.session() as session:
            assert (await session.exec(select(AuditLog))).all() == []  # nothing was written on their behalf
        assert sim.violations == []


async def test_run_webhook_without_a_secret_registers_a_random_one(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    call_in_thread(lambda: upgrade(f"sqlite+aiosqlite:///{database}"))
    port = free_tcp_port()
    url = f"http://127.0.0.1:{port}/hook"
    async with BotApiSimulator() as sim:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, "TELEGRAM_API_BASE_URL": sim.base_url,
               "DATABASE_URL": f"sqlite+aiosqlite:///{database}", "PTB_TIMEDELTA": "1", "WEBHOOK_URL": url,
               "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
        env.pop("WEBHOOK_SECRET", None)
        bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", "--webhook", cwd=tmp_path,
                                                   env=env, stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE)
        try:
            await sim.wait_until(lambda: sim.webhook is not None, timeout=60, what="setWebhook")
            assert sim.webhook is not None
            secret = sim.webhook.secret_token
            assert secret is not None and len(secret) >= 32
            async with httpx.AsyncClient(trust_env=False) as http:
                assert (await http.post(url, json=forged_update())).status_code == 403
            user = sim.add_user("Rudi")
            await sim.user_sends(user, "/start")
            assert "kode tautan" in (await sim.wait_for_reply(user, timeout=30)).text
        finally:
            bot.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(bot.communicate(), 60)
        assert bot.returncode == 0, err.decode()
        assert b"Traceback" not in err and b"WEBHOOK_SECRET is not set" in err
