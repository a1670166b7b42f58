"""One headless Chromium (Debian's `chromium`, driven by Playwright for Python) for a test module.

Playwright's sync API runs on a thread of its own, so the async tests keep their event loop free to serve
the pages the browser asks for; `Chromium.run(work)` runs `work(browser)` on that thread and awaits it.
Playwright never downloads a browser here: it is pointed at the system's chromium.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:  # a failure, not a skip: these tests must run (.ci/run installs Debian's chromium)
        pytest.fail("chromium is not installed (apt-get install -y chromium); .ci/run installs it")
    return found


class Chromium:
    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self._thread.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=FLAGS)

    async def run(self, work: Callable[[Any], T]) -> T:
        return await asyncio.wrap_future(self._thread.submit(work, self.browser))

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()
