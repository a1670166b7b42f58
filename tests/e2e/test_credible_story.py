"""Credible data end to end (issue 13): official records stay official, claims are reviewed, figures say what
they rest on. An employee claims in /asesmen and sees both figures in /nilai."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select

from bot.storage.models import Claim, ClaimStatus, PerformanceRecord, RecordSource
from bot.storage.profiles import Basis, build_profile
from scoring import score
from scoring.texts import number
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

TODAY = date(2026, 11, 28)


async def official_skp(world: World, employee_id: int, predicate: str = "baik") -> None:
    async with world.session() as session:
        session.add(PerformanceRecord.model_validate({"employee_id": employee_id, "year": 2025, "predicate": predicate,
                                                      "source": RecordSource.IMPORT, "created_by": "cli"}))


async def test_an_employee_claims_a_better_appraisal_and_sees_both_figures(world: World) -> None:
    user, employee = await world.linked_user()
    await official_skp(world, employee.id or 0)
    sim = world.sim
    await say(sim, user, "/asesmen")
    await press(sim, user, "s1")
    await press(sim, user, "pelaksana")
    await press(sim, user, "next")
    await press(sim, user, "next")
    await press(sim, user, "sangat_baik")
    [confirm] = await press(sim, user, "none")
    assert "SKP: Sangat Baik (2025) (tercatat Baik (2025); jawaban Anda diajukan untuk diverifikasi)" in confirm.text
    result, _ = await press(sim, user, "go", replies=2)

    async with world.session() as session:
        declared = score(await build_profile(session, employee.id or 0, as_of=TODAY), as_of=TODAY)
        verified = score(await build_profile(session, employee.id or 0, as_of=TODAY, basis=Basis.VERIFIED),
                         as_of=TODAY)
        records = (await session.exec(select(PerformanceRecord).order_by(col(PerformanceRecord.id)))).all()
        [claim] = (await session.exec(select(Claim))).all()
    assert declared.total - verified.total == 5
    assert f"Indeks Profesionalitas ASN: {number(declared.total)} — {declared.category}" in result.text
    assert f"Terverifikasi: {number(verified.total)} — {verified.category}" in result.text
    assert "⏳ SKP terakhir: 30/30" in result.text and "⏳ terverifikasi: 25/30" in result.text
    change = f"Bila klaim Anda disetujui, nilai terverifikasi menjadi {number(declared.total)} (Kinerja +5)"
    assert change in result.text
    assert [r.predicate for r in records if r.source is RecordSource.IMPORT] == ["baik"]  # HR's record untouched
    assert claim.status is ClaimStatus.PENDING

    [shown, _] = await say(sim, user, "/nilai", replies=2)
    assert f"Terverifikasi: {number(verified.total)}" in shown.text and "⏳ SKP terakhir" in shown.text
    [history, _] = await say(sim, user, "/riwayat", replies=2)
    assert f"terverifikasi {number(verified.total)}" in history.text


async def test_without_claims_the_result_reads_as_before(world: World) -> None:
    user, employee = await world.linked_user()
    await official_skp(world, employee.id or 0)
    sim = world.sim
    await say(sim, user, "/asesmen")
    for value in ("s1", "pelaksana", "next", "next", "baik", "none"):
        await press(sim, user, value)
    result, _ = await press(sim, user, "go", replies=2)
    assert "Terverifikasi" not in result.text and "⏳" not in result.text
    async with world.session() as session:
        assert (await session.exec(select(Claim))).all() == []
