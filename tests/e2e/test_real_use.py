"""Behaviour under real use: bad input, restarts, two users at once, old and forged buttons, /batal."""

from __future__ import annotations

import base64

import pytest
from sqlmodel import col, select

from bot.app import build_application
from bot.simulator import BotApiSimulator, run_polling
from bot.storage.models import Assessment, DialogStateRow
from tests.e2e.conftest import World, settings_for
from tests.e2e.helpers import press, say

# 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


async def _to_technical_jp(world: World, user: object) -> None:
    """From /asesmen of a pelaksana to the question "how many JP?" of a technical training."""
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    await press(world.sim, user, "pelaksana")
    await press(world.sim, user, "add")
    await say(world.sim, user, "Pelatihan Arsip")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ("delapan", "Tulis angka"),
        ("0", "lebih dari 0"),
        ("-4", "lebih dari 0"),
        ("1001", "terlalu besar"),
        ("🙂", "Tulis angka"),
        ("x" * 4000, "terlalu panjang"),
    ],
)
async def test_bad_jp_gets_a_reason_and_the_same_question(world: World, answer: str, hint: str) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    [reply] = await say(world.sim, user, answer)
    assert hint in reply.text and "Berapa JP?" in reply.text
    [date_question] = await say(world.sim, user, "12")  # the title given before is kept
    assert "Tanggal" in date_question.text
    [listing] = await say(world.sim, user, "12/3/2026")
    assert "Pelatihan Arsip — 12 JP" in listing.text


@pytest.mark.parametrize(
    ("answer", "hint"),
    [("1/1/2099", "masa depan"), ("31/12/1969", "1970"), ("31/2/2026", "tidak ada di kalender"),
     ("besok", "tidak dikenali")],
)
async def test_bad_dates(world: World, answer: str, hint: str) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    await say(world.sim, user, "12")
    [reply] = await say(world.sim, user, answer)
    assert hint in reply.text and "Tanggal selesainya" in reply.text


@pytest.mark.parametrize("typed", ["12/3/2026", "12-03-2026", "2026-03-12", "12 Maret 2026"])
async def test_dates_as_people_type_them(world: World, typed: str) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    await say(world.sim, user, "6 jam")
    [listing] = await say(world.sim, user, typed)
    assert "8 JP (12 Maret 2026)" in listing.text


async def test_photo_where_text_is_expected(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    await world.sim.user_sends_photo(user, PNG)
    [reply] = await world.sim.wait_for_replies(user, 1)
    assert "Berapa JP?" in reply.text


async def test_restart_in_the_middle_continues_at_the_same_question(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    # a second bot process on the same database and the same Telegram (the first one stopped)
    await world.app.updater.stop()
    await world.app.stop()
    app = build_application(settings_for(world.database_url), base_url=world.sim.base_url, clock=world.clock)
    async with run_polling(app, poll_timeout=1):
        [date_question] = await say(world.sim, user, "8")
        assert "Tanggal selesainya" in date_question.text
        [listing] = await say(world.sim, user, "1/9/2026")
        assert "Pelatihan Arsip — 8 JP" in listing.text


async def test_two_users_interleaved_never_see_each_other(world: World) -> None:
    ani, _ = await world.linked_user()
    budi, _ = await world.linked_user(position_type="fungsional")
    await say(world.sim, ani, "/asesmen")
    await say(world.sim, budi, "/asesmen")
    await press(world.sim, ani, "s3")
    await press(world.sim, budi, "d3")
    [ani_position] = await press(world.sim, ani, "pelaksana")
    [budi_position] = await press(world.sim, budi, "fungsional")
    assert "Diklat teknis" in ani_position.text
    assert "Diklat fungsional" in budi_position.text
    async with world.session() as session:
        rows = {r.telegram_user_id: r.state for r in (await session.exec(select(DialogStateRow))).all()}
    assert rows[ani.id]["data"]["education"] == "s3"
    assert rows[budi.id]["data"]["education"] == "d3"


async def test_old_and_forged_buttons_are_refused(world: World) -> None:
    ani, _ = await world.linked_user()
    budi, _ = await world.linked_user()
    [first] = await say(world.sim, ani, "/asesmen")
    await press(world.sim, ani, "s1")
    # Ani presses a button of the first question again (a client showing the message before the edit)
    stale = await world.sim.forge_callback_query(ani, first.buttons[0][0].callback_data or "",
                                                 message=first.message_id)
    answer = await world.sim.wait_for_answer(stale)
    assert answer.text is not None and "tidak berlaku" in answer.text
    # Budi's client forges Ani's current button
    await say(world.sim, budi, "/bantuan")
    ani_buttons = world.sim.buttons(ani)
    forged = await world.sim.forge_callback_query(budi, ani_buttons[0][0].callback_data or "")
    assert "tidak berlaku" in ((await world.sim.wait_for_answer(forged)).text or "")
    junk = await world.sim.forge_callback_query(budi, "m|rm -rf /")
    assert "tidak berlaku" in ((await world.sim.wait_for_answer(junk)).text or "")
    async with world.session() as session:
        assert (await session.exec(select(Assessment))).all() == []


async def test_cancel_and_unknown_input(world: World) -> None:
    user, _ = await world.linked_user()
    [hint] = await say(world.sim, user, "apa kabar?")
    assert "tidak mengerti" in hint.text and hint.buttons
    [unknown] = await say(world.sim, user, "/foo")
    assert "/foo" in unknown.text and unknown.buttons
    await _to_technical_jp(world, user)
    [in_dialog] = await say(world.sim, user, "/foo")
    assert "Berapa JP?" in in_dialog.text  # the question again, nothing lost
    [cancelled] = await say(world.sim, user, "/batal")
    assert "Dibatalkan" in cancelled.text
    [nothing] = await say(world.sim, user, "/cancel")
    assert "Tidak ada langkah" in nothing.text
    async with world.session() as session:
        assert (await session.exec(select(DialogStateRow).where(
            col(DialogStateRow.telegram_user_id) == user.id))).first() is None


async def test_back_returns_to_the_previous_question(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    [position] = await press(world.sim, user, "<")
    assert "Kualifikasi" in position.text


async def test_webhook_mode(database_url: str, clock: object) -> None:
    from bot.simulator import run_webhook

    async with BotApiSimulator() as sim:
        app = build_application(settings_for(database_url), base_url=sim.base_url)
        async with run_webhook(app, secret_token="rahasia"):
            user = sim.add_user("Wati")
            await sim.user_sends(user, "/start")
            assert "kode tautan" in (await sim.wait_for_reply(user)).text
        assert sim.violations == []


async def test_typing_the_answers_instead_of_pressing(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/asesmen")
    [position] = await say(world.sim, user, "S2")
    assert "Jabatan" in position.text
    [technical] = await say(world.sim, user, "pelaksana")
    assert "Diklat teknis" in technical.text
    [seminar] = await say(world.sim, user, "lanjut")
    assert "Seminar" in seminar.text
    await say(world.sim, user, "Lanjut ▶")
    [penalty] = await say(world.sim, user, "sangat baik")
    assert "Disiplin" in penalty.text
    [confirm] = await say(world.sim, user, "tidak ada")
    assert "S-2" in confirm.text and "Sangat Baik" in confirm.text
    result, _ = await say(world.sim, user, "hitung", replies=2)
    assert "Indeks Profesionalitas ASN: 55 — Sangat Rendah" in result.text  # 20 + 0 + 30 + 5


async def test_another_command_does_not_throw_answers_away(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s2")
    [busy] = await say(world.sim, user, "/pelatihan")
    assert "sedang mengisi asesmen" in busy.text and "Jabatan" in busy.text
    [resumed] = await say(world.sim, user, "/asesmen")
    assert "lanjutkan" in resumed.text and "Jabatan" in resumed.text
    async with world.session() as session:
        row = await session.get(DialogStateRow, user.id)
    assert row is not None and row.state["data"]["education"] == "s2"


async def test_an_edited_message_is_not_a_new_answer(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_technical_jp(world, user)
    sent = await world.sim.user_sends(user, "8")
    [date_question] = await world.sim.wait_for_replies(user, 1)
    assert "Tanggal" in date_question.text
    # editing the JP answer into a date must not answer the date question
    world.sim.inject_update({"edited_message": {**sent.raw, "text": "2/9/2026", "edit_date": sent.raw["date"] + 5}})
    [listing] = await say(world.sim, user, "1/9/2026")
    assert "Pelatihan Arsip — 8 JP (1 September 2026)" in listing.text


async def test_writing_again_clears_the_blocked_mark(world: World) -> None:
    from datetime import UTC, datetime

    from bot.storage.models import Employee

    user, employee = await world.linked_user()
    async with world.session() as session:
        row = await session.get(Employee, employee.id)
        assert row is not None
        row.telegram_blocked_at = datetime(2026, 11, 1, tzinfo=UTC)
        session.add(row)
    await say(world.sim, user, "/jp")
    async with world.session() as session:
        row = await session.get(Employee, employee.id)
        assert row is not None and row.telegram_blocked_at is None
