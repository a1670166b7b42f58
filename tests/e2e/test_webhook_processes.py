"""Several webhook processes on one PostgreSQL: two Applications behind a round-robin proxy (as N
`run --webhook` processes behind a reverse proxy), 50 people in /asesmen at once, their updates spread
over both. Every answer is kept, in order, and each person ends with exactly one assessment."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest
import tornado.httpserver
import tornado.web
from sqlmodel import col, func, select

from bot.app import build_application
from bot.clock import FakeClock
from bot.linking.service import issue_code
from bot.simulator import BotApiSimulator
from bot.simulator.harness import free_tcp_port
from bot.storage.db import create_engine, create_sessionmaker, session_scope
from bot.storage.models import Assessment, Employee, TrainingRecord
from bot.storage.samples import make_nip
from bot.webhook import serving
from scoring.models import Education, EmploymentStatus, Position
from tests.conftest import postgresql_only
from tests.e2e.conftest import settings_for
from tests.e2e.helpers import dialog_value

pytestmark = pytest.mark.offload  # heavy turns in their worker process, as in production

PEOPLE = 50
SECRET = "one-secret-shared-by-every-process_0123456789"
WAIT = 60.0
TTL = 120.0  # one Python process plays Telegram, the proxy and both bots on a shared 2-core machine


class RoundRobin(tornado.web.RequestHandler):
    """The reverse proxy: each POST goes to the next process in turn, its answer comes back unchanged."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, targets: itertools.cycle[str], http: httpx.AsyncClient, served: list[str]) -> None:
        self.targets, self.http, self.served = targets, http, served

    async def post(self) -> None:
        target = next(self.targets)
        self.served.append(target)
        response = await self.http.post(target, content=self.request.body, headers=dict(self.request.headers))
        self.set_status(response.status_code)
        self.finish(response.content)


@asynccontextmanager
async def proxy(targets: list[str], served: list[str]) -> AsyncIterator[str]:
    port = free_tcp_port()
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        app = tornado.web.Application([(r"/telegram", RoundRobin,
                                        {"targets": itertools.cycle(targets), "http": http, "served": served})])
        server = tornado.httpserver.HTTPServer(app)
        server.listen(port, address="127.0.0.1")
        try:
            yield f"http://127.0.0.1:{port}/telegram"
        finally:
            server.stop()


async def _press(sim: BotApiSimulator, user: Any, value: str, replies: int = 1) -> list[Any]:
    before = len(sim.bot_messages(user))
    [data] = [b.callback_data for row in sim.buttons(user) for b in row if dialog_value(b.callback_data) == value]
    await sim.user_presses(user, data or "")
    await sim.wait_until(lambda: len(sim.bot_messages(user)) >= before + replies, timeout=WAIT, what=value)
    return sim.bot_messages(user)[before:]


async def _say(sim: BotApiSimulator, user: Any, text: str, replies: int = 1) -> list[Any]:
    before = len(sim.bot_messages(user))
    await sim.user_sends(user, text)
    await sim.wait_until(lambda: len(sim.bot_messages(user)) >= before + replies, timeout=WAIT, what=text)
    return sim.bot_messages(user)[before:]


async def _one_person(sim: BotApiSimulator, user: Any, code: str, n: int) -> None:
    await _say(sim, user, code, replies=2)
    await _say(sim, user, "/asesmen")
    await _press(sim, user, "s1")
    await _press(sim, user, "pelaksana")
    await _press(sim, user, "add")
    await _say(sim, user, f"Pelatihan nomor {n}")
    await _say(sim, user, str(10 + n % 7))
    listing = await _say(sim, user, "1/10/2026")
    assert f"Pelatihan nomor {n}" in listing[-1].text
    await _press(sim, user, "next")
    await _press(sim, user, "next")
    await _press(sim, user, "baik")
    await _press(sim, user, "none")
    result = await _press(sim, user, "go", replies=2)
    assert "Indeks Profesionalitas ASN" in result[0].text


@postgresql_only
async def test_two_webhook_processes_keep_every_answer_in_order(
    database_url: str, clock: FakeClock
) -> None:
    engine = create_engine(database_url)
    codes: dict[int, str] = {}
    async with session_scope(create_sessionmaker(engine)) as session:
        for n in range(PEOPLE):
            employee = Employee(nip=make_nip(5000 + n), name=f"Pegawai {n}", employment_status=EmploymentStatus.PNS,
                                position_type=Position.PELAKSANA, education=Education.S1)
            session.add(employee)
            await session.flush()
            codes[n] = (await issue_code(session, employee.id or 0, clock=clock, actor="cli")).code
    await engine.dispose()

    served: list[str] = []
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp(), callback_query_ttl=TTL) as sim, \
            AsyncExitStack() as stack:
        ports = [free_tcp_port(), free_tcp_port()]
        targets = [f"http://127.0.0.1:{port}/telegram" for port in ports]
        url = await stack.enter_async_context(proxy(targets, served))
        for port in ports:
            app = build_application(settings_for(database_url), base_url=sim.base_url, clock=clock)
            await stack.enter_async_context(serving(app, listen="127.0.0.1", port=port, url_path="/telegram",
                                                    webhook_url=url, secret=SECRET))
            offload = app.bot_data.services.offload
            assert offload is not None and await asyncio.wait_for(offload.started(), 120)
        users = [sim.add_user(f"Orang{n}") for n in range(PEOPLE)]
        await asyncio.gather(*(_one_person(sim, user, codes[n], n) for n, user in enumerate(users)))
        assert sim.violations == []
    assert {served.count(target) for target in targets} != {0}
    assert all(served.count(target) > PEOPLE for target in targets)  # both processes took their share

    engine = create_engine(database_url)
    async with session_scope(create_sessionmaker(engine)) as session:
        assessments = (await session.exec(select(Assessment.employee_id, func.count()).group_by(
            col(Assessment.employee_id)))).all()
        titles = {(r.title, r.jp) for r in (await session.exec(select(TrainingRecord))).all()}
    await engine.dispose()
    assert len(assessments) == PEOPLE and {count for _, count in assessments} == {1}
    assert titles == {(f"Pelatihan nomor {n}", 10 + n % 7) for n in range(PEOPLE)}
