"""/tim and /rekap end to end: what a supervisor and an HR admin see, and what they may not."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.storage.models import Employee, Role, Unit
from bot.storage.roles import grant_role
from scoring import ScoreResult, aggregate
from scoring.texts import number
from tests.agency import assess
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

pytestmark = pytest.mark.offload  # heavy turns in their worker process, as in production


async def organisation(world: World) -> dict[str, Any]:
    """DIK with sections SD and SMP, and KES; Bu Ani heads SD (linked), Pak Budi heads SMP (linked)."""
    made: dict[str, Any] = {"latest": {}}
    async with world.session() as session:
        for code, parent in (("DIK", None), ("DIK-SD", "DIK"), ("DIK-SMP", "DIK"), ("KES", None)):
            unit = Unit(code=code, name=f"Unit {code}", parent_id=made[parent].id if parent else None)
            session.add(unit)
            await session.flush()
            made[code] = unit
    ani_user, ani = await world.linked_user(unit_id=made["DIK-SD"].id, position_type="pengawas")
    budi_user, budi = await world.linked_user(unit_id=made["DIK-SMP"].id, position_type="pengawas")
    made.update(ani_user=ani_user, ani=ani, budi_user=budi_user, budi=budi)
    async with world.session() as session:
        for k in range(6):
            section, boss = ("DIK-SD", ani) if k < 4 else ("DIK-SMP", budi)
            staff = Employee(nip=f"19800101200501{k + 1:04d}"[:18], name=f"Staf {k}", position_type="pelaksana",
                             education="s1", unit_id=made[section].id, supervisor_id=boss.id)
            session.add(staff)
            await session.flush()
            made[f"staf{k}"] = staff
            if k != 2:  # Staf 2 was never assessed
                made["latest"][staff.id] = await assess(session, world.clock, staff, k)
    return made


def mean_of(results: list[ScoreResult | None]) -> str:
    summary = aggregate(results, len(results))
    assert summary.mean is not None
    return number(summary.mean, "id")


async def test_a_supervisor_sees_their_team_widens_it_and_exports_it(world: World) -> None:
    org = await organisation(world)
    ani = org["ani_user"]
    team_results = [org["latest"].get(org[f"staf{k}"].id) for k in range(4)]
    summary, chart = await say(world.sim, ani, "/tim", replies=2)
    assert f"Indeks rata-rata (terverifikasi): {mean_of(team_results)}" in summary.text
    assert "Cakupan: 3 dari 4 pegawai sudah diukur (75%)" in summary.text
    assert "Belum pernah diukur (1): Staf 2" in summary.text and "Kekurangan JP (4)" in summary.text
    assert chart.kind == "photo" and "Staf 4" not in summary.text
    [document] = await press(world.sim, ani, next(b.callback_data for row in summary.buttons for b in row
                                                  if "Ekspor" in b.text) or "")
    assert document.kind == "document" and document.file is not None
    rows = list(load_workbook(io.BytesIO(document.file.data))["Anggota"].iter_rows(values_only=True))
    assert sorted(row[1] for row in rows[1:]) == ["Staf 0", "Staf 1", "Staf 2", "Staf 3"]
    total = rows[0].index("Nilai IP ASN terakhir")
    scores = [row[total] for row in rows[1:]]  # lowest first, never measured (Staf 2) last
    assert scores[:3] == sorted(scores[:3]) and rows[-1][1] == "Staf 2" and scores[-1] is None


async def test_the_head_widens_to_everyone_below_and_nobody_sees_another_team(world: World) -> None:
    org = await organisation(world)
    head_user, head = await world.linked_user(unit_id=org["DIK"].id, position_type="administrator")
    async with world.session() as session:
        for name in ("ani", "budi"):
            employee = await session.get(Employee, org[name].id)
            assert employee is not None
            employee.supervisor_id = head.id
            session.add(employee)
    [direct] = await say(world.sim, head_user, "/tim")  # nobody measured: no chart
    assert "Indeks rata-rata (terverifikasi): —" in direct.text and "Cakupan: 0 dari 2 pegawai" in direct.text
    wide_button = next(b.callback_data for row in direct.buttons for b in row if "Seluruh" in b.text)
    wide, _ = await press(world.sim, head_user, wide_button or "", replies=2)
    everyone = [org["latest"].get(org[f"staf{k}"].id) for k in range(6)] + [None, None]
    assert f"Indeks rata-rata (terverifikasi): {mean_of(everyone)}" in wide.text and "dari 8 pegawai" in wide.text
    # Bu Ani asks for Pak Budi's team, by NIP and by a forged button; Staf 0 asks for any team at all
    ani = org["ani_user"]
    [refused] = await say(world.sim, ani, f"/tim {org['budi'].nip}")
    assert "tidak berada dalam tim" in refused.text
    forged = await world.sim.forge_callback_query(ani, f"tim|show|all|{org['budi'].id}")
    await world.sim.wait_for_answer(forged)
    [refused] = await world.sim.wait_for_replies(ani, 1)
    assert "tidak berada dalam tim" in refused.text
    [own_view, _] = await say(world.sim, head_user, f"/tim {org['budi'].nip}", replies=2)
    assert "Tim" in own_view.text and "Staf 4" in own_view.text


async def test_a_non_supervisor_gets_no_team(world: World) -> None:
    user, _ = await world.linked_user()
    [refused] = await say(world.sim, user, "/tim")
    assert "hanya untuk atasan" in refused.text


async def test_rekap_for_hr_lowest_first_equal_to_aggregate_and_scoped(world: World) -> None:
    org = await organisation(world)
    admin_user, admin = await world.linked_user()
    async with world.session() as session:
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
    message, chart = await say(world.sim, admin_user, "/rekap", replies=2)
    sd = [org["latest"].get(org[f"staf{k}"].id) for k in range(4)] + [None]  # and Bu Ani, never assessed
    smp = [org["latest"].get(org[f"staf{k}"].id) for k in (4, 5)] + [None]
    assert f"<b>DIK-SD</b> Unit DIK-SD: <b>{mean_of(sd)}</b> · diukur 3/5" in message.raw["text"] or (
        f"DIK-SD Unit DIK-SD: {mean_of(sd)} · diukur 3/5" in message.text)
    assert f"DIK-SMP Unit DIK-SMP: {mean_of(smp)} · diukur 2/3" in message.text
    lines = [line for line in message.text.splitlines() if line[:1].isdigit()]
    order = [line.split()[1] for line in lines]
    means = sorted([(aggregate(sd, 5).mean, "DIK-SD"), (aggregate(smp, 3).mean, "DIK-SMP")])
    assert order[:2] == [code for _, code in means] and chart.kind == "photo"
    tree, _ = await press(world.sim, admin_user, "rekap|tree", replies=2)
    assert f"DIK Unit DIK: {mean_of(sd + smp)} · diukur 5/8" in tree.text
    [workbook] = await say(world.sim, admin_user, "/rekap ekspor")
    assert workbook.kind == "document" and workbook.file is not None
    assert load_workbook(io.BytesIO(workbook.file.data)).sheetnames[:3] == ["Ringkasan", "Per unit",
                                                                           "Unit dan subunit"]
    # limited to KES, the same admin sees none of DIK; an employee sees nothing at all
    async with world.session() as session:
        await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock,
                         unit_id=org["KES"].id)
    [scoped] = await say(world.sim, admin_user, "/rekap")
    assert "DIK" not in scoped.text and "Cakupan data: KES" in scoped.text
    [refused] = await say(world.sim, org["ani_user"], "/rekap")
    assert "hanya untuk admin" in refused.text
    forged = await world.sim.forge_callback_query(org["ani_user"], "rekap|export")
    await world.sim.wait_for_answer(forged)
    [refused] = await world.sim.wait_for_replies(org["ani_user"], 1)
    assert "hanya untuk admin" in refused.text and world.sim.files_sent(org["ani_user"]) == []
