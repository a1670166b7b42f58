"""An employee of each position type links, completes /asesmen, and sees exactly what scoring gives."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from bot.storage.models import Assessment, TrainingRecord
from bot.storage.profiles import build_profile
from scoring import Position, score
from scoring.texts import number
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

TODAY = date(2026, 11, 28)  # the fake clock's date


async def _three(world: World, user: object, position: Position) -> None:
    """Step 3 by position type: the required leadership level, or a matching functional training."""
    if position is Position.PELAKSANA:
        return
    if position is Position.FUNGSIONAL:
        await press(world.sim, user, "yes")
        await say(world.sim, user, "1/8/2021")
        return
    required = {
        "jpt_utama": "pkn1",
        "jpt_madya": "pkn1",
        "jpt_pratama": "pkn2",
        "administrator": "pka",
        "pengawas": "pkp",
    }[position.value]
    await press(world.sim, user, required)
    await say(world.sim, user, "12 Maret 2019")


@pytest.mark.parametrize("position", list(Position))
async def test_each_position_type_completes_the_assessment(world: World, position: Position) -> None:
    user, employee = await world.linked_user(position_type=position, education="s2")
    sim = world.sim
    [question] = await say(sim, user, "/asesmen")
    assert "Kualifikasi" in question.text and "S-2" in question.text
    await press(sim, user, "s2")
    await press(sim, user, position.value)
    await _three(world, user, position)
    # technical training: 12 JP + 6 hours (= 8 JP) reach 20 JP only together
    await press(sim, user, "add")
    await say(sim, user, "Pengelolaan Arsip Digital")
    await say(sim, user, "12")
    await say(sim, user, "10/3/2026")
    await press(sim, user, "add")
    await say(sim, user, "Penulisan Naskah Dinas")
    await say(sim, user, "6 jam")
    [listing] = await say(sim, user, "2026-09-01")
    assert "20 JP" in listing.text
    await press(sim, user, "next")
    await press(sim, user, "next")  # no seminar
    await press(sim, user, "baik")
    [confirm] = await press(sim, user, "none")
    assert "Periksa jawaban" in confirm.text
    result, chart = await press(sim, user, "go", replies=2)
    assert chart.kind == "photo"

    async with world.session() as session:
        profile = await build_profile(session, employee.id or 0, as_of=TODAY)
        stored = (await session.exec(select(Assessment).where(col(Assessment.employee_id) == employee.id))).one()
        trainings = (
            await session.exec(select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee.id))
        ).all()
    expected = score(profile.model_copy(update={"education": "s2", "position": position}), as_of=TODAY)
    assert stored.total == expected.total
    assert f"Indeks Profesionalitas ASN: {number(expected.total)}" in result.text
    assert expected.category in result.text
    assert expected.dimension_points["kompetensi"] == (40 - (10 if position is not Position.PELAKSANA else 17.5))
    assert {t.title for t in trainings} >= {"Pengelolaan Arsip Digital", "Penulisan Naskah Dinas"}
