"""An employee's whole trail, then /dataku and /hapusdata: every table that holds them is in the file, and
afterwards their Telegram id is in no column of any table (the audit log keeps the actions, with pseudonyms).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app import build_application
from bot.clock import FakeClock
from bot.privacy.personal_data import sections
from bot.simulator import BotApiSimulator, RateLimits, run_polling
from bot.storage.audit import pseudonym
from bot.storage.models import AuditLog, Employee
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say
from tests.e2e.test_broadcast import compose, hr_admin, hr_settings, unit, worker_of
from tests.e2e.test_employee_features import _assess
from tests.e2e.test_reminders import MONDAY_0800, QUIET, remind
from tests.privacy.scan import places_holding

RINA = 7_345_678_901  # a Telegram id past 32 bits, as new accounts have
KEY = "k" * 40


@pytest.fixture
async def office(database_url: str, clock: FakeClock) -> AsyncIterator[World]:
    # Telegram's per-chat pace on the fake clock: the reminder and the broadcast come days after the chat.
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp(), monotonic=lambda: clock.now().timestamp(),
                               rate_limits=RateLimits(global_per_second=1_000)) as sim:
        settings = hr_settings(database_url, PSEUDONYM_KEY=KEY, **QUIET)
        app = build_application(settings, base_url=sim.base_url, clock=clock)
        async with run_polling(app, poll_timeout=1):
            yield World(sim, app, clock, database_url)
        assert sim.violations == [], sim.violations


async def test_my_data_then_erasure_leaves_my_telegram_id_nowhere(office: World) -> None:
    world, sim = office, office.sim
    dik = await unit(world, "DIK")
    admin, _ = await hr_admin(world)
    employee, code = await world.employee(unit_id=dik.id)
    rina = sim.add_user("Rina", user_id=RINA)
    await say(sim, rina, "/start")
    await say(sim, rina, code, replies=2)

    await _assess(world, rina)
    await say(sim, rina, "/pelatihan")
    await press(sim, rina, "teknis")
    await say(sim, rina, "Bimtek SRIKANDI")
    await say(sim, rina, "6")
    await say(sim, rina, "3 November 2026")
    await sim.user_sends_document(rina, b"%PDF-1.7\n...", filename="sertifikat.pdf", mime_type="application/pdf")
    await sim.wait_for_replies(rina, 2)

    world.clock.set(MONDAY_0800)
    await remind(world.app)
    [reminder] = await sim.wait_for_replies(rina, 1)
    assert reminder.text.startswith("⏰ Pengingat 20 JP")
    await sim.wait_for_replies(admin, 1)  # HR is short of JP too
    await compose(world, admin, "<b>Rapat</b> Senin", dik)
    await press(sim, admin, "send")
    [broadcast] = await sim.wait_for_replies(rina, 1, timeout=10)
    assert broadcast.text == "Rapat Senin"
    await sim.wait_until(lambda: any(m.kind == "document" or "selesai" in m.text for m in sim.bot_messages(admin)),
                         timeout=10, what="the broadcast's report")
    await worker_of(world).settle()

    await say(sim, rina, "/pelatihan")  # left half-way: the answers so far are hers too
    await press(sim, rina, "teknis")
    await say(sim, rina, "Diklat yang belum selesai")

    await say(sim, rina, "/dataku")
    document = json.loads(sim.files_sent(rina)[-1].data)
    assert set(document) >= {section for section, _ in sections()}
    for section in ("employee", "link_codes", "dialog_state", "trainings", "performance", "assessments",
                    "messages_received", "audit_log"):
        assert document[section], f"/dataku lacks {section}"
    assert document["dialog_state"][0]["state"]["data"]["title"] == "Diklat yang belum selesai"
    assert {m["chat_id"] for m in document["messages_received"]} == {RINA}  # a reminder and a broadcast

    await say(sim, rina, "/batal")
    await say(sim, rina, "/hapusdata")
    [done] = await press(sim, rina, "yes")
    assert "sudah dihapus" in done.text
    async with world.session() as session:
        assert await places_holding(session, RINA) == []
        roster = await session.get(Employee, employee.id)
        assert roster is not None and roster.nip == employee.nip and roster.telegram_user_id is None
        link: Any = (await session.exec(select(AuditLog).where(col(AuditLog.target_employee_id) == employee.id,
                                                                col(AuditLog.action) == "link.link"))).one()
        assert link.details["telegram_user_id"] == pseudonym(RINA, KEY.encode())
    [after] = await say(sim, rina, "/dataku")
    assert "belum tertaut" in after.text
