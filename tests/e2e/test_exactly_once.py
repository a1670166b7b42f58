"""A step that changes data happens once, and the person learns the truth, even when Telegram loses the
answer: the action and the consumed button commit together, the replies go out after the commit, and a
repeated press finds the receipt ("Sudah tersimpan: …") instead of storing twice or saying "try again"."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.dialogs.engine import unpack
from bot.storage.models import Role, TrainingRecord
from bot.storage.models.broadcast import Broadcast
from bot.storage.roles import grant_role
from tests.e2e.conftest import World
from tests.e2e.helpers import dialog_value, press, say

FAILS = 4  # every attempt of the bot's interactive retry fails: the answer is lost for good


async def _until_certificate(world: World, user: object) -> str:
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, "teknis")
    await say(world.sim, user, "Bimtek SRIKANDI")
    await say(world.sim, user, "8")
    await say(world.sim, user, "3 November 2026")
    buttons = [b for row in world.sim.buttons(user) for b in row]
    [skip] = [b.callback_data for b in buttons if dialog_value(b.callback_data) == "skip"]
    assert skip is not None
    return skip


async def _records(world: World, employee_id: int | None) -> list[TrainingRecord]:
    async with world.session() as session:
        return list((await session.exec(select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee_id))).all())


async def test_a_lost_confirmation_is_found_done_when_the_button_is_pressed_again(world: World) -> None:
    user, employee = await world.linked_user()
    skip = await _until_certificate(world, user)
    world.sim.faults.server_error("answerCallbackQuery", times=FAILS, status=502)
    world.sim.faults.server_error("editMessageText", times=FAILS, status=502)
    world.sim.faults.server_error("sendMessage", times=FAILS, status=502)
    before = len(world.sim.bot_messages(user))
    question = world.sim.last_message(user)
    assert question is not None
    await world.sim.user_presses(user, skip)
    await world.sim.wait_until(lambda: world.sim.faults.pending() == 0, what="every answer lost")
    assert len(await _records(world, employee.id)) == 1  # stored, though the person heard nothing
    again = await world.sim.user_presses(user, skip, message=question)  # its keyboard is still there
    await world.sim.wait_for_answer(again)
    await world.sim.wait_until(lambda: "Sudah tersimpan" in world.sim.last_text(user), what="the receipt")
    replies = world.sim.bot_messages(user)
    assert "Sudah tersimpan" in replies[-1].text and "Bimtek SRIKANDI" in replies[-1].text
    assert len(await _records(world, employee.id)) == 1  # not twice
    texts = [m.text for m in world.sim.bot_messages(user)[before:]]
    assert not any("coba lagi" in text for text in texts)  # never "try again" for what was committed
    [jp] = await say(world.sim, user, "/jp")
    assert "8 JP" in jp.text and "16 JP" not in jp.text


async def test_one_failed_send_is_retried_and_the_person_gets_the_answer(world: World) -> None:
    user, employee = await world.linked_user()
    skip = await _until_certificate(world, user)
    world.sim.faults.server_error("sendMessage", times=1, status=502)
    world.sim.faults.rate_limit("sendMessage", times=1, retry_after=1)
    query = await world.sim.user_presses(user, skip)
    saved, status = await world.sim.wait_for_replies(user, 2, timeout=10)
    assert "Bimtek SRIKANDI" in saved.text and "JP" in status.text
    assert world.sim.callback_answer(query) is not None
    assert len(await _records(world, employee.id)) == 1


async def test_a_code_sent_again_after_linking_says_it_is_already_linked(world: World) -> None:
    employee, code = await world.employee()
    user = world.sim.add_user("Budi")
    await say(world.sim, user, "/start")
    linked, _welcome = await say(world.sim, user, code, replies=2)
    assert "tertaut" in linked.text
    [again] = await say(world.sim, user, code)
    assert "Sudah tersimpan" in again.text and employee.name in again.text


async def test_a_very_long_answer_is_called_too_long_not_a_too_long_title(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, "teknis")
    [question] = await say(world.sim, user, "Bimtek SRIKANDI")
    assert "JP" in question.text
    [refused] = await say(world.sim, user, "8" * 4000)
    assert "terlalu panjang" in refused.text and "Judul" not in refused.text
    assert all(unpack(b.callback_data or "") for row in world.sim.buttons(user) for b in row)


async def test_pengingat_sent_again_or_its_button_pressed_again_never_flips_back(world: World) -> None:
    """A bare /pengingat only shows the state (issue 15); its button sets rather than toggles, so a press
    repeated after a lost answer changes nothing more."""
    user, _ = await world.linked_user()
    [state] = await say(world.sim, user, "/pengingat")
    assert "saat ini menyala" in state.text
    [again] = await say(world.sim, user, "/pengingat")  # the answer to the first seemed lost: sent again
    assert "saat ini menyala" in again.text
    off_button = next(b.callback_data for row in again.buttons for b in row)
    assert off_button == "rem|off"
    [off] = await press(world.sim, user, "rem|off")
    assert "dimatikan" in off.text
    await world.sim.user_presses(user, off_button, message=state)  # the first message's button, pressed later
    [off_again] = await world.sim.wait_for_replies(user, 1)
    assert "Sudah tersimpan" in off_again.text and "/pengingat nyala" in off_again.text
    [state_off] = await say(world.sim, user, "/pengingat")
    assert "saat ini mati" in state_off.text
    [on] = await say(world.sim, user, "/pengingat nyala")  # what the person says explicitly is done
    assert "dinyalakan" in on.text


@pytest.mark.offload
async def test_a_broadcast_confirmed_again_after_a_lost_answer_is_not_scheduled_twice(world: World) -> None:
    admin_user, admin = await world.linked_user()
    reader_user, _ = await world.linked_user()
    async with world.session() as session:
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
    sim = world.sim
    await say(sim, admin_user, "/siaran")
    await say(sim, admin_user, "<b>Rapat</b> Senin pukul 09.00.")
    await press(sim, admin_user, "all")
    await press(sim, admin_user, "when")
    [preview] = await say(sim, admin_user, "besok 08:00")
    assert "Pratinjau" in preview.text
    question = sim.last_message(admin_user)
    assert question is not None
    [send] = [b.callback_data for row in question.buttons for b in row if dialog_value(b.callback_data) == "send"]
    for method in ("answerCallbackQuery", "editMessageText", "sendMessage"):
        sim.faults.server_error(method, times=FAILS, status=502)
    await sim.user_presses(admin_user, send or "", message=question)
    await sim.wait_until(lambda: sim.faults.pending() == 0, timeout=30, what="every answer lost")
    again = await sim.user_presses(admin_user, send or "", message=question)
    await sim.wait_for_answer(again, timeout=30)
    await sim.wait_until(lambda: "Sudah tersimpan" in sim.last_text(admin_user), timeout=30, what="the receipt")
    receipt = sim.last_text(admin_user)
    assert "Siaran #" in receipt and "dijadwalkan" in receipt
    async with world.session() as session:
        assert len((await session.exec(select(Broadcast))).all()) == 1
    assert sim.bot_messages(reader_user)[-1:] and "Rapat" not in sim.last_text(reader_user)  # not yet due
