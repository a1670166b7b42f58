"""/tim: the team's figures, and that a supervisor never sees beyond their own subtree."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.team.export import team_export
from bot.team.service import TeamRefused, TeamView, direct_view, team_summary
from scoring import aggregate
from tests.agency import TODAY, Agency


def expected(agency: Agency, names: list[str]) -> object:
    return aggregate([agency.latest.get(agency.id(n)) for n in names], len(names))


async def test_direct_reports_by_default_and_the_whole_subtree_on_request(session: AsyncSession,
                                                                          agency: Agency) -> None:
    direct = await team_summary(session, agency.id("SD-boss"), today=TODAY, include_unofficial=False)
    staff = [f"SD-{n}" for n in range(5)]
    assert {m.employee_id for m in direct.members} == {agency.id(n) for n in staff}
    assert direct.summary == expected(agency, staff)
    # CPNS SD-2 and PPPK SD-4 are assessed but outside the official measurement: 2 of 5 measured
    assert (direct.summary.measured, direct.summary.members, direct.figures.outside_official) == (2, 5, 2)
    assert [m.name for m in direct.shortfall] == ["Staf SD 2", "Staf SD 3", "Staf SD 1"]  # 20, 20, 12 short
    assert [m.name for m in direct.unassessed] == ["Staf SD 3"]
    head_direct = await team_summary(session, agency.id("head"), today=TODAY, include_unofficial=False)
    assert {m.name for m in head_direct.members} == {"Kepala SD", "Kepala SMP"}
    everyone = await team_summary(session, agency.id("head"), view=TeamView.ALL, today=TODAY,
                                  include_unofficial=False)
    below = ["SD-boss", "SMP-boss", *(f"{s}-{n}" for s in ("SD", "SMP") for n in range(5))]
    assert everyone.summary == expected(agency, below)
    assert direct_view(everyone).summary == head_direct.summary


async def test_a_supervisor_may_look_down_but_never_sideways_or_up(session: AsyncSession, agency: Agency) -> None:
    below = await team_summary(session, agency.id("head"), root_id=agency.id("SMP-boss"), today=TODAY,
                               include_unofficial=False)
    assert {m.name for m in below.members} == {f"Staf SMP {n}" for n in range(5)}
    for viewer, root in (("SD-boss", "SMP-boss"), ("SD-boss", "head"), ("SD-boss", "KES-0")):
        with pytest.raises(TeamRefused) as refused:
            await team_summary(session, agency.id(viewer), root_id=agency.id(root), today=TODAY,
                               include_unofficial=False)
        assert refused.value.key == "team.outside"
    with pytest.raises(TeamRefused) as refused:
        await team_summary(session, agency.id("SD-0"), today=TODAY, include_unofficial=False)
    assert refused.value.key == "team.not_supervisor"


async def test_the_export_lists_everyone_below_with_both_views(session: AsyncSession, agency: Agency) -> None:
    name, content = await team_export(session, agency.id("head"), root_id=None, today=TODAY,
                                      include_unofficial=False, lang="id")
    assert name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Ringkasan", "Anggota", "Keterangan"]
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    assert [row[0] for row in summary[1:]] == ["bawahan langsung", "seluruh jajaran di bawahnya"]
    members = list(book["Anggota"].iter_rows(values_only=True))
    assert len(members) == 1 + 12
    direct = {row[1] for row in members[1:] if row[5] == "ya"}
    assert direct == {"Kepala SD", "Kepala SMP"}
    assert not {"Staf KES 0", "Kepala Dinas"} & {row[1] for row in members[1:]}
