"""`python -m bot demo`: /as hr then /rekap prints the Mini App's local address with a signed initData for
the demo HR admin, and that address works while the demo runs (and /tim's for the supervisor)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.demo.session import run_demo
from bot.demo.terminal import Screen
from bot.simulator.simulator import DEFAULT_TOKEN
from bot.storage.schema import upgrade
from tests.conftest import call_in_thread

LINK = re.compile(r"Mini App untuk (\w+) \(buka di peramban, berlaku 60 menit\): (\S+)")


class Typist:
    """Types the lines, then, while the demo still serves, opens the printed addresses' API as the page would."""

    def __init__(self, out: io.StringIO, lines: list[str]) -> None:
        self.out, self.lines = out, lines
        self.answers: dict[str, tuple[str, int, dict[str, object]]] = {}

    async def read(self, prompt: str) -> str | None:
        if self.lines:
            return self.lines.pop(0)
        async with httpx.AsyncClient(trust_env=False) as http:
            for name, link in LINK.findall(self.out.getvalue()):
                page, _, fragment = link.partition("#")
                init_data = parse_qs(fragment)["tgWebAppData"][0]
                view = parse_qs(urlsplit(page).query)["view"][0]
                api = page.split("?")[0] + "api/overview"
                response = await http.get(api, params={"view": view}, headers={"Authorization": f"tma {init_data}"})
                self.answers[name] = (view, response.status_code, response.json())
        return None


async def test_rekap_in_the_demo_prints_a_signed_address_that_opens(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    call_in_thread(lambda: upgrade(url))
    out = io.StringIO()
    typist = Typist(out, ["/as hr", "/rekap", "/as atasan", "/tim"])
    status = await run_demo(url, Screen(out, tmp_path / "files", colour=False), database_label="test", reader=typist)
    assert status == 0, out.getvalue()
    assert "🗺 Buka peta unit" in out.getvalue() and "🗺 Buka peta tim" in out.getvalue()
    view, code, body = typist.answers["Ratna"]
    assert (view, code, body["view"]) == ("map", 200, "map") and body["units"]
    view, code, body = typist.answers["Bambang"]
    assert (view, code, body["view"]) == ("team", 200, "team")
    link = LINK.findall(out.getvalue())[0][1]
    assert link.startswith("http://127.0.0.1:") and DEFAULT_TOKEN not in link  # signed with it, never showing it
