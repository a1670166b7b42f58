"""The Mini App's API: signed in by Telegram on every request, scope decided by the chat's own services,
the figures /rekap shows, nothing cached, nothing loaded from elsewhere."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FakeClock
from bot.storage.audit import CLI_ACTOR
from bot.storage.models import Role
from bot.storage.profiles import Basis
from bot.storage.roles import revoke_role
from bot.targeting.compare import compare
from bot.targeting.export import map_export
from bot.texts import plain
from bot.unitmap.facts import facts_for_units
from bot.unitmap.lacks import member_lacks
from bot.unitmap.render import mean_text, percent
from bot.unitmap.service import hr_unit_map
from bot.unitmap.workbook import lowest_first
from bot.webapp.auth import AuthError, check_download_token
from scoring.texts import number
from tests.agency import TODAY
from tests.webapp.conftest import PATH, TOKEN, UNLINKED_TELEGRAM_ID, Site, sheets


def client(site: Site) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=site.app()), base_url="http://test")  # type: ignore[arg-type]


def auth(init_data: str) -> dict[str, str]:
    return {"Authorization": f"tma {init_data}"}


async def get(site: Site, path: str, init_data: str | None, **params: str) -> httpx.Response:
    async with client(site) as http:
        return await http.get(PATH + path, headers=auth(init_data) if init_data else {}, params=params)


async def test_without_forged_or_expired_init_data_nothing_is_shown(site: Site) -> None:
    hr = site.telegram_id("KES-1")
    good = site.sign(hr)
    forged = site.sign(hr, token="999:not-the-bots-token")
    tampered = good.replace(f"%22id%22%3A{hr}", f"%22id%22%3A{site.telegram_id('KES-2')}")
    assert tampered != good
    for init_data in (None, forged, tampered, site.sign(hr, age=3601), "hash=00&auth_date=1"):
        for path in ("/api/overview", "/api/comparison", f"/api/unit/{site.agency.units['DIK'].id}", "/api/export"):
            response = await get(site, path, init_data)
            assert response.status_code == 401, (path, init_data)
            assert set(response.json()) == {"error", "message"}
            assert response.json()["error"] == "webapp.auth"
    assert (await get(site, "/api/overview", good)).status_code == 200


async def test_an_unlinked_account_or_someone_without_a_role_is_refused(site: Site) -> None:
    unlinked = await get(site, "/api/overview", site.sign(UNLINKED_TELEGRAM_ID))
    assert (unlinked.status_code, unlinked.json()["error"]) == (403, "webapp.unlinked")
    staff = await get(site, "/api/overview", site.sign(site.telegram_id("SD-0"), lang="en"))
    assert (staff.status_code, staff.json()["error"]) == (403, "webapp.no_role")
    as_hr = await get(site, "/api/overview", site.sign(site.telegram_id("head")), view="map")
    assert (as_hr.status_code, as_hr.json()["error"]) == (403, "webapp.not_hr")


async def test_the_map_shows_what_rekap_shows(site: Site, session: AsyncSession) -> None:
    response = await get(site, "/api/overview", site.sign(site.telegram_id("KES-1")))
    assert response.status_code == 200
    data = response.json()
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False)
    assert found is not None
    assert data["view"] == "map" and data["as_of"] == TODAY.isoformat()
    assert [u["code"] for u in data["units"]] == [row.unit.code for row in found.tree]
    for unit, row in zip(data["units"], found.tree, strict=True):
        summary = row.summary
        assert unit["tree"]["mean_text"] == mean_text(summary, "id")
        assert unit["tree"]["coverage_text"] == percent(summary.coverage if summary.members else None, "id")
        assert unit["tree"]["jp_text"] == percent(row.figures.jp_share, "id")
        assert (unit["tree"]["members"], unit["tree"]["measured"]) == (summary.members, summary.measured)
    assert data["total"]["mean_text"] == mean_text(found.total.summary, "id")
    # the map at the end of last year beside today's, as /rekap's comparison (bot.targeting.compare) says it,
    # in a request of its own (the first paint does not wait for a second map)
    assert data["comparison_later"] and data["comparison_note"] == plain("webapp.comparison_loading", "id")
    compared = await compare(session, site.agency.id("KES-1"), None, since=date(TODAY.year - 1, 12, 31),
                             today=TODAY, include_unofficial=False)
    comparison = (await get(site, "/api/comparison", site.sign(site.telegram_id("KES-1")))).json()
    assert comparison["since"] == f"{TODAY.year - 1}-12-31"
    for change in compared.units:
        assert comparison["units"][str(change.unit.id)]["delta"] == change.delta, change.unit.code
    assert mean_text(compared.total.after, "id") in comparison["note"]
    team = (await get(site, "/api/overview", site.sign(site.telegram_id("head")))).json()
    assert not team["comparison_later"] and team["comparison_note"] == plain("webapp.comparison_absent", "id")
    refused = await get(site, "/api/comparison", site.sign(site.telegram_id("head")))
    assert (refused.status_code, refused.json()["error"]) == (404, "webapp.unknown")
    dik = next(u for u in data["units"] if u["code"] == "DIK")
    assert {u["code"] for u in data["units"] if u["parent"] == dik["id"]} == {"DIK-SD", "DIK-SMP"}


async def test_drilling_into_a_unit_lists_its_members_lowest_first_with_what_they_lack(
        site: Site, session: AsyncSession) -> None:
    sd = site.agency.units["SD"].id
    response = await get(site, f"/api/unit/{sd}", site.sign(site.telegram_id("KES-1")))
    assert response.status_code == 200
    data = response.json()
    names = [m["name"] for m in data["members"]]
    assert sorted(names) == sorted(e.name for e in site.agency.members("SD"))
    totals = [m["total"] for m in data["members"] if m["total"] is not None]
    assert totals == sorted(totals)
    never = [m for m in data["members"] if m["total"] is None]
    assert never and data["members"][-len(never):] == never  # the never assessed last
    assert all(m["lacks"][0] == plain("xlsx.lack.unmeasured", "id") for m in never)
    sd1 = next(m for m in data["members"] if m["name"] == "Staf SD 1")
    assert sd1["lacks"][-1] == "12 JP lagi tahun ini"  # 8 of 20 JP this year
    sd0 = next(m for m in data["members"] if m["name"] == "Staf SD 0")
    assert sd0["lacks"] and not any(item.endswith("JP lagi tahun ini") for item in sd0["lacks"]), sd0["lacks"]
    # the words /rekap's drill-down and the workbook's Pegawai sheet use: the stored advice, largest gain first
    lacks = await member_lacks(session, await facts_for_units(session, {sd or 0}, TODAY))
    assert {m["id"]: m["lacks"] for m in data["members"]} == {e: found.parts("id") for e, found in lacks.items()}
    assert any(found.advice for found in lacks.values())


async def test_a_scoped_hr_admin_and_a_supervisor_see_only_their_part(site: Site) -> None:
    units = site.agency.units
    scoped = site.sign(site.telegram_id("KES-2"))
    data = (await get(site, "/api/overview", scoped)).json()
    assert {u["code"] for u in data["units"]} == {"DIK", "DIK-SD", "DIK-SMP"}
    assert (await get(site, f"/api/unit/{units['KES'].id}", scoped)).status_code == 403
    assert (await get(site, f"/api/unit/{units['SMP'].id}", scoped)).status_code == 200
    assert (await get(site, "/api/unit/999999", scoped)).status_code == 403

    boss = site.sign(site.telegram_id("SD-boss"))
    team = (await get(site, "/api/overview", boss)).json()
    assert team["view"] == "team" and [u["code"] for u in team["units"]] == ["DIK-SD"]
    assert team["total"]["members"] == 5
    assert (await get(site, f"/api/unit/{units['SMP'].id}", boss)).status_code == 403  # a colleague's unit
    assert (await get(site, f"/api/unit/{units['DIK'].id}", boss)).status_code == 403  # their boss's unit
    mine = (await get(site, f"/api/unit/{units['SD'].id}", boss)).json()
    assert {m["name"] for m in mine["members"]} == {f"Staf SD {n}" for n in range(5)}
    head = (await get(site, "/api/overview", site.sign(site.telegram_id("head")))).json()
    assert {u["code"] for u in head["units"]} == {"DIK-SD", "DIK-SMP"}


async def test_the_download_is_the_rekap_workbook(site: Site, session: AsyncSession) -> None:
    response = await get(site, "/api/export", site.sign(site.telegram_id("KES-1"), lang="en"))
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="rekap-ipasn-{TODAY.isoformat()}.xlsx"'
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False)
    assert found is not None
    # in the person's /bahasa (Indonesian), not the language their Telegram app reports
    assert sheets(response.content) == sheets(await map_export(session, found, "id"))
    assert next(iter(sheets(response.content))) == "Ringkasan"
    assert plain("xlsx.sheet.change", "id") in sheets(response.content)  # the change since the end of last year


async def test_headers_no_store_and_a_strict_policy(site: Site) -> None:
    async with client(site) as http:
        page = await http.get(PATH + "/", headers={"Accept-Encoding": "gzip"})
        redirect = await http.get(PATH, params={"view": "team"})
        code = await http.get(PATH + "/static/echarts.min.js", headers={"Accept-Encoding": "gzip"})
        api = await http.get(PATH + "/api/overview", headers=auth(site.sign(site.telegram_id("KES-1"))))
        missing = await http.get(PATH + "/static/../conftest.py")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert redirect.status_code == 307 and redirect.headers["location"] == PATH + "/?view=team"
    for response in (page, code, api):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store" and api.headers["cache-control"] == "no-store"
    assert code.headers["content-encoding"] == "gzip" and len(code.content) > 1_000_000  # httpx unzips
    assert missing.status_code == 404
    body: dict[str, Any] = api.json()
    assert body["texts"]["index"] == "Indeks"


async def test_telegrams_own_download_gets_a_short_lived_link_checked_again(site: Site, session: AsyncSession,
                                                                          clock: FakeClock) -> None:
    hr = site.sign(site.telegram_id("KES-1"))
    link = (await get(site, "/api/download-link", hr)).json()
    assert link["file_name"] == f"rekap-ipasn-{TODAY.isoformat()}.xlsx" and link["url"].startswith("api/download/")
    response = await get(site, "/" + link["url"], None)  # Telegram's client sends no initData
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False)
    assert found is not None
    assert sheets(response.content) == sheets(await map_export(session, found, "id"))

    token = link["url"].rsplit("/", 1)[1]
    employee, view, expires, signature = token.split(".")
    for forged in (f"{site.agency.id('KES-2')}.{view}.{expires}.{signature}",  # someone else
                   f"{employee}.{view}.{int(expires) + 3600}.{signature}",  # longer
                   f"{employee}.{view}.{expires}.{signature[:-1]}{'1' if signature.endswith('0') else '0'}"):
        assert (await get(site, f"/api/download/{forged}", None)).status_code == 401
    with pytest.raises(AuthError, match="expired"):
        check_download_token(token, TOKEN, now=int(expires) + 1)

    await revoke_role(session, site.agency.id("KES-1"), Role.HR_ADMIN, actor=CLI_ACTOR, clock=clock)
    await session.commit()
    assert (await get(site, "/" + link["url"], None)).status_code == 403  # the role is read again


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
async def test_either_basis_the_figures_rekap_headlines_and_the_verified_share(
        site: Site, session: AsyncSession, pending_claims: None, basis: Basis) -> None:
    """INDEX_BASIS chooses the index the page shows, as it chooses /rekap's; the other basis's mean and the share
    of results resting on no pending claim beside it; each person's score and what they lack on that basis."""
    site = site.on_basis(basis)
    hr = site.sign(site.telegram_id("KES-1"))
    data = (await get(site, "/api/overview", hr)).json()
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False, basis=basis)
    assert found is not None
    other = Basis.DECLARED if basis is Basis.VERIFIED else Basis.VERIFIED
    assert data["basis"] == basis.value
    assert data["index_label"] == f"Indeks ({plain(f'basis.name.{basis.value}', 'id')})"
    assert data["other_label"] == f"Indeks ({plain(f'basis.name.{other.value}', 'id')})"
    assert [u["code"] for u in data["units"]] == [row.unit.code for row in found.tree]  # ranked on the basis
    for unit, row in [(data["total"], found.total), *zip((u["tree"] for u in data["units"]), found.tree, strict=True)]:
        figures = row.figures
        assert unit["mean_text"] == mean_text(figures.summary_of(basis), "id"), row.unit.code
        assert unit["other_mean_text"] == mean_text(figures.summary_of(other), "id"), row.unit.code
        assert unit["verified_text"] == percent(figures.verified_share, "id"), row.unit.code
        assert unit["fully_verified"] == figures.fully_verified
    sd = next(u["tree"] for u in data["units"] if u["code"] == "DIK-SD")
    assert sd["mean_text"] != sd["other_mean_text"] and sd["verified_share"] == 0.5  # 2 of 4 rest on a claim
    comparison = (await get(site, "/api/comparison", hr)).json()
    assert mean_text(found.total.summary, "id") in comparison["note"]  # today's headline, not the other basis's

    members = (await get(site, f"/api/unit/{site.agency.units['SD'].id}", hr)).json()["members"]
    sd1 = next(m for m in members if m["name"] == "Staf SD 1")
    facts = next(m for m in await facts_for_units(session, {site.agency.units["SD"].id or 0}, TODAY)
                 if m.name == "Staf SD 1")
    result = facts.result_of(basis)
    assert result is not None and sd1["total_text"] == number(result.total, "id")
    assert sd1["category"] == result.category
    sd_facts = await facts_for_units(session, {site.agency.units["SD"].id or 0}, TODAY)
    assert [m["name"] for m in members] == [m.name for m in lowest_first(sd_facts, basis)]
    lacks = await member_lacks(session, sd_facts, basis)  # the advice stored for the headline figure
    assert {m["id"]: m["lacks"] for m in members} == {e: found.parts("id") for e, found in lacks.items()}
    exported = await get(site, "/api/export", hr)  # the workbook /rekap ekspor sends on this basis
    assert sheets(exported.content) == sheets(await map_export(session, found, "id"))
