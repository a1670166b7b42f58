"""/pelatihan, /jp, /nilai, /riwayat, /bahasa, /dataku, /hapusdata: what an employee does after linking."""

from __future__ import annotations

import json

from sqlmodel import col, select

from bot.storage.models import (
    Assessment,
    AuditLog,
    DialogStateRow,
    Employee,
    RecordSource,
    TrainingRecord,
)
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say


async def _assess(world: World, user: object) -> None:
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    await press(world.sim, user, "pelaksana")
    await press(world.sim, user, "next")
    await press(world.sim, user, "add")
    await say(world.sim, user, "Rapat Koordinasi Kearsipan")
    await press(world.sim, user, "skip")
    await say(world.sim, user, "20/11/2026")
    await press(world.sim, user, "next")
    await press(world.sim, user, "sangat_baik")
    await press(world.sim, user, "none")
    await press(world.sim, user, "go", replies=2)


async def test_log_training_with_certificate_then_jp(world: World) -> None:
    user, employee = await world.linked_user()
    [kind] = await say(world.sim, user, "/pelatihan")
    assert "Jenis kegiatan" in kind.text
    await press(world.sim, user, "teknis")
    await say(world.sim, user, "Bimtek SRIKANDI")
    await say(world.sim, user, "4,5 jam")
    [certificate] = await say(world.sim, user, "3 November 2026")
    assert "sertifikat" in certificate.text
    await world.sim.user_sends_document(user, b"%PDF-1.4 test", filename="sertifikat.pdf",
                                        mime_type="application/pdf")
    saved, status = await world.sim.wait_for_replies(user, 2)
    assert "Bimtek SRIKANDI" in saved.text and "6 JP" in saved.text and "Sertifikat terlampir" in saved.text
    assert "kurang <b>14 JP</b>" in status.raw["text"] or "kurang 14 JP" in status.text
    [jp] = await say(world.sim, user, "/jp")
    assert "Bimtek SRIKANDI" in jp.text and "34 hari" in jp.text
    async with world.session() as session:
        record = (await session.exec(select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee.id))).one()
    assert record.source is RecordSource.SELF and record.certificate_file_id and record.jp == 6


async def test_leadership_training_asks_the_level(world: World) -> None:
    user, _ = await world.linked_user(position_type="pengawas")
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, "kepemimpinan")
    [level] = await say(world.sim, user, "PKP Angkatan II")
    assert "Jenjang" in level.text
    await press(world.sim, user, "pkp")
    await say(world.sim, user, "30")
    await say(world.sim, user, "1/10/2026")
    saved, _ = await press(world.sim, user, "skip", replies=2)
    assert "PKP Angkatan II" in saved.text


async def test_score_history_and_recompute(world: World) -> None:
    user, _ = await world.linked_user()
    [none_yet] = await say(world.sim, user, "/nilai")
    assert "belum pernah" in none_yet.text
    await _assess(world, user)
    latest, chart = await say(world.sim, user, "/nilai", replies=2)
    assert "Indeks Profesionalitas ASN: 67,5" in latest.text and chart.kind == "photo"
    recomputed, _ = await press(world.sim, user, "m|recompute", replies=2)
    assert "Dihitung ulang" in recomputed.text
    history, trend = await say(world.sim, user, "/riwayat", replies=2)
    # The recompute changed nothing on the same day: one line, not a duplicate (issue 15).
    assert history.text.count("67,5") == 1 and trend.kind == "photo"


async def test_language_switch(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/bahasa")
    [done] = await press(world.sim, user, "l|en")
    assert "English" in done.text
    [help_text] = await say(world.sim, user, "/help")
    assert "How it is computed" in help_text.text


async def test_my_data_file(world: World) -> None:
    user, employee = await world.linked_user()
    await _assess(world, user)
    [document] = await say(world.sim, user, "/dataku")
    assert document.kind == "document"
    content = json.loads(world.sim.files_sent(user)[-1].data)
    assert content["employee"]["nip"] == employee.nip
    assert len(content["assessments"]) == 1 and content["trainings"][0]["title"] == "Rapat Koordinasi Kearsipan"


async def test_delete_leaves_nothing_of_theirs(world: World) -> None:
    user, employee = await world.linked_user()
    await _assess(world, user)
    [confirm] = await say(world.sim, user, "/hapusdata")
    assert "menghapus" in confirm.text
    [done] = await press(world.sim, user, "yes")
    assert "sudah dihapus" in done.text
    async with world.session() as session:
        assert (await session.exec(select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee.id, col(TrainingRecord.source) == RecordSource.SELF))
        ).all() == []
        assert (await session.exec(select(Assessment).where(col(Assessment.employee_id) == employee.id))).all() == []
        assert (await session.exec(select(DialogStateRow).where(
            col(DialogStateRow.telegram_user_id) == user.id))).all() == []
        roster = await session.get(Employee, employee.id)
        assert roster is not None and roster.telegram_user_id is None and roster.nip == employee.nip
        actions = {a.action for a in (await session.exec(select(AuditLog).where(
            col(AuditLog.target_employee_id) == employee.id))).all()}
    assert "data.self_delete" in actions
    [after] = await say(world.sim, user, "/nilai")
    assert "belum tertaut" in after.text
