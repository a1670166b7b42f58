"""/rekap and /tim on either basis (issue 13, item 3): the verified figure by default, the declared one beside,
and per unit the share of results that rest on no pending claim. Whichever basis heads the view, its numbers
are `scoring.aggregate` over the same members' figures of that basis, summed by the database or read per person.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims import service as claims
from bot.clock import FakeClock
from bot.storage.assessments import assess_now, record_scored, score_profiles
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Employee, Role
from bot.storage.profiles import Basis, Profiles
from bot.storage.roles import grant_role
from bot.storage.units import unit_subtree_ids
from bot.targeting.compare import compare
from bot.targeting.drill import unit_page
from bot.targeting.export import map_export
from bot.targeting.needs import scope_needs
from bot.targeting.render import page_text
from bot.team.export import team_export
from bot.team.service import TeamView, team_summary
from bot.unitmap.facts import facts_for_units
from bot.unitmap.figures import Figures
from bot.unitmap.lacks import NEVER_ADVISED, lack_text, member_lacks
from bot.unitmap.render import map_text
from bot.unitmap.service import figures_by_unit, unit_map, unit_maps_then_and_now
from bot.unitmap.tallies import unit_figures, unit_figures_then_and_now
from bot.unitmap.workbook import map_members
from scoring import Performance, Profile, ScoreResult, aggregate
from scoring.models import Education, Predicate
from scoring.texts import number
from tests.agency import TODAY, Agency
from tests.conftest import call_in_thread


async def _claim_better(session: AsyncSession, clock: FakeClock, employee: Employee) -> tuple[ScoreResult, ScoreResult]:
    """Both figures stored for someone whose answers claim more than HR's records show (a pending S-2 and a
    better appraisal): the declared figure is higher than the verified one."""
    verified = Profile(position=employee.position_type, education=Education.S1,
                       performance=Performance(year=2025, predicate=Predicate.BAIK),
                       employment_status=employee.employment_status)
    declared = verified.model_copy(update={"education": Education.S2,
                                           "performance": Performance(year=2025, predicate=Predicate.SANGAT_BAIK)})
    scored = score_profiles(Profiles(declared, verified, verified), TODAY)
    assert employee.id is not None and scored.declared.total > scored.verified.total and not scored.fully_verified
    await record_scored(session, employee.id, scored, triggered_by="test", clock=clock)
    clock.advance(timedelta(minutes=1))
    return scored.declared, scored.verified


@pytest.fixture
async def claimed(session: AsyncSession, clock: FakeClock, agency: Agency) -> dict[Basis, dict[int, ScoreResult]]:
    """The agency's latest results of each basis, after a few people's pending claims were scored: SD-0 and
    KES-1 by stored profiles, SD-3 (never assessed before) through the claims service and `assess_now`."""
    latest = {Basis.VERIFIED: dict(agency.latest), Basis.DECLARED: dict(agency.latest)}
    for name in ("SD-0", "KES-1"):
        declared, verified = await _claim_better(session, clock, agency.people[name])
        latest[Basis.DECLARED][agency.id(name)], latest[Basis.VERIFIED][agency.id(name)] = declared, verified
    sd3 = agency.id("SD-3")
    await claims.state_appraisal(session, sd3, claims.Appraisal(2025, "sangat_baik"), now=clock.now())
    scored = await assess_now(session, sd3, today=TODAY, triggered_by="test", clock=clock)
    assert scored.declared.total != scored.verified.total
    latest[Basis.DECLARED][sd3], latest[Basis.VERIFIED][sd3] = scored.declared, scored.verified
    await session.commit()
    return latest


def _expected(agency: Agency, latest: dict[int, ScoreResult], *codes: str, include_unofficial: bool = False) -> object:
    members = agency.members(*codes)
    return aggregate([latest.get(m.id or 0) for m in members], len(members), include_unofficial=include_unofficial)


UNITS = (("DIK", "DIK"), ("DIK-SD", "SD"), ("DIK-SMP", "SMP"), ("KES", "KES"))


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
@pytest.mark.parametrize("include_unofficial", [False, True])
async def test_either_basis_equals_aggregate_over_the_members_figures(
    session: AsyncSession, agency: Agency, claimed: dict[Basis, dict[int, ScoreResult]], basis: Basis,
    include_unofficial: bool,
) -> None:
    other = Basis.DECLARED if basis is Basis.VERIFIED else Basis.VERIFIED
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=include_unofficial,
                           basis=basis)
    assert found.basis is basis
    own = {row.unit.code: row for row in found.own}
    for code, key in UNITS:
        figures = own[code].figures
        assert figures.summary == _expected(agency, claimed[basis], key, include_unofficial=include_unofficial), code
        assert figures.beside == _expected(agency, claimed[other], key, include_unofficial=include_unofficial), code
    tree = {row.unit.code: row for row in found.tree}
    assert tree["DIK"].summary == _expected(agency, claimed[basis], "DIK", "SD", "SMP",
                                            include_unofficial=include_unofficial)
    # the claims made a difference where they were made, and only there
    assert own["DIK-SD"].figures.summary_of(Basis.DECLARED).mean != own["DIK-SD"].figures.summary_of(
        Basis.VERIFIED).mean
    assert own["DIK-SMP"].figures.summary_of(Basis.DECLARED) == own["DIK-SMP"].figures.summary_of(Basis.VERIFIED)
    # the database's sums and the per-person way agree on both figures and the verified share
    for scope in (None, await unit_subtree_ids(session, agency.units["DIK"].id or 0)):
        summed = await unit_figures(session, scope, TODAY, include_unofficial=include_unofficial, basis=basis)
        per_person = figures_by_unit(await facts_for_units(session, scope, TODAY), include_unofficial, basis)
        assert summed == per_person


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
@pytest.mark.parametrize("include_unofficial", [False, True])
async def test_both_days_in_one_query_equal_two_maps(
    session: AsyncSession, agency: Agency, claimed: dict[Basis, dict[int, ScoreResult]], basis: Basis,
    include_unofficial: bool,
) -> None:
    """The comparison reads today's map and a past day's in one query: each equals its own `unit_map`, and the
    per-person way, on either basis (SD-1's 30 JP of 2025 count at the end of 2025, not today)."""
    dik = agency.units["DIK"].id or 0
    for since in (date(2025, 6, 1), date(2025, 12, 31), TODAY):
        for scope in (None, dik):
            then, now = await unit_maps_then_and_now(session, scope_unit_id=scope, today=TODAY, since=since,
                                                     include_unofficial=include_unofficial, basis=basis)
            for found, day, until in ((then, since, since), (now, TODAY, None)):
                alone = await unit_map(session, scope_unit_id=scope, today=day, include_unofficial=include_unofficial,
                                       until=until, basis=basis)
                assert found == alone, (since, scope, day)
            subtree = None if scope is None else await unit_subtree_ids(session, scope)
            summed = await unit_figures_then_and_now(session, subtree, TODAY, since,
                                                     include_unofficial=include_unofficial, basis=basis)
            assert summed is not None
            assert summed[0] == figures_by_unit(await facts_for_units(session, subtree, since, until=since),
                                                include_unofficial, basis)
            assert summed[1] == figures_by_unit(await facts_for_units(session, subtree, TODAY), include_unofficial,
                                                basis)
    then, now = await unit_maps_then_and_now(session, scope_unit_id=None, today=TODAY, since=date(2025, 12, 31),
                                             include_unofficial=include_unofficial, basis=basis)
    sd, kes = ({found.as_of: next(r.figures for r in found.own if r.unit.code == code) for found in (then, now)}
               for code in ("DIK-SD", "KES"))
    assert sd[date(2025, 12, 31)].tally != sd[TODAY].tally  # SD-3 was first assessed after 2025
    assert (kes[date(2025, 12, 31)].jp_met, kes[TODAY].jp_met) == (0, 1)  # KES-0's 20 JP are of 2026


async def test_the_comparison_and_the_intervention_list_follow_the_headline(
    session: AsyncSession, agency: Agency, clock: FakeClock, claimed: dict[Basis, dict[int, ScoreResult]],
) -> None:
    """/rekap's comparison and its intervention list on the map's basis: the means compared and the mean the
    gains are on are the map's own."""
    admin = agency.id("KES-2")
    await grant_role(session, admin, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    await session.commit()
    since = date(2025, 12, 31)
    means = {}
    for basis in (Basis.VERIFIED, Basis.DECLARED):
        found = await compare(session, admin, None, since=since, today=TODAY, include_unofficial=False, basis=basis)
        now = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False, basis=basis)
        then = await unit_map(session, scope_unit_id=None, today=since, include_unofficial=False, until=since,
                              basis=basis)
        assert (found.total.before, found.total.after) == (then.total.summary, now.total.summary)
        needs = await scope_needs(session, admin, None, today=TODAY, include_unofficial=False, basis=basis)
        assert (needs.mean, needs.measured) == (now.total.summary.mean, now.total.summary.measured)
        means[basis] = found.total.after.mean
    assert means[Basis.DECLARED] != means[Basis.VERIFIED]  # the pending claims made a difference


async def test_the_share_of_fully_verified_results(session: AsyncSession, agency: Agency,
                                                   claimed: dict[Basis, dict[int, ScoreResult]]) -> None:
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False)
    own = {row.unit.code: row.figures for row in found.own}
    # DIK-SD: the boss, SD-0, SD-1 and SD-3 are PNS and measured (SD-2 CPNS, SD-4 PPPK: outside the mean);
    # SD-0 and SD-3 rest on pending claims
    assert (own["DIK-SD"].fully_verified, own["DIK-SD"].summary.measured, own["DIK-SD"].verified_share) == (2, 4, 0.5)
    assert own["DIK-SMP"].verified_share == 1.0
    assert (own["KES"].fully_verified, own["KES"].summary.measured) == (1, 2)
    assert found.total.figures.fully_verified == sum(f.fully_verified for f in own.values())
    everyone = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=True)
    sd = next(row.figures for row in everyone.own if row.unit.code == "DIK-SD")
    assert (sd.fully_verified, sd.summary.measured) == (4, 6)


async def test_the_team_view_on_either_basis(session: AsyncSession, agency: Agency,
                                             claimed: dict[Basis, dict[int, ScoreResult]]) -> None:
    boss = agency.id("SD-boss")
    for basis in (Basis.VERIFIED, Basis.DECLARED):
        summary = await team_summary(session, boss, view=TeamView.DIRECT, today=TODAY, include_unofficial=False,
                                     basis=basis)
        staff = [agency.people[f"SD-{n}"] for n in range(5)]
        assert summary.summary == aggregate([claimed[basis].get(e.id or 0) for e in staff], len(staff))
        assert summary.figures.basis is basis and summary.figures.fully_verified == 1  # SD-1 only


def test_figures_of_different_headlines_do_not_add_up() -> None:
    with pytest.raises(ValueError, match="cannot add"):
        Figures(basis=Basis.VERIFIED) + Figures(basis=Basis.DECLARED)
    with pytest.raises(ValueError, match="cannot headline"):
        Figures(basis=Basis.OFFICIAL)


def _sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
async def test_the_message_and_the_workbook_name_both_figures(
    session: AsyncSession, agency: Agency, claimed: dict[Basis, dict[int, ScoreResult]], basis: Basis
) -> None:
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False, basis=basis)
    total = found.total.figures
    headline, beside = (("terverifikasi", "menurut pernyataan pegawai") if basis is Basis.VERIFIED
                        else ("menurut pernyataan pegawai", "terverifikasi"))
    text = map_text(found, "id", tree=False)
    assert (f"Indeks rata-rata ({headline}): <b>{number(total.summary.mean or 0)}</b> · {beside}: "
            f"{number(total.beside.mean or 0)}") in text
    assert f"Terverifikasi penuh: {total.fully_verified} dari {total.summary.measured} hasil" in text
    sd = next(row.figures for row in found.own if row.unit.code == "DIK-SD")
    assert f"{beside} {number(sd.beside.mean or 0)} · terverifikasi penuh 50%" in text
    sheets = _sheets(await map_export(session, found, "id"))
    header, *rows = sheets["Per unit"]
    row = next(r for r in rows if r[0] == "DIK-SD")
    cells = dict(zip(header, row, strict=True))
    assert cells["Indeks rata-rata"] == sd.summary.mean
    assert cells[f"Indeks rata-rata ({beside})"] == sd.beside.mean
    assert (cells["Hasil terverifikasi penuh"], cells["Persentase terverifikasi penuh"]) == (2, 0.5)
    assert ["Dasar indeks", headline] in [list(r[:2]) for r in sheets["Keterangan"]]


async def test_the_team_workbook_lists_both_scores(
    session: AsyncSession, agency: Agency, claimed: dict[Basis, dict[int, ScoreResult]]
) -> None:
    from bot.team.export import team_export

    _, content = await team_export(session, agency.id("SD-boss"), root_id=None, today=TODAY,
                                   include_unofficial=False, lang="id")
    header, *rows = _sheets(content)["Anggota"]
    by_name = {r[1]: dict(zip(header, r, strict=True)) for r in rows}
    sd0, sd1 = by_name["Staf SD 0"], by_name["Staf SD 1"]
    assert sd0["Nilai IP ASN terakhir"] == claimed[Basis.VERIFIED][agency.id("SD-0")].total
    assert sd0["Nilai menurut pernyataan pegawai"] == claimed[Basis.DECLARED][agency.id("SD-0")].total
    assert (sd0["Terverifikasi penuh"], sd1["Terverifikasi penuh"]) == ("tidak", "ya")


async def test_admin_report_follows_index_basis(session: AsyncSession, agency: Agency,
                                                claimed: dict[Basis, dict[int, ScoreResult]], database_url: str,
                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.__main__ import main

    monkeypatch.setenv("INDEX_BASIS", "declared")
    output = tmp_path / "report.xlsx"
    status = await asyncio.to_thread(call_in_thread, lambda: main(["admin", "report", "--url", database_url,
                                                                    "-o", str(output)]))
    assert status == 0
    summary = _sheets(output.read_bytes())["Ringkasan"]
    cells = dict(zip(summary[0], summary[1], strict=True))
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False, basis=Basis.DECLARED)
    assert cells["Indeks rata-rata"] == found.total.summary.mean
    assert cells["Indeks rata-rata (terverifikasi)"] == found.total.figures.beside.mean
    assert found.total.summary.mean != found.total.figures.beside.mean


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
async def test_the_chat_and_the_workbook_say_what_each_person_lacks_from_the_stored_advice(
    session: AsyncSession, agency: Agency, clock: FakeClock, claimed: dict[Basis, dict[int, ScoreResult]],
    basis: Basis,
) -> None:
    """One source (`member_lacks`): scoring's advice for the latest result of the headline basis, never
    assessed, the JP owed; the drill-down shows it, and the map's "Pegawai" sheet and the team's "Anggota" sheet
    write it in the chat's words."""
    found = await unit_map(session, scope_unit_id=None, today=TODAY, include_unofficial=False, basis=basis)
    people = await map_members(session, found)
    lacks = await member_lacks(session, people.members, basis)
    assert people.lacks == lacks
    header, *rows = _sheets(await map_export(session, found, "id"))["Pegawai"]
    written = {str(row[0]): dict(zip(header, row, strict=True))["Yang kurang"] for row in rows}
    for member in people.members:
        result = claimed[basis].get(member.employee_id)
        advice = sorted(((a.code, a.gain) for a in result.advice if a.code not in NEVER_ADVISED),
                        key=lambda item: (-item[1], item[0])) if result else []
        found_lacks = lacks[member.employee_id]
        assert (found_lacks.assessed, list(found_lacks.advice)) == (result is not None, advice)
        assert found_lacks.jp_owed == member.shortfall
        expected = ([] if result else ["belum pernah diukur"]) + [lack_text(c, g, "id") for c, g in advice]
        if member.shortfall > 0:
            expected.append(f"{number(member.shortfall)} JP lagi tahun ini")
        assert (written[member.nip] or "") == "; ".join(expected)
    _name, team_book = await team_export(session, agency.id("head"), root_id=None, today=TODAY,
                                         include_unofficial=False, lang="id", basis=basis)
    header, *rows = _sheets(team_book)["Anggota"]  # /tim ekspor says it in the same words
    in_team = {str(row[0]): dict(zip(header, row, strict=True))["Yang kurang"] for row in rows}
    assert len(in_team) > 1 and all(in_team[nip] == written[nip] for nip in in_team)
    sd0 = agency.id("SD-0")
    assert claimed[Basis.DECLARED][sd0].advice != claimed[Basis.VERIFIED][sd0].advice  # the bases differ here
    admin = agency.id("KES-2")
    await grant_role(session, admin, Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    await session.commit()
    page = await unit_page(session, admin, agency.units["SD"].id or 0, 0, today=TODAY, include_unofficial=False,
                           basis=basis)
    text = page_text(page, "id")
    for shown in page.members:
        assert shown.lacks == lacks[shown.facts.employee_id]
        assert shown.result == shown.facts.result_of(basis)
        if shown.result is not None:
            assert number(shown.result.total) in text
        for code, gain in shown.lacks.advice[:2]:
            assert lack_text(code, gain, "id") in text
