"""/rekap and /tim open the Mini App: a Web App button in the reply and the chat's menu button, for HR admins
and supervisors, only when WEBAPP_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.storage.models import Role
from bot.storage.roles import grant_role
from tests.e2e.conftest import World, make_world
from tests.e2e.helpers import say

WEBAPP_URL = "https://bot.example.go.id/app/"


@pytest.fixture
async def world(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    async for w in make_world(database_url, clock):
        yield w


def web_apps(message: object) -> list[tuple[str, str]]:
    return [(b.text, b.raw["web_app"]["url"]) for row in message.buttons for b in row  # type: ignore[attr-defined]
            if "web_app" in b.raw]


async def test_rekap_and_tim_offer_the_mini_app_when_it_is_set(world: World) -> None:
    hr_user, hr = await world.linked_user()
    boss_user, boss = await world.linked_user()
    await world.linked_user(supervisor_id=boss.id)
    async with world.session() as session:
        await grant_role(session, hr.id or 0, Role.HR_ADMIN, actor="test", clock=world.clock)

    summary, *_ = await say(world.sim, hr_user, "/rekap", replies=1)
    assert web_apps(summary) == [] and world.sim.menu_button(hr_user) == {"type": "commands"}

    services = world.services
    services.settings = services.settings.model_copy(update={"WEBAPP_URL": WEBAPP_URL})
    summary, *_ = await say(world.sim, hr_user, "/rekap", replies=1)
    assert web_apps(summary) == [("🗺 Buka peta unit", WEBAPP_URL + "?view=map")]
    assert world.sim.menu_button(hr_user) == {"type": "web_app", "text": "Peta IP ASN",
                                              "web_app": {"url": WEBAPP_URL + "?view=map"}}
    team, *_ = await say(world.sim, boss_user, "/tim", replies=1)
    assert web_apps(team) == [("🗺 Buka peta tim", WEBAPP_URL + "?view=team")]
    assert world.sim.menu_button(boss_user)["web_app"] == {"url": WEBAPP_URL + "?view=team"}
