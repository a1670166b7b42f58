"""The bot's own process serves the Mini App: beside the webhook in webhook mode, on WEBAPP_PORT when polling."""

from __future__ import annotations

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import build_application
from bot.clock import FakeClock
from bot.runner import polling_with_webapp, webapp_routes_of
from bot.simulator import BotApiSimulator
from bot.simulator.harness import free_tcp_port
from bot.webhook import SECRET_HEADER, serving
from tests.agency import Agency
from tests.e2e.conftest import settings_for
from tests.webapp.conftest import TOKEN, grant_hr

SECRET = "webhook-and-mini-app-on-one-port_0123456789"


async def test_webhook_mode_serves_the_page_on_the_webhook_port(database_url: str, clock: FakeClock,
                                                               session: AsyncSession, agency: Agency) -> None:
    await grant_hr(session, clock, agency, "KES-1", None)
    async with BotApiSimulator(token=TOKEN, wall_clock=lambda: clock.now().timestamp()) as sim:
        port = free_tcp_port()
        settings = settings_for(database_url, token=TOKEN).model_copy(
            update={"WEBAPP_URL": "https://bot.example.go.id/peta/"})
        app = build_application(settings, base_url=sim.base_url, clock=clock)
        url = f"http://127.0.0.1:{port}/telegram"
        async with serving(app, listen="127.0.0.1", port=port, url_path="/telegram", webhook_url=url, secret=SECRET,
                           extra_routes=webapp_routes_of(app, settings)), httpx.AsyncClient(trust_env=False) as http:
            page = await http.get(f"http://127.0.0.1:{port}/peta/")
            assert page.status_code == 200 and b"<html" in page.content.lower()
            assert (await http.get(f"http://127.0.0.1:{port}/peta/api/overview")).status_code == 401
            assert (await http.post(url, json={"update_id": 1})).status_code == 403  # the webhook stays closed
            assert (await http.post(url, content=b"[]", headers={SECRET_HEADER: SECRET})).status_code == 400
            huge = b'{"update_id": 1, "x": "' + b"a" * (1 << 20) + b'"}'
            assert (await http.post(url, content=huge, headers={SECRET_HEADER: SECRET})).status_code == 413


async def test_polling_mode_serves_the_page_on_its_own_listener(database_url: str, clock: FakeClock) -> None:
    async with BotApiSimulator(token=TOKEN, wall_clock=lambda: clock.now().timestamp()) as sim:
        port = free_tcp_port()
        settings = settings_for(database_url, token=TOKEN).model_copy(update={
            "WEBAPP_URL": "https://bot.example.go.id/app/", "WEBAPP_LISTEN": "127.0.0.1", "WEBAPP_PORT": port})
        app = build_application(settings, base_url=sim.base_url, clock=clock)
        async with polling_with_webapp(app, settings), httpx.AsyncClient(trust_env=False) as http:
            page = await http.get(f"http://127.0.0.1:{port}/app/")
            assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
            user = sim.add_user("Rudi")
            await sim.user_sends(user, "/start")
            assert "kode tautan" in (await sim.wait_for_reply(user)).text
        unset = settings.model_copy(update={"WEBAPP_URL": None})
        assert webapp_routes_of(app, unset) == []  # no WEBAPP_URL: nothing served
