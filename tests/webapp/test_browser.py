"""The Mini App in a real headless Chromium: the numbers /rekap shows, a click into a unit, a filter, the
workbook; forged and expired sign-ins refused with nothing shown; a supervisor sees only their subtree."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.simulator.harness import free_tcp_port
from bot.storage.profiles import Basis
from bot.targeting.export import map_export
from bot.team.export import team_export
from bot.texts import plain, t
from bot.unitmap.facts import facts_for_units
from bot.unitmap.render import basis_name, map_text, mean_text
from bot.unitmap.service import hr_unit_map
from bot.unitmap.workbook import lowest_first
from bot.webapp.serve import http_server
from bot.webapp.server import starlette_app
from bot.webapp_links import View, signed_link, view_url
from scoring.engine import category_of
from scoring.texts import category_label, number
from tests.agency import TODAY
from tests.webapp.browser import Chromium
from tests.webapp.conftest import PATH, Site, sheets

PHONE = {"width": 390, "height": 844}
THEME = '{"bg_color":"#17212b","text_color":"#f5f5f5","hint_color":"#708499","button_color":"#5288c1"}'


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    yield browser
    browser.close()


@asynccontextmanager
async def served(site: Site) -> AsyncIterator[str]:
    port = free_tcp_port()
    async with http_server(starlette_app(site.routes), host="127.0.0.1", port=port):  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}{PATH}/"


TELEGRAM_APP = """window.TelegramWebviewProxy = { events: [],
  postEvent: function (type, data) { window.TelegramWebviewProxy.events.push([type, JSON.parse(data)]); } };"""
"""What Telegram's mobile and desktop apps put in the page: the bridge the page posts its events to."""


def open_page(browser: Any, url: str, *, viewport: dict[str, int] | None = None,
              in_telegram: bool = False) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport=viewport or {"width": 1024, "height": 800}, accept_downloads=True)
    if in_telegram:
        context.add_init_script(TELEGRAM_APP)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    return context, page, problems


def unit_rows(page: Any, table: str = "#units") -> dict[str, tuple[str, str, str]]:
    rows = {}
    for row in page.locator(f"{table} tr.unit").all():
        rows[row.get_attribute("data-code")] = (row.locator(".mean").inner_text().strip(),
                                                row.locator(".coverage").inner_text().strip(),
                                                row.locator(".jp").inner_text().strip())
    return rows


async def test_hr_map_numbers_drill_down_filter_and_download(chromium: Chromium, site: Site, session: AsyncSession,
                                                             tmp_path: Path) -> None:
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False)
    assert found is not None
    rekap = map_text(found, "id", tree=True)  # what /rekap's tree view says of each unit
    expected_xlsx = await map_export(session, found, "id")
    sd_staff = {e.name for e in site.agency.members("SD")}

    def work(browser: Any) -> dict[str, Any]:
        link = signed_link(view_url(base, "map"), site.sign(site.telegram_id("KES-1")))
        link += "&tgWebAppThemeParams=" + THEME
        context, page, problems = open_page(browser, link)
        page.wait_for_selector("#units tr.unit")
        page.wait_for_selector("#chart canvas")
        page.wait_for_selector("#units th.change")  # the comparison comes in a second request, after the map
        seen: dict[str, Any] = {"rows": unit_rows(page), "title": page.locator("#title").inner_text(),
                                "mean": page.locator("[data-figure=mean]").inner_text(),
                                "comparison": page.locator("#comparison").inner_text(),
                                "changes": page.locator("#units tr.unit td.change").count()}
        page.select_option("#filter-category", "Sangat Rendah")
        seen["lowest_only"] = list(unit_rows(page))
        page.select_option("#filter-category", "")
        page.check("#filter-never")
        seen["with_never"] = list(unit_rows(page))
        page.uncheck("#filter-never")
        page.locator("#units tr.unit[data-code='DIK-SD']").click()
        page.wait_for_selector("#members tr.member")
        seen["members"] = [r.inner_text() for r in page.locator("#members tr.member .name").all()]
        seen["lacks"] = [r.inner_text() for r in page.locator("#members tr.member .lacks").all()]
        page.check("#filter-never")
        seen["never"] = [r.inner_text() for r in page.locator("#members tr.member .total").all()]
        page.select_option("#filter-category", "Sangat Rendah")
        seen["nothing"] = (page.locator("#members tr.member").count(), page.locator(".empty").inner_text())
        page.uncheck("#filter-never")
        seen["sr"] = [r.inner_text() for r in page.locator("#members tr.member .category").all()]
        page.select_option("#filter-category", "")
        with page.expect_download() as download:
            page.click("#download")
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        seen["file"] = target
        page.click("#back")
        page.wait_for_selector("#units tr.unit")
        seen["back"] = len(unit_rows(page))
        context.close()
        seen["problems"] = problems
        return seen

    async with served(site) as base:
        seen = await chromium.run(work)
    assert seen["title"] == plain("webapp.scope_all", "id")
    assert set(seen["rows"]) == {row.unit.code for row in found.tree}
    for code, (mean, coverage, jp) in seen["rows"].items():
        line = next(line for line in rekap.splitlines() if f"<b>{code}</b>" in line)
        assert f"<b>{mean}</b>" in line and f"({coverage})" in line and f"20 JP {jp}" in line, (code, line)
    assert seen["mean"] == mean_text(found.total.summary, "id") and f"<b>{seen['mean']}</b>" in rekap
    assert seen["comparison"].startswith(f"Dibanding 31 Desember {TODAY.year - 1}: indeks ")
    assert seen["changes"] == len(seen["rows"])
    lowest = {row.unit.code for row in found.tree if row.summary.mean is not None
              and category_of(row.summary.mean) == "Sangat Rendah"}
    assert set(seen["lowest_only"]) == lowest
    never = {row.unit.code for row in found.tree
             if row.summary.members - row.summary.measured - row.figures.outside_official > 0}
    assert set(seen["with_never"]) == never and 0 < len(never) < len(seen["rows"])
    assert set(seen["members"]) == sd_staff and len(seen["members"]) == len(sd_staff)
    assert any(lacks.endswith("12 JP lagi tahun ini") for lacks in seen["lacks"])
    assert seen["never"] and set(seen["never"]) == {"—"}
    assert seen["nothing"] == (0, plain("webapp.ui.nothing", "id"))  # never assessed has no category
    assert seen["sr"] and set(seen["sr"]) == {category_label("Sangat Rendah", "id")}
    assert seen["file"].name == f"rekap-ipasn-{TODAY.isoformat()}.xlsx"
    assert sheets(seen["file"].read_bytes()) == sheets(expected_xlsx)
    assert seen["back"] == len(seen["rows"])
    assert seen["problems"] == []  # no script error, no Content-Security-Policy violation


@pytest.mark.parametrize("basis", [Basis.VERIFIED, Basis.DECLARED])
async def test_the_page_headlines_the_basis_rekap_headlines(chromium: Chromium, site: Site, session: AsyncSession,
                                                           pending_claims: None, basis: Basis) -> None:
    """With pending claims the two figures differ: the page's index, the other basis's mean and the verified
    share, the whole scope's and each unit's, are /rekap's on INDEX_BASIS; so are a unit's people."""
    site = site.on_basis(basis)
    found = await hr_unit_map(session, site.agency.id("KES-1"), today=TODAY, include_unofficial=False, basis=basis)
    assert found is not None
    rekap = map_text(found, "id", tree=True).splitlines()
    sd = site.agency.units["SD"].id or 0
    sd_people = lowest_first(await facts_for_units(session, {sd}, TODAY), basis)

    def work(browser: Any) -> dict[str, Any]:
        link = signed_link(view_url(base, "map"), site.sign(site.telegram_id("KES-1")))
        context, page, problems = open_page(browser, link)
        page.wait_for_selector("#units tr.unit")
        page.wait_for_selector("#units th.change")
        cards = {c.locator(".value").get_attribute("data-figure"): (c.locator(".label").inner_text(),
                                                                      c.locator(".value").inner_text())
                 for c in page.locator(".card").all()}
        rows = {row.get_attribute("data-code"): (row.locator(".mean").inner_text().strip(),
                                                 row.locator(".verified").inner_text().strip())
                for row in page.locator("#units tr.unit").all()}
        seen = {"cards": cards, "rows": rows, "note": page.locator("#basis").inner_text()}
        page.locator(f"#units tr.unit[data-id='{sd}']").click()
        page.wait_for_selector("#members tr.member")
        seen["people"] = [(r.locator(".name").inner_text(), r.locator(".total").inner_text())
                          for r in page.locator("#members tr.member").all()]
        seen["problems"] = problems
        context.close()
        return seen

    async with served(site) as base:
        seen = await chromium.run(work)
    other = Basis.DECLARED if basis is Basis.VERIFIED else Basis.VERIFIED
    label, mean = seen["cards"]["mean"]
    other_label, other_mean = seen["cards"]["other-mean"]
    assert label == f"Indeks ({basis_name(basis, 'id')})" and other_label == f"Indeks ({basis_name(other, 'id')})"
    assert t("basis.mean", "id", basis=basis_name(basis, "id"), mean=mean, other=basis_name(other, "id"),
             other_mean=other_mean) in rekap
    share = re.fullmatch(r"(.+) \((\d+)/(\d+)\)", seen["cards"]["verified"][1])
    assert share is not None
    assert t("basis.share", "id", n=share[2], measured=share[3], percent=share[1]) in rekap
    assert mean != other_mean and share[1] != "100%"  # the claims made the two figures differ
    assert set(seen["rows"]) == {row.unit.code for row in found.tree}
    for code, (unit_mean, verified) in seen["rows"].items():
        n = next(n for n, line in enumerate(rekap) if f"<b>{code}</b>" in line)
        assert f"<b>{unit_mean}</b>" in rekap[n], (code, rekap[n])
        assert rekap[n + 2].endswith(f"terverifikasi penuh {verified}"), (code, rekap[n + 2])
    assert seen["note"] == plain("webapp.basis_note", "id")
    assert seen["people"] == [(m.name, number(r.total, "id") if (r := m.result_of(basis)) else "—")
                              for m in sd_people]
    assert seen["problems"] == []


@pytest.mark.parametrize("case", ["forged", "expired", "missing"])
async def test_forged_expired_or_missing_sign_in_shows_nothing(chromium: Chromium, site: Site, case: str) -> None:
    hr = site.telegram_id("KES-1")
    init_data = {"forged": site.sign(hr, token="999:someone-elses-bot"), "expired": site.sign(hr, age=3700),
                 "missing": ""}[case]

    def work(browser: Any) -> tuple[str, int, str]:
        link = signed_link(view_url(base, "map"), init_data) if init_data else base
        context, page, _ = open_page(browser, link)
        page.wait_for_selector("#status.refused")
        result = (page.locator("#status").inner_text(), page.locator("table, canvas").count(), page.content())
        context.close()
        return result

    async with served(site) as base:
        message, tables, html = await chromium.run(work)
    assert message == plain("webapp.auth", "id")
    assert tables == 0 and "Staf" not in html and "DIK" not in html


async def test_a_supervisor_on_a_phone_sees_only_their_subtree_in_english(chromium: Chromium, site: Site,
                                                                          session: AsyncSession) -> None:
    await _set_language(session, site.agency.id("head"), "en")
    view: View = "team"

    def work(browser: Any) -> dict[str, Any]:
        link = signed_link(view_url(base, view), site.sign(site.telegram_id("head")))
        context, page, problems = open_page(browser, link, viewport=PHONE, in_telegram=True)
        page.wait_for_selector("#units tr.unit")
        page.click("#download")  # inside Telegram: the app downloads a short-lived link itself
        page.wait_for_selector("#download:not([disabled])")
        events = page.evaluate("window.TelegramWebviewProxy.events")
        file_url = next(data for name, data in events if name == "web_app_request_file_download")
        fetched = context.request.get(file_url["url"])  # as Telegram's client would: no initData
        seen_file = (file_url["file_name"], fetched.status, fetched.body(), [name for name, _ in events])
        seen = {"rows": list(unit_rows(page)), "title": page.locator("#title").inner_text(),
                "width": page.evaluate("document.documentElement.scrollWidth"),
                "lang": page.evaluate("document.documentElement.lang")}
        page.locator("#units tr.unit[data-code='DIK-SMP']").click()
        page.wait_for_selector("#members tr.member")
        seen["members"] = [r.inner_text() for r in page.locator("#members tr.member .name").all()]
        page.check("#filter-shortfall")
        seen["short"] = len(page.locator("#members tr.member").all())
        seen["problems"] = problems
        seen["file"] = seen_file
        context.close()
        return seen

    async with served(site) as base:
        seen = await chromium.run(work)
    name, status, content, events = seen["file"]
    assert events[:2] == ["web_app_ready", "web_app_expand"] and status == 200
    expected_name, expected = await team_export(session, site.agency.id("head"), root_id=None, today=TODAY,
                                                include_unofficial=False, lang="en")
    assert name == expected_name and sheets(content) == sheets(expected)
    assert sorted(seen["rows"]) == ["DIK-SD", "DIK-SMP"]  # not KES, not the head's own unit
    assert seen["title"] == "Team of Kepala Dinas (everyone below)" and seen["lang"] == "en"
    assert seen["width"] <= PHONE["width"]  # nothing wider than the phone
    smp = {e.name for e in site.agency.members("SMP")}
    assert set(seen["members"]) == smp
    assert 0 < seen["short"] < len(smp) + 1
    assert seen["problems"] == []


async def _set_language(session: AsyncSession, employee_id: int, lang: str) -> None:
    from bot.storage.models import Employee

    employee = await session.get(Employee, employee_id)
    assert employee is not None
    employee.language = lang
    await session.commit()


def test_the_page_loads_only_its_own_files() -> None:
    page = (Path(__file__).resolve().parents[2] / "bot" / "webapp" / "static" / "index.html").read_text()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("static/") or s == "data:," for s in sources)
    assert "<script>" not in page and "style=" not in page  # nothing inline: the CSP would refuse it anyway
