"""/rekap's figures are scoring.aggregate over the same people, unit by unit, in both views and scopes."""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Assessment, Role
from bot.storage.roles import grant_role
from bot.storage.samples import both_figures
from bot.storage.units import unit_subtree_ids
from bot.targeting.export import map_export
from bot.unitmap.facts import facts_for_units, stored_result
from bot.unitmap.render import map_text
from bot.unitmap.service import figures_by_unit, hr_unit_map, unit_map, unit_maps_then_and_now
from bot.unitmap.tallies import unit_figures, unit_figures_then_and_now
from scoring import aggregate
from scoring.engine import jp_shortfall
from tests.agency import TODAY, Agency, train
from tests.conftest import call_in_thread


def expected(agency: Agency, *codes: str, include_unofficial: bool = False) -> object:
    members = agency.members(*codes)
    return aggregate([agency.latest.get(m.id or 0) for m in members], len(members),
                     include_unofficial=include_unofficial)


async def test_each_unit_equals_aggregate_over_its_members(session: AsyncSession, agency: Agency) -> None:
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    own = {row.unit.code: row for row in found.own}
    assert set(own) == {"DIK", "DIK-SD", "DIK-SMP", "KES", "-"}  # the empty unit has no row; "-" has no unit
    for code, key in (("DIK", "DIK"), ("DIK-SD", "SD"), ("DIK-SMP", "SMP"), ("KES", "KES")):
        assert own[code].summary == expected(agency, key), code
    tree = {row.unit.code: row for row in found.tree}
    assert tree["DIK"].summary == expected(agency, "DIK", "SD", "SMP")
    assert tree["DIK-SD"].summary == own["DIK-SD"].summary
    everyone = [e for e in agency.people.values() if e.active]
    assert found.total.summary == aggregate([agency.latest.get(e.id or 0) for e in everyone], len(everyone))
    assert found.total.summary.members == 18  # the retired employee is not counted


async def test_including_cpns_and_pppk_is_a_setting(session: AsyncSession, agency: Agency) -> None:
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=True)
    sd = next(row for row in found.own if row.unit.code == "DIK-SD")
    assert sd.summary == expected(agency, "SD", include_unofficial=True)
    assert sd.summary.measured == 5 and sd.figures.outside_official == 2


async def test_lowest_first_and_the_20_jp_share(session: AsyncSession, agency: Agency) -> None:
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    means = [row.summary.mean for row in found.own]
    measured = [m for m in means if m is not None]
    assert measured == sorted(measured) and means[: len(measured)] == measured
    sd = next(row for row in found.own if row.unit.code == "DIK-SD")
    # PNS and CPNS owe 20 JP: the boss and staff 0-3 (staff 4 is PPPK); only SD-0 has them this year
    assert (sd.figures.jp_duty, sd.figures.jp_met, sd.figures.jp_share) == (5, 1, 0.2)
    kes = next(row for row in found.own if row.unit.code == "KES")
    assert (kes.figures.jp_duty, kes.figures.jp_met) == (4, 1)  # exactly 20 counts; December's does not yet


async def test_an_hr_admin_limited_to_a_unit_sees_only_its_subtree(session: AsyncSession, agency: Agency,
                                                                   clock: FakeClock) -> None:
    await grant_role(session, agency.id("SD-1"), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock,
                     unit_id=agency.units["DIK"].id)
    await session.commit()
    found = await hr_unit_map(session, agency.id("SD-1"), today=TODAY, include_unofficial=False)
    assert found is not None and found.scope is not None and found.scope.code == "DIK"
    assert {row.unit.code for row in found.tree} == {"DIK", "DIK-SD", "DIK-SMP"}
    assert found.total.summary == expected(agency, "DIK", "SD", "SMP")
    assert "KES" not in map_text(found, "id", tree=True)
    assert await hr_unit_map(session, agency.id("SD-2"), today=TODAY, include_unofficial=False) is None


@pytest.mark.parametrize("include_unofficial", [False, True])
async def test_the_database_sums_what_each_person_adds_up_to(session: AsyncSession, agency: Agency,
                                                             include_unofficial: bool) -> None:
    """/rekap sums in SQL; the per-person way (kept for figures SQL cannot sum exactly) must agree unit by
    unit, the JP counts included, for every unit and for a subtree."""
    # JP right at the line: 5e-7 short counts as reached (the engine's tolerance), 1e-4 short does not
    await train(session, agency.people["KES-1"], 20 - 5e-7, date(2026, 2, 1))
    await train(session, agency.people["KES-2"], 19.9999, date(2026, 2, 1))
    assert jp_shortfall(20 - 5e-7) == 0 and jp_shortfall(19.9999) > 0
    for scope in (None, await unit_subtree_ids(session, agency.units["DIK"].id or 0)):
        summed = await unit_figures(session, scope, TODAY, include_unofficial=include_unofficial)
        per_person = figures_by_unit(await facts_for_units(session, scope, TODAY), include_unofficial)
        assert summed == per_person
    everyone = await unit_figures(session, None, TODAY, include_unofficial=include_unofficial)
    assert everyone is not None
    kes = everyone[agency.units["KES"].id]
    assert (kes.jp_duty, kes.jp_met) == (4, 2)  # KES-0 (exactly 20) and KES-1 (5e-7 short)


async def test_a_scope_read_in_chunks_of_units_adds_up_the_same(session: AsyncSession, agency: Agency,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A scope of more than 1,000 units is read 1,000 units at a time; the chunks' figures add up."""
    scope = await unit_subtree_ids(session, agency.units["DIK"].id or 0)
    whole = await unit_figures(session, scope, TODAY, include_unofficial=False)
    monkeypatch.setattr("bot.unitmap.facts._IN_CHUNK", 1)
    assert await unit_figures(session, scope, TODAY, include_unofficial=False) == whole
    assert figures_by_unit(await facts_for_units(session, scope, TODAY), False) == whole


async def test_figures_the_database_cannot_sum_exactly_are_read_per_person(
    session: AsyncSession, agency: Agency, clock: FakeClock
) -> None:
    """A rule set with points like 0.1 makes scores whose float sums drift; the map then reads each person."""
    points = (15.1, 22.7, 25.3, 5.0)
    total = sum(points)
    session.add(Assessment(employee_id=agency.id("KES-2"), as_of=TODAY, ruleset_id="agency-rules",
                           **both_figures({}, total, "Sedang", *points), official=True, triggered_by="test",
                           created_at=clock.now() + timedelta(days=1)))
    await session.commit()
    agency.latest[agency.id("KES-2")] = stored_result(total, "Sedang", points, True, "agency-rules", TODAY)
    assert await unit_figures(session, None, TODAY, include_unofficial=False) is None
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    assert next(row for row in found.own if row.unit.code == "KES").summary == expected(agency, "KES")
    since = date(2025, 12, 31)
    assert await unit_figures_then_and_now(session, None, TODAY, since, include_unofficial=False) is None
    then, now = await unit_maps_then_and_now(session, scope_unit_id=None, today=TODAY, since=since,
                                             include_unofficial=False)
    assert now == found
    assert then == await unit_map(session, scope_unit_id=None, today=since, include_unofficial=False, until=since)



async def test_an_off_grid_figure_no_map_sums_leaves_the_map_to_the_database(
    session: AsyncSession, agency: Agency, clock: FakeClock
) -> None:
    """An off-grid assessment superseded since (KES-0's of March 2025) sends only the maps that sum it, those
    as of a day it was still the latest, to the per-person way."""
    points = (15.1, 22.7, 25.3, 5.0)
    session.add(Assessment(employee_id=agency.id("KES-0"), as_of=date(2025, 3, 1), ruleset_id="agency-rules",
                           **both_figures({}, sum(points), "Sedang", *points), official=True, triggered_by="test",
                           created_at=clock.now() - timedelta(days=600)))
    await session.commit()
    summed = await unit_figures(session, None, TODAY, include_unofficial=False)
    assert summed is not None and summed == figures_by_unit(await facts_for_units(session, None, TODAY), False)
    early, late = date(2025, 4, 1), date(2025, 12, 31)
    assert await unit_figures(session, None, early, include_unofficial=False, until=early) is None
    assert await unit_figures(session, None, late, include_unofficial=False, until=late) is not None
    assert await unit_figures_then_and_now(session, None, TODAY, early, include_unofficial=False) is None
    assert await unit_figures_then_and_now(session, None, TODAY, late, include_unofficial=False) is not None
    kes = {agency.units["KES"].id or 0}
    assert await unit_figures(session, kes, early, include_unofficial=False, until=early) is None
    assert await unit_figures(session, {agency.units["DIK"].id or 0}, early, include_unofficial=False,
                              until=early) is not None  # KES-0 is not in DIK


def _sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


async def test_rekap_ekspor_and_admin_report_are_the_same_workbook(session: AsyncSession, agency: Agency,
                                                                   database_url: str, tmp_path: object) -> None:
    from pathlib import Path

    from bot.__main__ import main

    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    in_telegram = _sheets(await map_export(session, found, "id"))
    assert list(in_telegram) == ["Ringkasan", "Per unit", "Unit dan subunit", "Pegawai", "Perubahan", "Keterangan"]
    assert in_telegram["Ringkasan"][0][:5] == ("Lingkup", "Pegawai aktif", "Diukur", "Cakupan", "Indeks rata-rata")
    people = in_telegram["Pegawai"]
    assert people[0][:8] == ("NIP", "Nama", "Kode unit", "Unit", "Status", "Nilai IP ASN terakhir", "Kategori",
                             "Tanggal pengukuran")
    active = {e.nip: e for e in agency.people.values() if e.active}
    assert sorted(str(row[0]) for row in people[1:]) == sorted(active)  # one row per person, NIP as text
    totals = [row[5] for row in people[1:]]
    measured = [total for total in totals if total is not None]
    assert measured == sorted(measured) and totals[: len(measured)] == measured  # lowest first, never measured last
    never = next(row for row in people[1:] if row[1] == "Staf SD 3")
    assert never[5] is None and never[-1].startswith("belum pernah diukur")
    sd0 = next(row for row in people[1:] if row[1] == "Staf SD 0")
    assert sd0[3] == "Seksi SD" and sd0[5] == agency.latest[agency.id("SD-0")].total
    own = in_telegram["Per unit"]
    assert own[0][:8] == ("Kode unit", "Unit", "Kode unit induk", "Unit induk", "Pegawai aktif", "Diukur",
                          "Cakupan", "Indeks rata-rata")
    sd = next(row for row in own if row[0] == "DIK-SD")
    assert sd[2] == "DIK" and sd[7] == expected(agency, "SD").mean  # type: ignore[attr-defined]
    output = Path(str(tmp_path)) / "report.xlsx"
    status = await asyncio.to_thread(call_in_thread, lambda: main(["admin", "report", "--url", database_url,
                                                                    "-o", str(output)]))
    assert status == 0
    on_disk = _sheets(output.read_bytes())
    # the report is dated by the real day it runs; the figures are today's, so compare all but the date
    assert on_disk["Per unit"] == own and on_disk["Unit dan subunit"] == in_telegram["Unit dan subunit"]
    assert on_disk["Ringkasan"] == in_telegram["Ringkasan"]
    assert [row[0] for row in on_disk["Pegawai"]] == [row[0] for row in people]
    assert list(on_disk) == list(in_telegram)
