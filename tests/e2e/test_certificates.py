"""A certificate sent in /pelatihan is checked by its first bytes, fetched from Telegram: an EXE sent as
`application/pdf` is refused with the reason and the same question, and a real PDF is stored."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from bot.certificates import HEAD_BYTES
from bot.storage.models import TrainingRecord
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 4096
PDF = b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024)  # 3 MB, of which the bot reads the first bytes only


async def _at_the_certificate_question(world: World, user: Any) -> None:
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, "teknis")
    await say(world.sim, user, "Bimtek SRIKANDI")
    await say(world.sim, user, "6")
    [question] = await say(world.sim, user, "3 November 2026")
    assert "sertifikat" in question.text


async def test_an_exe_named_pdf_is_refused_and_a_real_pdf_is_kept(world: World) -> None:
    sim = world.sim
    user, employee = await world.linked_user()
    await _at_the_certificate_question(world, user)

    await sim.user_sends_document(user, EXE, filename="sertifikat.pdf", mime_type="application/pdf")
    [refused] = await sim.wait_for_replies(user, 1)
    assert "bukan PDF" in refused.text and "Kirim foto sertifikat atau berkas PDF" in refused.text

    await sim.user_sends_document(user, b"PK\x03\x04" + b"\x00" * 64, filename="foto.png", mime_type="image/png")
    [refused] = await sim.wait_for_replies(user, 1)
    assert "bukan gambar" in refused.text

    message = await sim.user_sends_document(user, PDF, filename="sertifikat.pdf", mime_type="application/pdf")
    saved, _ = await sim.wait_for_replies(user, 2)
    assert "Sertifikat terlampir" in saved.text
    assert message.file is not None
    stored = sim.state.files.by_id[message.file.file_id]
    assert sim.state.files.downloaded[stored.file_path] == HEAD_BYTES  # not 3 MB
    async with world.session() as session:
        record = (await session.exec(select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee.id))).one()
    assert record.certificate_file_id == stored.file_id


async def test_a_photo_is_checked_too(world: World) -> None:
    user, _ = await world.linked_user()
    await _at_the_certificate_question(world, user)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
           b"\xfd\xd4\x9a\x73")
    await world.sim.user_sends_photo(user, png)
    saved, _ = await world.sim.wait_for_replies(user, 2)
    assert "Sertifikat terlampir" in saved.text
