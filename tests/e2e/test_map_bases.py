"""The map before and after a verification, end to end (issue 13, item 3): /rekap heads with the verified
index, shows the declared one beside it and the fully verified share; once HR's reviewer approves the claim,
the two agree and the share is whole. Verified through the claims' stored state and `refresh_figures` (the
reviewing service decides the same way)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from bot.storage.assessments import refresh_figures
from bot.storage.models import Claim, ClaimStatus, PerformanceRecord, RecordSource, Role, Unit
from bot.storage.profiles import Basis, build_profile
from bot.storage.roles import grant_role
from scoring import score
from scoring.texts import number
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

pytestmark = pytest.mark.offload  # /rekap runs in its worker process, as in production
TODAY = date(2026, 11, 28)


async def test_the_map_before_and_after_a_verification(world: World) -> None:
    async with world.session() as session:
        unit = Unit(code="DIK", name="Dinas Pendidikan")
        session.add(unit)
        await session.flush()
    rina_user, rina = await world.linked_user(unit_id=unit.id)
    admin_user, admin = await world.linked_user()
    async with world.session() as session:
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
        session.add(PerformanceRecord.model_validate({"employee_id": rina.id, "year": 2025, "predicate": "baik",
                                                      "source": RecordSource.IMPORT, "created_by": "cli"}))
    sim = world.sim
    await say(sim, rina_user, "/asesmen")
    for value in ("s1", "pelaksana", "next", "next", "sangat_baik", "none"):
        await press(sim, rina_user, value)
    await press(sim, rina_user, "go", replies=2)
    async with world.session() as session:
        declared = score(await build_profile(session, rina.id or 0, as_of=TODAY), as_of=TODAY).total
        verified = score(await build_profile(session, rina.id or 0, as_of=TODAY, basis=Basis.VERIFIED),
                         as_of=TODAY).total
    assert declared > verified

    before, _ = await say(sim, admin_user, "/rekap", replies=2)
    assert (f"Indeks rata-rata (terverifikasi): {number(verified)} · menurut pernyataan pegawai: "
            f"{number(declared)}") in before.text
    assert "Terverifikasi penuh: 0 dari 1 hasil (0%)" in before.text
    assert f"DIK Dinas Pendidikan: {number(verified)}" in before.text

    async with world.session() as session:  # the reviewer approves
        [claim] = (await session.exec(select(Claim))).all()
        claim.status, claim.decided_by = ClaimStatus.VERIFIED, f"employee:{admin.id}"
        claim.decided_at = world.clock.now()
        session.add(claim)
        await refresh_figures(session, rina.id or 0, today=TODAY, triggered_by="review", clock=world.clock)

    after, _ = await say(sim, admin_user, "/rekap", replies=2)
    assert (f"Indeks rata-rata (terverifikasi): {number(declared)} · menurut pernyataan pegawai: "
            f"{number(declared)}") in after.text
    assert "Terverifikasi penuh: 1 dari 1 hasil (100%)" in after.text
