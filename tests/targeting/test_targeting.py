"""Drill-down, what to do first, and change over time: every figure from scoring, within the admin's scope."""

from __future__ import annotations

import asyncio
import io
import itertools
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.assessments import record_scored, score_profiles
from bot.storage.audit import CLI_ACTOR
from bot.storage.db import create_engine, create_sessionmaker
from bot.storage.models import Employee, Role, Unit
from bot.storage.profiles import Basis, Profiles
from bot.storage.roles import grant_role
from bot.storage.samples import make_nip
from bot.targeting.compare import compare, end_of_last_year
from bot.targeting.drill import find_units, unit_page
from bot.targeting.export import map_export
from bot.targeting.needs import scope_needs
from bot.targeting.render import compare_text, needs_text, page_text
from bot.targeting.scope import NotHrAdmin, OutsideScope
from bot.unitmap.service import NO_UNIT, unit_map
from scoring import Profile, ScoreResult, aggregate
from scoring.models import EmploymentStatus
from scoring.texts import day
from tests.agency import TODAY, Agency, assess


async def hr(session: AsyncSession, agency: Agency, clock: FakeClock, unit: str | None = None) -> int:
    admin = agency.id("KES-2")
    await grant_role(session, admin, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock,
                     unit_id=agency.units[unit].id if unit else None)
    await session.commit()
    return admin


async def test_a_unit_page_lists_sub_units_then_members_lowest_first_with_what_they_lack(
    session: AsyncSession, agency: Agency, clock: FakeClock,
) -> None:
    admin = await hr(session, agency, clock)
    dik = await unit_page(session, admin, agency.units["DIK"].id or 0, 0, today=TODAY, include_unofficial=False)
    assert {r.unit.code for r in dik.children} == {"DIK-SD", "DIK-SMP"}
    means = [r.summary.mean for r in dik.children]
    assert means == sorted(means, key=lambda m: (m is None, m or 0.0))  # lowest first, unmeasured last
    assert dik.parent is None and [m.facts.name for m in dik.members] == ["Kepala Dinas"]
    sd = await unit_page(session, admin, agency.units["SD"].id or 0, 0, today=TODAY, include_unofficial=False)
    assert sd.parent is not None and sd.parent.code == "DIK"
    measured = [m for m in sd.members if m.facts.result is not None]
    totals = [m.facts.result.total for m in measured if m.facts.result is not None]
    assert totals == sorted(totals) and sd.members[-1].facts.name == "Staf SD 3"  # never measured: last
    for member in measured:  # what each lacks is scoring's own advice for their latest result
        advice = agency.latest[member.facts.employee_id].advice
        assert [code for code, _ in member.lacks.advice] == [a.code for a in sorted(advice,
                                                                                   key=lambda a: (-a.gain, a.code))]
        assert [gain for _, gain in member.lacks.advice] == sorted((a.gain for a in advice), reverse=True)
        assert member.lacks.assessed and member.lacks.jp_owed == member.facts.shortfall
    assert sd.subtree.summary == aggregate([agency.latest.get(m.id or 0) for m in agency.members("SD")],
                                           len(agency.members("SD")))
    assert "Staf SD 0" in page_text(sd, "id") and "kurang:" in page_text(sd, "id")


async def test_an_admin_limited_to_a_unit_never_sees_outside_it(session: AsyncSession, agency: Agency,
                                                                clock: FakeClock) -> None:
    admin = await hr(session, agency, clock, unit="SD")
    sd = await unit_page(session, admin, agency.units["SD"].id or 0, 0, today=TODAY, include_unofficial=False)
    assert sd.parent is None  # no Up out of the scope
    for outside in ("DIK", "SMP", "KES"):
        with pytest.raises(OutsideScope):
            await unit_page(session, admin, agency.units[outside].id or 0, 0, today=TODAY, include_unofficial=False)
        with pytest.raises(OutsideScope):
            await scope_needs(session, admin, agency.units[outside].id, today=TODAY, include_unofficial=False)
        with pytest.raises(OutsideScope):
            await compare(session, admin, agency.units[outside].id, since=date(2025, 12, 31), today=TODAY,
                          include_unofficial=False)
    with pytest.raises(OutsideScope):
        await unit_page(session, admin, 999_999, 0, today=TODAY, include_unofficial=False)
    assert await find_units(session, admin, "dinas") == []
    assert [u.code for u in await find_units(session, admin, "seksi sd")] == ["DIK-SD"]
    with pytest.raises(NotHrAdmin):
        await unit_page(session, agency.id("SD-0"), agency.units["SD"].id or 0, 0, today=TODAY,
                        include_unofficial=False)


async def test_finding_a_unit_by_code_or_name_tolerates_case_and_spacing(session: AsyncSession, agency: Agency,
                                                                         clock: FakeClock) -> None:
    admin = await hr(session, agency, clock)
    assert [u.code for u in await find_units(session, admin, "dik sd")] == ["DIK-SD"]
    assert [u.code for u in await find_units(session, admin, "  DINAS   kesehatan ")] == ["KES"]
    assert sorted(u.code for u in await find_units(session, admin, "dinas")) == ["DIK", "KES"]
    assert await find_units(session, admin, "nowhere") == []


async def test_the_map_as_of_a_past_date_counts_the_latest_assessment_on_or_before_it(
    session: AsyncSession, agency: Agency, clock: FakeClock,
) -> None:
    admin = await hr(session, agency, clock)
    since = date(2025, 12, 31)
    then = await unit_map(session, scope_unit_id=None, today=since, include_unofficial=False, until=since)
    # On 31 Dec 2025 only SD-0 (June 2025) and KES-0 (June 2025), and KES-1 (October 2025) had assessments
    kes = next(r for r in then.own if r.unit.code == "KES")
    assert kes.summary.measured == 2 and next(r for r in then.own if r.unit.code == "DIK-SD").summary.measured == 1
    now = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    same = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False, until=TODAY)
    assert [r.summary for r in same.tree] == [r.summary for r in now.tree]
    found = await compare(session, admin, None, since=since, today=TODAY, include_unofficial=False)
    assert found.total.after == now.total.summary and found.total.before == then.total.summary
    deltas = [c.delta for c in found.units if c.delta is not None]
    assert deltas == sorted(deltas)  # the largest fall first
    assert all(c.delta is None for c in found.units[len(deltas):])
    assert "→" in compare_text(found, "id")


# -- what to do first: equal to a brute-force recomputation with scoring ------------------------------------

POSITIONS = ["jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"]
EDUCATIONS = ["sma", "d3", "s1", "s2", "s3"]
PREDICATES = ["sangat_baik", "baik", "cukup", "kurang", None]


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    trainings = []
    for kind in ("teknis", "seminar", "fungsional", "kepemimpinan"):
        if draw(st.booleans()):
            entry: dict[str, Any] = {"kind": kind, "date": (TODAY - timedelta(days=draw(st.integers(1, 900))))
                                     .isoformat(), "jp": float(draw(st.sampled_from([4, 8, 12, 20, 24])))}
            if kind == "kepemimpinan":
                entry["level"] = draw(st.sampled_from(["pkn2", "pka", "pkp"]))
            trainings.append(entry)
    predicate = draw(st.sampled_from(PREDICATES))
    declared = {"position": draw(st.sampled_from(POSITIONS)), "education": draw(st.sampled_from(EDUCATIONS)),
                "trainings": trainings,
                "performance": None if predicate is None else {"year": 2025, "predicate": predicate},
                "penalties": [{"level": "ringan", "date": "2024-01-01"}] if draw(st.booleans()) else []}
    pending = draw(st.integers(0, 2)) == 0  # a pending claim: the verified figure lacks what it claims
    unproven = draw(st.lists(st.sampled_from(range(len(trainings))), unique=True)) if pending and trainings else []
    verified = {**declared, "trainings": [t for k, t in enumerate(trainings) if k not in unproven],
                "education": "sma" if pending and draw(st.booleans()) else declared["education"],
                "performance": None if pending and draw(st.booleans()) else declared["performance"]}
    return {
        "unit": draw(st.integers(0, 2)),
        "measured": draw(st.integers(0, 4)) > 0,
        "status": draw(st.sampled_from(["PNS", "PNS", "PNS", "PPPK"])),
        "profile": declared,
        "verified": verified,
    }


def half_up(value: Fraction) -> float:
    hundredths = value * 100
    whole = int(hundredths)
    return (whole + (1 if hundredths - whole >= Fraction(1, 2) else 0)) / 100


_agencies = itertools.count()


async def _check(url: str, staff: list[dict[str, Any]], include_unofficial: bool) -> None:
    engine = create_engine(url)
    clock = FakeClock(__import__("datetime").datetime(2026, 11, 28, 9, tzinfo=__import__("datetime").UTC))
    try:
        async with create_sessionmaker(engine)() as session:
            n = next(_agencies)
            root = Unit(code=f"A{n}", name=f"Agency {n}")
            session.add(root)
            await session.flush()
            units = []
            for k in range(3):
                unit = Unit(code=f"A{n}-U{k}", name=f"Unit {n}.{k}", parent_id=root.id)
                session.add(unit)
                await session.flush()
                units.append(unit)
            admin = Employee(nip=make_nip(900_000 + n), name="HR", unit_id=root.id, position_type="pelaksana",
                             education="s1")
            session.add(admin)
            await session.flush()
            results: dict[Basis, list[ScoreResult]] = {Basis.DECLARED: [], Basis.VERIFIED: []}
            for i, person in enumerate(staff):
                status = EmploymentStatus(person["status"])
                employee = Employee(nip=make_nip(n * 1000 + i + 1, status=status), name=f"P{i}",
                                    employment_status=status, unit_id=units[person["unit"]].id,
                                    position_type=person["profile"]["position"], education="s1")
                session.add(employee)
                await session.flush()
                if person["measured"]:
                    declared, verified = (Profile.model_validate({**person[key], "employment_status": status})
                                          for key in ("profile", "verified"))
                    scored = score_profiles(Profiles(declared, verified, verified), TODAY)
                    await record_scored(session, employee.id or 0, scored, triggered_by="t", clock=clock)
                    results[Basis.DECLARED].append(scored.declared)
                    results[Basis.VERIFIED].append(scored.verified)
            await grant_role(session, admin.id or 0, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock, unit_id=root.id)
            await session.commit()
            for basis, latest in results.items():  # the mean shown and the gains on it: one figure
                found = await scope_needs(session, admin.id or 0, None, today=TODAY,
                                          include_unofficial=include_unofficial, basis=basis)
                counted = [r for r in latest if r.official or include_unofficial]
                assert found.measured == len(counted) and found.members == len(staff) + 1
                assert found.mean == aggregate(latest, len(staff) + 1, include_unofficial=include_unofficial).mean
                expected: dict[str, list[float]] = {}
                for result in counted:
                    for advice in result.advice:
                        expected.setdefault(advice.code, []).append(advice.gain)
                assert {need.code: need.gain.people for need in found.needs} == {c: len(g) for c, g in expected.items()}
                for need in found.needs:
                    total = sum((Fraction(g) for g in expected[need.code]), Fraction(0))
                    assert need.gain.total == total
                    assert need.on_mean == half_up(total / len(counted))
                    assert need.code != "hukuman_disiplin"
                per_person = [need.gain.total / need.gain.people for need in found.needs]
                assert per_person == sorted(per_person, reverse=True)
                needs_text(found, "id")
    finally:
        await engine.dispose()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(staff=st.lists(people(), min_size=1, max_size=12), include_unofficial=st.booleans())
def test_what_to_do_first_equals_a_brute_force_recomputation(database_url: str, staff: list[dict[str, Any]],
                                                             include_unofficial: bool) -> None:
    asyncio.run(_check(database_url, staff, include_unofficial))


async def test_a_unit_needs_list_covers_its_subtree_only(session: AsyncSession, agency: Agency,
                                                         clock: FakeClock) -> None:
    admin = await hr(session, agency, clock)
    dik = await scope_needs(session, admin, agency.units["DIK"].id, today=TODAY, include_unofficial=False)
    members = agency.members("DIK", "SD", "SMP")
    counted = [agency.latest[m.id or 0] for m in members if m.id in agency.latest and agency.latest[m.id or 0].official]
    assert dik.measured == len(counted)
    people = {need.code: need.gain.people for need in dik.needs}
    assert sum(people.values()) == sum(len(r.advice) for r in counted)
    await assess(session, clock, agency.people["SD-3"], 2)  # a new result moves the figures at once
    await session.commit()
    again = await scope_needs(session, admin, agency.units["DIK"].id, today=TODAY, include_unofficial=False)
    assert again.measured == dik.measured + 1


async def test_an_empty_unit_has_a_page_and_nothing_to_do(session: AsyncSession, agency: Agency,
                                                          clock: FakeClock) -> None:
    admin = await hr(session, agency, clock, unit="EMPTY")
    page = await unit_page(session, admin, agency.units["EMPTY"].id or 0, 0, today=TODAY, include_unofficial=False)
    assert page.member_count == 0 and page.children == [] and "Tidak ada pegawai aktif" in page_text(page, "id")
    found = await scope_needs(session, admin, None, today=TODAY, include_unofficial=False)
    assert found.needs == [] and found.measured == 0 and found.unit is not None and found.unit.code == "KOSONG"
    changed = await compare(session, admin, None, since=date(2025, 12, 31), today=TODAY, include_unofficial=False)
    assert changed.units == [] and changed.total.delta is None


async def test_the_workbook_has_both_dates_and_each_units_change_as_the_chat_compares(
    session: AsyncSession, agency: Agency, clock: FakeClock,
) -> None:
    """`/rekap ekspor`, `admin report` and the Mini App's download (`map_export`): the "Perubahan" sheet is
    /rekap's comparison (`compare`) cell for cell, units that fell first; the notes date both days as dates."""
    admin = await hr(session, agency, clock)
    since = end_of_last_year(TODAY)
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    book = load_workbook(io.BytesIO(await map_export(session, found, "id")))
    header, *rows = [tuple(cell.value for cell in row) for row in book["Perubahan"].iter_rows()]
    assert header == ("Kode unit", "Unit", "Indeks rata-rata 31 Desember 2025", f"Indeks rata-rata {day(TODAY)}",
                      "Selisih", "Diukur 31 Desember 2025", f"Diukur {day(TODAY)}")
    chat = await compare(session, admin, None, since=since, today=TODAY, include_unofficial=False)
    assert [row for row in rows if row[0] != NO_UNIT] == [
        (c.unit.code, c.unit.name, c.before.mean, c.after.mean, c.delta, c.before.measured, c.after.measured)
        for c in chat.units]
    deltas = [row[4] for row in rows if row[4] is not None]
    assert deltas == sorted(deltas) and rows[-1][4] is None  # the largest fall first, no mean then: last
    assert [book["Perubahan"].cell(2, column).number_format for column in (3, 4, 5, 6)] == ["0.00"] * 3 + ["0"]
    notes = {row[0].value: row[1] for row in book["Keterangan"].iter_rows()}
    assert notes["Data per"].value == datetime.combine(TODAY, time()) and notes["Data per"].is_date
    assert notes["Dibandingkan dengan"].value == datetime(2025, 12, 31) and notes["Dibandingkan dengan"].is_date
    earlier = date(2026, 3, 1)
    other = load_workbook(io.BytesIO(await map_export(session, found, "id", since=earlier)), read_only=True)
    assert next(other["Perubahan"].iter_rows(values_only=True))[2] == f"Indeks rata-rata {day(earlier)}"
    english = load_workbook(io.BytesIO(await map_export(session, found, "en")), read_only=True)
    assert english.sheetnames[-2:] == ["Change", "Notes"]
    assert next(english["Change"].iter_rows(values_only=True))[2:5] == (
        f"Mean index {day(since, 'en')}", f"Mean index {day(TODAY, 'en')}", "Difference")
