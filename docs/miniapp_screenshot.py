"""docs/miniapp.png: the Mini App of the demo agency, as the demo's HR admin opens it on a phone.

    .venv/bin/python docs/miniapp_screenshot.py [--output docs/miniapp.png]

Runs `python -m bot demo` in-process on a scratch database, replays the README's example (Rina's
self-assessment, bot/demo/example.txt), types `/as hr` and `/rekap`, opens the address
the demo prints (with its signed initData) in headless Chromium at a phone's width with Telegram's light
theme colours, and saves a full-page screenshot.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.demo.session import read_script, run_demo  # noqa: E402
from bot.demo.terminal import Screen  # noqa: E402
from bot.storage.schema import upgrade  # noqa: E402

LINK = re.compile(r"Mini App untuk Ratna \(buka di peramban, berlaku \d+ menit\): (\S+)")
THEME = ('{"bg_color":"#ffffff","text_color":"#000000","hint_color":"#707579","link_color":"#3390ec",'
         '"button_color":"#3390ec","button_text_color":"#ffffff","secondary_bg_color":"#f4f4f5"}')
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def shoot(link: str, output: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 420, "height": 860}, device_scale_factor=1)
        page.goto(f"{link}&tgWebAppThemeParams={THEME}")
        page.wait_for_selector("#units tr.unit")
        page.wait_for_selector("#chart canvas")
        page.wait_for_selector("#units th.change", state="attached")  # the comparison, asked for once the map is drawn
        page.wait_for_timeout(300)
        page.screenshot(path=str(output), full_page=True)
        browser.close()


class Photographer:
    """Types the demo's lines, then photographs the page while the demo still serves it."""

    def __init__(self, out: io.StringIO, output: Path) -> None:
        self.out, self.output = out, output
        self.lines = [*read_script((ROOT / "bot" / "demo" / "example.txt").read_text()), "/as hr", "/rekap"]

    async def read(self, prompt: str) -> str | None:
        if self.lines:
            return self.lines.pop(0)
        found = LINK.search(self.out.getvalue())
        if found is None:
            raise SystemExit("the demo printed no Mini App address:\n" + self.out.getvalue())
        await asyncio.to_thread(shoot, found.group(1), self.output)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "miniapp.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{Path(scratch) / 'demo.db'}"
        upgrade(url)
        out = io.StringIO()
        status = asyncio.run(run_demo(url, Screen(out, Path(scratch) / "files", colour=False),
                                      database_label="screenshot", reader=Photographer(out, args.output)))
    print(f"{args.output} ({args.output.stat().st_size} bytes)" if status == 0 else out.getvalue())
    return status


if __name__ == "__main__":
    raise SystemExit(main())
