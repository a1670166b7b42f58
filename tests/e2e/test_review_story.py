"""Review where the people are (issue 13, item 4), end to end against the emulator.

Rina claims a better appraisal in /asesmen and logs a training with a photo of its certificate; her
supervisor Budi opens /verifikasi: her oldest claim first, the official record beside it, the certificate
above its card. He approves the appraisal (her verified index rises, she is told), rejects the training with
a reason he types (she is told why), and a second press of an old button finds what he already decided.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from sqlmodel import col, select

from bot.__main__ import main
from bot.claims import review_reminders
from bot.claims.review import version_of
from bot.storage.models import (
    AuditLog,
    Claim,
    ClaimKind,
    ClaimStatus,
    Employee,
    PerformanceRecord,
    RecordSource,
    Role,
)
from bot.storage.roles import grant_role
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
       b"\xfd\xd4\x9a\x73")


async def rina_claims(world: World) -> tuple[Any, Employee, Any, Employee]:
    """Budi supervises Rina; Rina has HR's SKP 2025 *Baik*, claims *Sangat Baik*, and logs a training."""
    boss_user, boss = await world.linked_user(name="Budi Santoso")
    user, rina = await world.linked_user(name="Rina Wati")
    async with world.session() as session:
        stored = await session.get(Employee, rina.id)
        assert stored is not None
        stored.supervisor_id = boss.id
        session.add(stored)
        session.add(PerformanceRecord.model_validate({"employee_id": rina.id, "year": 2025, "predicate": "baik",
                                                      "source": RecordSource.IMPORT, "created_by": "cli"}))
    sim = world.sim
    await say(sim, user, "/asesmen")
    for value in ("s1", "pelaksana", "next", "next", "sangat_baik", "none"):
        await press(sim, user, value)
    await press(sim, user, "go", replies=2)
    await say(sim, user, "/pelatihan")
    await press(sim, user, "teknis")
    await say(sim, user, "Bimtek SRIKANDI")
    await say(sim, user, "6")
    await say(sim, user, "3 November 2026")
    await sim.user_sends_photo(user, PNG)
    await sim.wait_for_replies(user, 2)
    return boss_user, boss, user, rina


async def test_a_supervisor_approves_and_rejects_and_the_employee_is_told(world: World) -> None:
    sim = world.sim
    boss_user, _, user, _ = await rina_claims(world)

    [card] = await say(sim, boss_user, "/verifikasi")
    assert "Rina Wati" in card.text and "bawahan langsung" in card.text and "menunggu: 2" in card.text
    assert "Klaim: SKP 2025: Sangat Baik" in card.text and "Data resmi: SKP 2025: Baik" in card.text
    assert "Bukti: tidak ada" in card.text
    approve = next(b.callback_data for row in card.buttons for b in row if b.text == "✅ Setujui")

    await sim.user_presses(boss_user, "✅ Setujui")
    done, photo, training = await sim.wait_for_replies(boss_user, 3)
    assert "✅ Disetujui — Rina Wati: SKP 2025: Sangat Baik" in done.text
    assert "Nilai terverifikasi Rina Wati:" in done.text and "→" in done.text
    assert photo.file is not None and photo.kind == "photo" and "Bukti klaim Rina Wati" in (photo.caption or "")
    assert "Diklat teknis «Bimtek SRIKANDI», 6 JP" in training.text and "terlampir di atas" in training.text
    assert "menunggu: 1" in training.text

    await sim.user_presses(boss_user, "❌ Tolak")
    [reasons] = await sim.wait_for_replies(boss_user, 1)
    assert "Mengapa klaim ini ditolak?" in reasons.text
    await sim.user_presses(boss_user, "✍️ Tulis alasan")
    [ask] = await sim.wait_for_replies(boss_user, 1)
    assert "maksimal 300 karakter" in ask.text
    [too_long] = await say(sim, boss_user, "x" * 301)
    assert "terlalu panjang" in too_long.text
    rejected, end = await say(sim, boss_user, "Sertifikat untuk\u200b diklat lain", replies=2)
    assert "❌ Ditolak — Rina Wati: Diklat teknis «Bimtek SRIKANDI»" in rejected.text
    assert "Alasan: Sertifikat untuk diklat lain" in rejected.text
    assert "Tidak ada klaim yang menunggu" in end.text

    # the first answer was lost and Budi presses the old button again: told what he decided, nothing changes
    query = await sim.forge_callback_query(boss_user, approve or "")
    [receipt, _] = await sim.wait_for_replies(boss_user, 2)
    assert "Sudah tersimpan: SKP 2025: Sangat Baik — disetujui" in receipt.text
    await sim.wait_for_answer(query)
    forged = await sim.forge_callback_query(boss_user, "rv|a|99999|abcdef")
    assert (await sim.wait_for_answer(forged)).text == "Tombol ini sudah tidak berlaku."

    notices = await sim.wait_for_replies(user, 2, timeout=15)
    texts = "\n".join(n.text or "" for n in notices)
    assert "Klaim Anda disetujui oleh Budi Santoso: SKP 2025: Sangat Baik" in texts
    assert "Klaim Anda ditolak oleh Budi Santoso" in texts and "Alasan: Sertifikat untuk diklat lain" in texts
    assert "Nilai terverifikasi Anda kini" in texts

    async with world.session() as session:
        claims = (await session.exec(select(Claim).order_by(col(Claim.id)))).all()
        actions = (await session.exec(select(AuditLog.action).where(col(AuditLog.action).like("claim.%")))).all()
    assert [(c.kind, c.status) for c in claims] == [(ClaimKind.SKP, ClaimStatus.VERIFIED),
                                                    (ClaimKind.TRAINING, ClaimStatus.REJECTED)]
    assert {"claim.verify", "claim.reject"} <= set(actions)

    # /dataku: each record says what it rests on, each claim how it was decided, the log the old and new status
    await say(sim, user, "/dataku")
    document = json.loads(sim.files_sent(user)[-1].data)
    assert sorted((r["provenance"], r["status"]) for r in document["performance"]) == [
        ("claim", "verified"), ("official", "official")]
    assert [(t["provenance"], t["status"]) for t in document["trainings"]] == [("claim", "rejected")]
    assert [(c["status"], c["reason"]) for c in document["claims"]] == [
        ("verified", None), ("rejected", "Sertifikat untuk diklat lain")]
    logged = [e["details"] for e in document["audit_log"] if e["action"] == "claim.reject"]
    assert logged and logged[0]["old"] == {"status": "pending"} and logged[0]["new"]["status"] == "rejected"


async def test_nobody_reviews_their_own_claims(world: World) -> None:
    """Rina supervises someone too: /verifikasi has nothing for her, and her own claim's button, forged with
    the right version, changes nothing."""
    sim = world.sim
    _, _, user, rina = await rina_claims(world)
    await world.employee(supervisor_id=rina.id)
    [nothing] = await say(sim, user, "/verifikasi")
    assert "Tidak ada klaim yang menunggu tinjauan Anda" in nothing.text
    async with world.session() as session:
        claim = (await session.exec(select(Claim).order_by(col(Claim.id)))).first()
    assert claim is not None
    forged = await sim.forge_callback_query(user, f"rv|a|{claim.id}|{version_of(claim)}")
    assert (await sim.wait_for_answer(forged)).text == "Tombol ini sudah tidak berlaku."
    async with world.session() as session:
        assert (await session.get(Claim, claim.id)).status is ClaimStatus.PENDING  # type: ignore[union-attr]


async def test_someone_without_staff_is_told_what_verifikasi_is_for(world: World) -> None:
    user, _ = await world.linked_user()
    [refused] = await say(world.sim, user, "/verifikasi")
    assert "untuk atasan" in refused.text


async def test_hr_reviews_by_spreadsheet_and_the_employee_is_told(world: World, tmp_path: Path) -> None:
    """The operator exports the pending claims, approves Rina's appraisal and rejects her training in the
    workbook, imports it while the bot runs: both are decided and Rina gets both notices in Telegram."""
    sim = world.sim
    _, _, user, _ = await rina_claims(world)
    url = ["--url", world.database_url]
    exported, filled = tmp_path / "tinjau.xlsx", tmp_path / "isi.xlsx"
    assert await asyncio.to_thread(main, ["admin", "review", "export", "-o", str(exported), *url]) == 0
    book = openpyxl.load_workbook(exported)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        claimed = str(row[header.index("Klaim")].value)
        decision = ("setujui", None) if claimed.startswith("SKP 2025") else ("tolak", "Bukan diklat teknis")
        row[header.index("Keputusan")].value, row[header.index("Alasan")].value = decision
    book.save(filled)
    # The command line runs on the real clock: the bot's clock follows, so the notices are due for it.
    world.clock.advance(datetime.now(UTC) - world.clock.now() + timedelta(minutes=1))
    assert await asyncio.to_thread(main, ["admin", "review", "import", str(filled), *url]) == 0

    notices = await sim.wait_for_replies(user, 2, timeout=15)
    texts = "\n".join(n.text or "" for n in notices)
    assert "Klaim Anda disetujui oleh atasan/admin kepegawaian: SKP 2025: Sangat Baik" in texts
    assert "Alasan: Bukan diklat teknis" in texts
    async with world.session() as session:
        claims = (await session.exec(select(Claim).order_by(col(Claim.id)))).all()
    assert [c.status for c in claims] == [ClaimStatus.VERIFIED, ClaimStatus.REJECTED]
    assert {c.decided_by for c in claims} == {"cli"}


async def test_a_reviewer_is_reminded_once_a_week_of_claims_waiting_too_long(world: World) -> None:
    """Rina's claims wait nine days: on Monday morning Budi gets one reminder with a button to /verifikasi;
    sweeping again that week sends nothing more; once he has decided, next week's sweep reminds nobody."""
    sim = world.sim
    boss_user, _, _, _ = await rina_claims(world)
    world.clock.set(datetime(2026, 12, 7, 9, 0, tzinfo=world.clock.now().tzinfo))  # a Monday, in working hours

    def reminded() -> list[Any]:
        return [m for m in sim.bot_messages(boss_user) if "menunggu tinjauan Anda lebih dari 7 hari" in m.content]

    await sim.wait_until(lambda: len(reminded()) == 1, timeout=20, what="the weekly review reminder")
    [reminder] = reminded()
    assert "Ada 2 klaim pegawai yang menunggu tinjauan Anda" in reminder.content
    assert await review_reminders.sweep(world.services) == review_reminders.Swept()  # this week: already done
    await sim.user_presses(boss_user, "Tinjau sekarang", message=reminder.message_id)
    await sim.wait_until(lambda: "Verifikasi klaim" in sim.last_text(boss_user), what="the first card")

    async with world.session() as session:
        for claim in (await session.exec(select(Claim))).all():
            claim.status = ClaimStatus.WITHDRAWN
            session.add(claim)
    world.clock.advance(timedelta(days=7))
    swept = await review_reminders.sweep(world.services)
    assert swept.week is not None and swept.queued == 0


async def test_a_claim_decided_by_another_reviewer_meanwhile_is_not_decided_twice(world: World) -> None:
    """Budi (her supervisor) and Hana (HR, every unit) both have Rina's appraisal claim on screen. Budi approves
    it; Hana's *Tolak* and *Setujui* then change nothing: she is told who decided, and sees the next claim."""
    sim = world.sim
    boss_user, boss, _, _ = await rina_claims(world)
    hr_user, hr = await world.linked_user(name="Hana Pratiwi")
    async with world.session() as session:
        await grant_role(session, hr.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
    [hr_card] = await say(sim, hr_user, "/verifikasi")
    [boss_card] = await say(sim, boss_user, "/verifikasi")
    assert "SKP 2025: Sangat Baik" in hr_card.text and "SKP 2025: Sangat Baik" in boss_card.text
    assert "dalam lingkup Anda" in hr_card.text

    await sim.user_presses(boss_user, "✅ Setujui", message=boss_card)
    await sim.wait_for_replies(boss_user, 3)
    await sim.user_presses(hr_user, "✅ Setujui", message=hr_card)
    told, _, next_card = await sim.wait_for_replies(hr_user, 3)
    assert "Klaim ini sudah diputuskan oleh Budi Santoso: disetujui. Tidak diubah." in told.text
    assert "Bimtek SRIKANDI" in next_card.text
    async with world.session() as session:
        decided = (await session.exec(select(Claim).where(col(Claim.kind) == ClaimKind.SKP))).one()
        entries = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.verify"))).all()
    assert decided.decided_by == f"employee:{boss.id}"
    assert [entry.actor for entry in entries] == [f"employee:{boss.id}"]  # one decision, Budi's
