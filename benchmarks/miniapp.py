"""Benchmark: the Mini App for 50,000 employees in 500 units; prints one line of JSON.

    .venv/bin/python benchmarks/miniapp.py [--employees 50000] [--runs 3]

The agency of `benchmarks/summary.py` (SQLite), with 1,900 more people moved into one section so that it
holds 2,000; the HR admin of every unit signs in with an initData signed like Telegram's. The page is
served by uvicorn in this process, as the bot serves it, and opened in headless Chromium (Debian's, via
Playwright), each run in a fresh browser context (nothing cached).

* `overview_server_ms`: GET api/overview as the page asks it (HR map of 500 units), first call and best;
  `comparison_server_ms`: GET api/comparison (the map at the end of last year beside today's), the same.
* `painted_ms`: from navigation start to the tree map drawn (User Timing mark `ipasn:chart-drawn`, taken on
  the next animation frame) and to the unit list shown (`ipasn:units-listed`), each run; `comparison` is
  when the comparison, asked for after the map, is on screen (`ipasn:comparison-shown`).
* `drill_down_ms`: click on the 2,000-person unit's row to its lowest 150 members on screen
  (`ipasn:unit-asked` → `ipasn:unit-shown`; the rest follow in the next frames) and to all 2,000
  (`ipasn:unit-complete`); `of_which_data` is the API call as the page saw it.
* `wire_bytes`: the page, its code and the top-level data as transferred (gzip), first load.

Aims (issue 16): painted < 1 s, drill-down < 500 ms, wire < 1 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from benchmarks.summary import TODAY, seed  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.storage.base import table_of  # noqa: E402
from bot.storage.db import create_engine, create_sessionmaker  # noqa: E402
from bot.storage.models import Employee  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402
from bot.webapp.auth import sign_init_data  # noqa: E402
from bot.webapp.serve import http_server  # noqa: E402
from bot.webapp.server import starlette_app, webapp_routes  # noqa: E402
from bot.webapp_links import signed_link, view_url  # noqa: E402

TOKEN = "123456:benchmark-token"
BIG_UNIT = 3  # OPD0-B0-S0, a section
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


async def enlarge(url: str, unit_id: int, people: int) -> str:
    """Move people into one section until it holds `people` (a few from each other unit); returns its code."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            employee = table_of(Employee)
            have = (await connection.execute(sa.select(sa.func.count()).where(employee.c.unit_id == unit_id))).scalar()
            # a few from every other unit (never a unit's head), so that no unit is emptied
            movers = sa.select(employee.c.id).where(employee.c.unit_id != unit_id, employee.c.id % 25 == 7) \
                .order_by(employee.c.id).limit(people - int(have or 0))
            await connection.execute(sa.update(employee).where(employee.c.id.in_(movers)).values(unit_id=unit_id))
            code = (await connection.execute(sa.text("SELECT code FROM unit WHERE id = :id"), {"id": unit_id})).scalar()
        return str(code)
    finally:
        await engine.dispose()


def wait_for_mark(page: Any, name: str, timeout: float = 60.0) -> None:
    """Poll for a User Timing mark (wait_for_function would evaluate a string, which the page's CSP forbids;
    the marks carry the page's own timestamps, so polling does not change what is measured)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"performance.getEntriesByName('{name}').length"):
        if time.monotonic() > deadline:
            raise TimeoutError(name)
        page.wait_for_timeout(10)


def browse(link: str, big_code: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    painted: list[float] = []
    listed: list[float] = []
    compared: list[float] = []
    drill: list[float] = []
    fetched: list[float] = []
    complete: list[float] = []
    data: list[float] = []
    wire = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1024, "height": 800})
            page = context.new_page()
            responses: list[Any] = []
            page.on("response", lambda response, seen=responses: seen.append(response))
            page.goto(link)
            wait_for_mark(page, "ipasn:chart-drawn")
            wait_for_mark(page, "ipasn:units-listed")
            wait_for_mark(page, "ipasn:comparison-shown")
            data.append(page.evaluate("performance.getEntriesByName('ipasn:overview-fetched')[0].startTime"))
            painted.append(page.evaluate("performance.getEntriesByName('ipasn:chart-drawn')[0].startTime"))
            listed.append(page.evaluate("performance.getEntriesByName('ipasn:units-listed')[0].startTime"))
            compared.append(page.evaluate("performance.getEntriesByName('ipasn:comparison-shown')[0].startTime"))
            if run == 0:
                wire = sum(r.request.sizes()["responseBodySize"] + r.request.sizes()["responseHeadersSize"]
                           for r in responses)
            page.locator(f"#units tr.unit[data-code='{big_code}']").click()
            wait_for_mark(page, "ipasn:unit-shown")
            wait_for_mark(page, "ipasn:unit-complete")
            complete.append(page.evaluate("performance.getEntriesByName('ipasn:unit-complete')[0].startTime"
                                          " - performance.getEntriesByName('ipasn:unit-asked')[0].startTime"))
            drill.append(page.evaluate("performance.getEntriesByName('ipasn:unit-shown')[0].startTime"
                                       " - performance.getEntriesByName('ipasn:unit-asked')[0].startTime"))
            fetched.append(page.evaluate("performance.getEntriesByName('ipasn:unit-fetched')[0].startTime"
                                         " - performance.getEntriesByName('ipasn:unit-asked')[0].startTime"))
            rows = page.locator("#members tr.member").count()
            assert rows == 2000, rows
            context.close()
        browser.close()
    return {"painted_ms": {"chart": [round(t) for t in painted], "list": [round(t) for t in listed],
                           "of_which_data": [round(t) for t in data], "comparison": [round(t) for t in compared]},
            "drill_down_ms": {"first_rows": [round(t) for t in drill], "all_rows": [round(t) for t in complete],
                              "of_which_data": [round(t) for t in fetched], "members": 2000},
            "wire_bytes": wire}


async def measure(url: str, employees: int, runs: int, *, seeded: bool = False) -> dict[str, Any]:
    hr = 1  # benchmarks/summary.py's HR admin of every unit
    if not seeded:
        engine = create_engine(url)
        try:
            hr, _ = await seed(create_sessionmaker(engine), employees)
        finally:
            await engine.dispose()
    big_code = await enlarge(url, BIG_UNIT, 2000)
    engine = create_engine(url)
    settings = Settings(TELEGRAM_BOT_TOKEN=SecretStr(TOKEN), DATABASE_URL=url, TIMEZONE="Asia/Jakarta",
                        _env_file=None)  # type: ignore[call-arg]
    clock = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=ZoneInfo("Asia/Jakarta")))
    services = Services(engine, create_sessionmaker(engine), clock, settings)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/app/"
    init_data = sign_init_data(TOKEN, {"id": 10_000_000 + hr, "first_name": "HR"}, auth_date=int(time.time()))
    headers = {"Authorization": f"tma {init_data}", "Accept-Encoding": "gzip"}
    try:
        async with http_server(starlette_app(webapp_routes(services, TOKEN, "/app")), host="127.0.0.1", port=port), \
                httpx.AsyncClient(trust_env=False, timeout=60) as http:
            server: list[float] = []
            for _ in range(5):
                started = time.perf_counter()
                response = await http.get(base + "api/overview", params={"view": "map"}, headers=headers)
                server.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and len(response.json()["units"]) == 500, response.text[:300]
            overview_bytes = int(response.headers.get("content-length", 0))
            comparison: list[float] = []
            for _ in range(5):
                started = time.perf_counter()
                response = await http.get(base + "api/comparison", params={"view": "map"}, headers=headers)
                comparison.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200 and len(response.json()["units"]) == 500, response.text[:300]
            unit_server: list[float] = []
            for _ in range(5):
                started = time.perf_counter()
                response = await http.get(base + f"api/unit/{BIG_UNIT}", params={"view": "map"}, headers=headers)
                unit_server.append((time.perf_counter() - started) * 1000)
                assert len(response.json()["members"]) == 2000
            browser = await asyncio.to_thread(browse, signed_link(view_url(base, "map"), init_data), big_code, runs)
    finally:
        await engine.dispose()
    return {
        "units": 500,
        "overview_server_ms": {"first": round(server[0]), "best": round(min(server))},
        "overview_json_gzip_bytes": overview_bytes,
        "comparison_server_ms": {"first": round(comparison[0]), "best": round(min(comparison))},
        "unit_2000_server_ms": {"first": round(unit_server[0]), "best": round(min(unit_server))},
        **browser,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", type=Path, help="keep the seeded SQLite file here (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "bench.db"
        seeded = path.exists()
        url = f"sqlite+aiosqlite:///{path}"
        if not seeded:
            upgrade(url)
        results = {"employees": args.employees,
                   "sqlite": asyncio.run(measure(url, args.employees, args.runs, seeded=seeded))}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
