"""One database session per update, also with heavy turns offloaded: the router knows from the person's last
turn which flow they are in, so choosing the loop for their answer takes no session of its own."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import build_application
from bot.clock import FakeClock
from bot.simulator import BotApiSimulator, run_polling
from tests.e2e.conftest import World, settings_for
from tests.e2e.helpers import press, say


class Counting:
    """The sessionmaker, counting the sessions it makes."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.made = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.made += 1
        return self.real(*args, **kwargs)


async def test_a_dialog_answer_is_one_session(database_url: str, clock: FakeClock,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.app.OFFLOAD_HEAVY_TURNS", True)  # as in production: heavy turns have a worker
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        app = build_application(settings_for(database_url), base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1):
            services = app.bot_data.services
            assert services.offload is not None  # so every answer asks whether it belongs to a heavy flow
            world = World(sim, app, clock, database_url)
            user, _ = await world.linked_user()
            counting = Counting(services.sessionmaker)
            services.sessionmaker = counting

            def sessions_for(before: int) -> int:
                return counting.made - before

            [kind] = await say(sim, user, "/pelatihan")  # a light flow: the turn leaves its name behind
            assert "Jenis kegiatan" in kind.text
            made = counting.made
            await press(sim, user, "teknis")  # a dialog button
            assert sessions_for(made) == 1
            made = counting.made
            [level] = await say(sim, user, "Bimtek SRIKANDI")  # a text answer
            assert sessions_for(made) == 1 and "JP" in level.text

            app.bot_data.router._flow_of.clear()  # a person this process has not seen lately: read, as before
            made = counting.made
            await say(sim, user, "4,5 jam")
            assert sessions_for(made) == 2
            made = counting.made
            await say(sim, user, "3 November 2026")
            assert sessions_for(made) == 1
            assert not services.offload.ready  # nothing heavy was asked: no worker was started
