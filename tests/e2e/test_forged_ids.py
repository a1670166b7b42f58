"""Ids a client forges into callback data (past 32 and 64 bits, signs, other scripts' digits) are "no longer
valid" and change nothing, on SQLite and on PostgreSQL (where a number past INTEGER would not even bind)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulator import BotApiSimulator
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say
from tests.e2e.test_broadcast import hr_admin, unit

FORGED = ["99999999999", "18446744073709551616", "2147483648", "-1", "+5", "0", "007", " 5", "٣", "²", "5x", ""]


def current_nonce(sim: BotApiSimulator, user: Any) -> str:
    data = next(b.callback_data for row in sim.buttons(user) for b in row if b.callback_data)
    assert data is not None and data.startswith("d|")
    return data.split("|")[1]


@pytest.mark.parametrize("forged", FORGED)
async def test_a_forged_unit_in_the_broadcast_dialog_is_no_longer_valid(world: World, forged: str) -> None:
    dik = await unit(world, "DIK")
    admin, _ = await hr_admin(world)
    await say(world.sim, admin, "/siaran")
    await say(world.sim, admin, "Rapat <b>Senin</b>")
    await press(world.sim, admin, "units")
    await world.sim.forge_callback_query(admin, f"d|{current_nonce(world.sim, admin)}|u:{forged}")
    [again] = await world.sim.wait_for_replies(admin, 1)
    assert "tidak berlaku" in again.text and "Pilih unit" in again.text
    [chosen] = await press(world.sim, admin, f"u:{dik.id}")  # the real button still works
    assert "✅ DIK" in [b.text for row in world.sim.buttons(admin) for b in row]
    assert "Terpilih: DIK" in chosen.text


@pytest.mark.parametrize("forged", FORGED)
async def test_a_forged_team_root_is_no_longer_valid(world: World, forged: str) -> None:
    boss, employee = await world.linked_user()
    await world.employee(supervisor_id=employee.id)
    await say(world.sim, boss, "/tim", replies=1)
    forged_press = await world.sim.forge_callback_query(boss, f"tim|show|all|{forged}")
    answer = await world.sim.wait_for_answer(forged_press)
    assert answer.text is not None and "tidak berlaku" in answer.text and answer.show_alert


@pytest.mark.parametrize("forged", FORGED)
async def test_a_forged_broadcast_in_the_resend_button_changes_nothing(world: World, forged: str) -> None:
    admin, _ = await hr_admin(world)
    await world.sim.forge_callback_query(admin, f"siaran-ulang:{forged}")
    [reply] = await world.sim.wait_for_replies(admin, 1)
    assert "siaran #0" in reply.text  # parsed in one place (bot.callback_ids): out of range is no broadcast
