"""Corrections by the employee, end to end (issue 13, item 5): /catatan lists their entries with a status; a
pending or rejected claim is corrected or withdrawn; an official record is disputed, never changed; a
training that looks like one on record is named before it is saved. Every step happens once; forged and
stale buttons change nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from bot.storage.models import (
    AuditLog,
    Claim,
    ClaimKind,
    ClaimStatus,
    PerformanceRecord,
    RecordKind,
    RecordSource,
    TrainingRecord,
)
from tests.e2e.conftest import World
from tests.e2e.helpers import dialog_value, press, say

PDF = b"%PDF-1.7\n" + b"0" * 2048
FAILS = 4  # every attempt of the bot's interactive retry fails: the answer is lost for good


async def rina_with_official_records(world: World) -> tuple[Any, int, int, int]:
    """Rina, linked, with HR's SKP 2025 *Baik* and HR's training "Bimtek Arsip" (teknis, 8 JP, 10 March 2026)."""
    user, employee = await world.linked_user()
    async with world.session() as session:
        skp = PerformanceRecord.model_validate({"employee_id": employee.id, "year": 2025, "predicate": "baik",
                                                "source": RecordSource.IMPORT, "created_by": "cli"})
        training = TrainingRecord.model_validate({"employee_id": employee.id, "kind": "teknis", "title": "Bimtek Arsip",
                                                  "jp": 8, "end_date": date(2026, 3, 10),
                                                  "source": RecordSource.IMPORT, "created_by": "cli"})
        session.add_all([skp, training])
        await session.flush()
        ids = (skp.id or 0, training.id or 0)
    return user, employee.id or 0, *ids


async def log_training(world: World, user: Any, title: str, jp: str, when: str) -> list[Any]:
    """/pelatihan up to the question after the date (the certificate, or the duplicate warning)."""
    sim = world.sim
    await say(sim, user, "/pelatihan")
    await press(sim, user, "teknis")
    await say(sim, user, title)
    await say(sim, user, jp)
    return await say(sim, user, when)


def values(sim: Any, user: Any) -> list[str]:
    return [dialog_value(b.callback_data) or "" for row in sim.buttons(user) for b in row]


async def claims_of(world: World, employee_id: int) -> list[Claim]:
    async with world.session() as session:
        query = select(Claim).where(col(Claim.employee_id) == employee_id).order_by(col(Claim.id))
        return list((await session.exec(query)).all())


async def test_an_employee_corrects_withdraws_and_disputes(world: World) -> None:
    sim = world.sim
    user, employee_id, skp_id, official_training_id = await rina_with_official_records(world)
    await log_training(world, user, "Pelatihan Excel", "12", "02/05/2026")
    [saved, _] = await press(sim, user, "skip", replies=2)
    assert "Tersimpan: Pelatihan Excel" in saved.text
    async with world.session() as session:
        query = select(TrainingRecord).where(col(TrainingRecord.title) == "Pelatihan Excel")
        [excel] = (await session.exec(query)).all()
    ref = f"t{excel.id}"

    [listed] = await say(sim, user, "/catatan")
    assert "Catatan Anda (3)" in listed.text
    assert "Pelatihan Excel, 12 JP, 2 Mei 2026 — klaim, menunggu verifikasi" in listed.text
    assert "Bimtek Arsip, 8 JP, 10 Maret 2026 — resmi (data BKPSDM)" in listed.text
    assert "SKP 2025: Baik — resmi (data BKPSDM)" in listed.text
    # an official record offers a dispute only
    [official] = await press(sim, user, f"t{official_training_id}")
    assert "tidak dapat Anda ubah" in official.text and "dispute" in values(sim, user)
    assert "fix" not in values(sim, user) and "withdraw" not in values(sim, user)
    await say(sim, user, "/batal")

    # correct a pending claim: the JP
    await say(sim, user, "/catatan")
    await press(sim, user, ref)
    assert {"fix", "withdraw"} <= set(values(sim, user)) and "dispute" not in values(sim, user)
    await press(sim, user, "fix")
    await press(sim, user, "jp")
    [unchanged] = await say(sim, user, "12")
    assert "sama dengan sebelumnya" in unchanged.text
    [corrected] = await say(sim, user, "16")
    assert "Diperbaiki dan menunggu verifikasi: Diklat teknis: Pelatihan Excel, 16 JP" in corrected.text
    async with world.session() as session:
        record = await session.get(TrainingRecord, excel.id)
        assert record is not None and record.jp == 16
        [entry] = (await session.exec(select(AuditLog).where(col(AuditLog.action) == "claim.correct"))).all()
    assert entry.details["old"]["jp"] == 12 and entry.details["new"]["jp"] == 16

    # a reviewer rejects it; the employee sees why, corrects the title, and it is pending again
    [claim] = [c for c in await claims_of(world, employee_id) if c.kind is ClaimKind.TRAINING]
    async with world.session() as session:
        claim.status, claim.decided_by, claim.reason = ClaimStatus.REJECTED, "employee:1", "Sertifikat tidak ada"
        claim.decided_at = world.clock.now()
        session.add(claim)
    [listed] = await say(sim, user, "/catatan")
    assert "Pelatihan Excel, 16 JP, 2 Mei 2026 — klaim ditolak" in listed.text
    [detail] = await press(sim, user, ref)
    assert "Alasan penolakan: Sertifikat tidak ada" in detail.text
    await press(sim, user, "fix")
    await press(sim, user, "title")
    [refused] = await say(sim, user, "🎉🎉🎉")  # held to what logging it was held to: a readable title
    assert "huruf atau angka" in refused.text  # and the question stays open for the next answer
    [corrected] = await say(sim, user, "Pelatihan Microsoft\u200b Excel   Lanjutan")  # cleaned: no zero-width space
    assert "Pelatihan Microsoft Excel Lanjutan" in corrected.text
    [claim] = [c for c in await claims_of(world, employee_id) if c.kind is ClaimKind.TRAINING]
    assert claim.status is ClaimStatus.PENDING and claim.decided_by is None and claim.reason is None

    # withdraw it; the confirmation pressed again is told what was stored, not done twice
    await say(sim, user, "/catatan")
    await press(sim, user, ref)
    await press(sim, user, "withdraw")
    confirm = next(b.callback_data for row in sim.buttons(user) for b in row if dialog_value(b.callback_data) == "yes")
    question = sim.last_message(user)
    # every answer to the press is lost (the bot's replies fail): the claim is withdrawn all the same, and the
    # same button, still there, pressed again is told what was stored instead of acting twice
    for method in ("answerCallbackQuery", "editMessageText", "sendMessage"):
        sim.faults.server_error(method, times=FAILS, status=502)
    await sim.user_presses(user, confirm or "")
    await sim.wait_until(lambda: sim.faults.pending() == 0, what="every answer lost")
    [claim] = [c for c in await claims_of(world, employee_id) if c.kind is ClaimKind.TRAINING]
    assert claim.status is ClaimStatus.WITHDRAWN
    await sim.wait_for_answer(await sim.user_presses(user, confirm or "", message=question))
    [again] = await sim.wait_for_replies(user, 1)
    assert "Sudah tersimpan: Klaim ditarik" in again.text
    [listed] = await say(sim, user, "/catatan")
    assert "Pelatihan Microsoft Excel" not in listed.text and "Catatan Anda (2)" in listed.text

    # dispute the official SKP, with a PDF as evidence
    await press(sim, user, f"s{skp_id}")
    await press(sim, user, "dispute")
    [ask_evidence] = await say(sim, user, "Predikat 2025 saya Sangat Baik, bukan Baik.")
    assert "Lampirkan bukti" in ask_evidence.text
    await sim.user_sends_document(user, PDF, filename="skp-2025.pdf", mime_type="application/pdf")
    [disputed] = await sim.wait_for_replies(user, 1)
    assert "Sanggahan dikirim ke BKPSDM: SKP 2025: Baik" in disputed.text and "Bukti terlampir" in disputed.text
    [dispute] = [c for c in await claims_of(world, employee_id) if c.kind is ClaimKind.DISPUTE]
    assert (dispute.status, dispute.target_kind, dispute.target_id) == (ClaimStatus.PENDING, RecordKind.SKP, skp_id)
    assert dispute.note == "Predikat 2025 saya Sangat Baik, bukan Baik." and dispute.evidence_kind == "document"
    async with world.session() as session:
        skp = await session.get(PerformanceRecord, skp_id)
    assert skp is not None and skp.predicate is not None and skp.predicate.value == "baik"  # HR's record untouched
    [listed] = await say(sim, user, "/catatan")
    assert "SKP 2025: Baik — resmi (data BKPSDM) · sanggahan Anda menunggu" in listed.text
    assert "Sanggahan atas SKP 2025: Baik: “Predikat 2025 saya Sangat Baik, bukan Baik.” — klaim, menunggu" in (
        listed.text)
    # the disputed record cannot be disputed twice; the dispute's note can be corrected
    await press(sim, user, f"s{skp_id}")
    assert "dispute" not in values(sim, user)


async def test_forged_and_stale_buttons_change_nothing(world: World) -> None:
    sim = world.sim
    user, employee_id, skp_id, _ = await rina_with_official_records(world)
    _, other_id, other_skp, _ = await rina_with_official_records(world)
    await say(sim, user, "/catatan")
    nonce = next(b.callback_data for row in sim.buttons(user) for b in row).split("|")[1]  # type: ignore[union-attr]
    for forged in (f"s{other_skp}", "t99999999999", "s0", "s+1", "c٣", "x1"):
        query = await sim.forge_callback_query(user, f"d|{nonce}|{forged}")
        await sim.wait_for_answer(query)
        [reply] = await sim.wait_for_replies(user, 1)
        assert "Tombol ini sudah tidak berlaku. Pilih dari daftar terbaru." in reply.text, forged
        nonce = next(b.callback_data for row in sim.buttons(user) for b in row).split("|")[1]  # type: ignore[union-attr]
    stale = await sim.forge_callback_query(user, f"d|000000|s{skp_id}")
    assert (await sim.wait_for_answer(stale)).text == "Tombol ini sudah tidak berlaku."
    assert await claims_of(world, employee_id) == [] and await claims_of(world, other_id) == []


async def test_a_training_that_looks_the_same_is_named_before_it_is_saved(world: World) -> None:
    sim = world.sim
    user, employee_id, _, _ = await rina_with_official_records(world)

    async def trainings() -> list[TrainingRecord]:
        async with world.session() as session:
            query = select(TrainingRecord).where(col(TrainingRecord.employee_id) == employee_id)
            return list((await session.exec(query)).all())

    # the same title in other words' case and spacing, another JP: the same training
    [warning] = await log_training(world, user, "bimtek  ARSIP", "4", "10/03/2026")
    assert "tampak sama" in warning.text and "Bimtek Arsip, 8 JP, 10 Maret 2026 — resmi (data BKPSDM)" in warning.text
    [dropped] = await press(sim, user, "drop")
    assert "Tidak disimpan: bimtek ARSIP" in dropped.text and len(await trainings()) == 1
    # the same JP under another title, kept on purpose
    await log_training(world, user, "Diklat Kearsipan Dasar", "8", "10/03/2026")
    [cert] = await press(sim, user, "keep")
    assert "sertifikat" in cert.text.lower()
    await press(sim, user, "skip", replies=2)
    assert len(await trainings()) == 2
    # another day: no warning
    [cert] = await log_training(world, user, "Bimtek Arsip", "8", "11/03/2026")
    assert "tampak sama" not in cert.text
    await say(sim, user, "/batal")

    # /asesmen: an item like one on record, and one like an item added earlier in the same assessment
    await say(sim, user, "/asesmen")
    await press(sim, user, "s1")
    await press(sim, user, "pelaksana")
    await press(sim, user, "add")
    await say(sim, user, "Bimtek Arsip")
    await say(sim, user, "8")
    [warning] = await say(sim, user, "10/03/2026")
    assert "Bimtek Arsip, 8 JP, 10 Maret 2026 — resmi (data BKPSDM)" in warning.text
    await press(sim, user, "drop")
    await press(sim, user, "add")
    await say(sim, user, "Coaching Tata Naskah")
    await say(sim, user, "6")
    await say(sim, user, "01/09/2026")
    await press(sim, user, "add")
    await say(sim, user, "coaching tata naskah")
    await say(sim, user, "2")
    [warning] = await say(sim, user, "01/09/2026")
    assert "Coaching Tata Naskah, 6 JP, 1 September 2026 — dicatat di asesmen ini" in warning.text
    [listed] = await press(sim, user, "drop")
    assert listed.text.count("Coaching Tata Naskah") == 1
    for value in ("next", "next", "baik", "none"):
        await press(sim, user, value)
    await press(sim, user, "go", replies=2)
    titles = sorted(r.title for r in await trainings())
    assert titles == ["Bimtek Arsip", "Coaching Tata Naskah", "Diklat Kearsipan Dasar"]


async def test_an_appraisal_claim_corrected_by_choosing_the_predicate(world: World) -> None:
    sim = world.sim
    user, employee_id, skp_id, _ = await rina_with_official_records(world)
    await say(sim, user, "/asesmen")
    for value in ("s1", "pelaksana", "next", "next", "sangat_baik", "none"):
        await press(sim, user, value)
    await press(sim, user, "go", replies=2)
    [claim] = [c for c in await claims_of(world, employee_id) if c.kind is ClaimKind.SKP]
    async with world.session() as session:
        [record] = (await session.exec(select(PerformanceRecord).where(col(PerformanceRecord.claim_id) == claim.id)))
    [listed] = await say(sim, user, "/catatan")
    assert "SKP 2025: Sangat Baik — klaim, menunggu verifikasi" in listed.text
    await press(sim, user, f"s{record.id}")
    [choose] = await press(sim, user, "fix")  # one part to correct: straight to the choices
    assert "Pilih yang benar" in choose.text and "butuh_perbaikan" in values(sim, user)
    [typed] = await say(sim, user, "Baik sekali")
    assert "pilih salah satu tombol" in typed.text
    [corrected] = await press(sim, user, "cukup")
    assert "Diperbaiki dan menunggu verifikasi: SKP 2025: Cukup" in corrected.text
    async with world.session() as session:
        stored = await session.get(PerformanceRecord, record.id)
        official = await session.get(PerformanceRecord, skp_id)
    assert stored is not None and stored.predicate is not None and stored.predicate.value == "cukup"
    assert official is not None and official.predicate is not None and official.predicate.value == "baik"
