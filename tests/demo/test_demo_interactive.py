"""The keyboard side: typed lines and files through the real bot, and messages the bot sends on its own
while the person is still typing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from bot.clock import SystemClock
from bot.demo.seed import PEOPLE
from bot.demo.session import DemoChat, UpdateTracker, run_demo
from bot.demo.terminal import Screen
from bot.simulator import BotApiSimulator
from bot.storage.schema import upgrade


class ScriptedKeyboard:
    """Types the given lines when asked; an optional `before` runs ahead of a given read; then Ctrl-D."""

    def __init__(self, lines: list[str], before: dict[int, Callable[[], Awaitable[None]]] | None = None) -> None:
        self.lines = lines
        self.before = before or {}
        self.prompts: list[str] = []

    async def read(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        if (step := self.before.get(len(self.prompts))) is not None:
            await step()
        return self.lines.pop(0) if self.lines else None


async def test_typed_numbers_press_buttons_and_a_backslash_sends_the_number(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    await asyncio.to_thread(upgrade, url)  # Alembic's env runs its own event loop
    out = io.StringIO()
    certificate = tmp_path / "sertifikat.pdf"
    certificate.write_bytes(b"%PDF-1.4 demo")
    keyboard = ScriptedKeyboard(["/start", "1", "\\2", f"/kirim {certificate}"])

    status = await run_demo(url, Screen(out, tmp_path / "files", colour=False), database_label="test",
                            reader=keyboard)

    text = out.getvalue()
    assert status == 0, text
    assert keyboard.prompts == ["Rina › "] * 5  # four lines, then end of input
    assert "  → [📝 Asesmen]\nbot: Langkah 1/8 · Kualifikasi" in text
    assert "bot: Pilih jenjang pendidikan dengan tombol di bawah." in text  # "2" went to the bot as text
    assert "bot: Saat ini saya tidak menunggu berkas." in text  # the PDF arrived as a document


async def test_a_message_the_bot_sends_on_its_own_shows_while_waiting_for_a_line(tmp_path: Path) -> None:
    out = io.StringIO()
    shown = asyncio.Event()

    class Watching(Screen):
        def message(self, *args: object, **kwargs: object) -> None:
            super().message(*args, **kwargs)  # type: ignore[arg-type]
            shown.set()

    async with BotApiSimulator() as sim, httpx.AsyncClient(trust_env=False) as http:
        users = {p.key: sim.add_user(p.first_name, user_id=p.telegram_user_id, started=True) for p in PEOPLE}
        chat = DemoChat(sim, users, UpdateTracker(), Watching(out, tmp_path, colour=False), clock=SystemClock(),
                        timeout=5, echo=False)
        chat.open_feeds()

        async def reminder_then_wait() -> None:
            reply = await http.post(f"{sim.base_url}{sim.token}/sendMessage",
                                    data={"chat_id": users["joko"].id, "text": "Pengingat: JP Anda kurang 10."})
            assert reply.status_code == 200
            await asyncio.wait_for(shown.wait(), 5)

        status = await chat.interactive(ScriptedKeyboard([], before={1: reminder_then_wait}))
        chat.close_feeds()

    assert status == 0
    assert "bot → Joko: Pengingat: JP Anda kurang 10." in out.getvalue()


async def test_a_script_stops_at_the_first_line_it_cannot_carry_out(tmp_path: Path) -> None:
    out = io.StringIO()
    async with BotApiSimulator() as sim:
        users = {p.key: sim.add_user(p.first_name, user_id=p.telegram_user_id, started=True) for p in PEOPLE}
        chat = DemoChat(sim, users, UpdateTracker(), Screen(out, tmp_path, colour=False), clock=SystemClock(),
                        timeout=5, echo=True)
        chat.open_feeds()

        status = await chat.replay(["/as nobody-here", "/start"])
        chat.close_feeds()

        assert sim.transcript(users["rina"]) == []  # /start was never typed
    assert status == 1
    assert "Rina › /as nobody-here\n-- Tidak jelas siapa 'nobody-here'" in out.getvalue()


async def test_the_tracker_bounds_its_wait() -> None:
    assert await UpdateTracker().wait(("message", 1, 1), timeout=0.01) is False
