"""Issue 15, item 2: what a new employee tripped over in the chat, each answered with the reason.

Each test failed before its fix: "−5" got "write a number only"; a title of emoji, of zero-width characters or
of a right-to-left override was stored; a training dated last year was saved without a word; a code with
0/1/I/O was "not a link code"; the lock-out time had no zone; a bare /pengingat flipped the setting; /riwayat
showed a same-day recompute as a duplicate line and a second chart point; a met 20 JP beside 0/22,5 for
technical training went unexplained.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from bot.charts import trend_chart
from bot.linking.service import MAX_FREE_FAILURES
from bot.storage.models import Assessment, Employee, TrainingRecord
from tests.e2e.conftest import World
from tests.e2e.helpers import dialog_value, press, say


async def _to_training_title(world: World, user: object, kind: str = "teknis") -> None:
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, kind)


# -- "Berapa JP?" ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["-5", "−5", "- 5", "–5"])
async def test_a_negative_jp_is_told_it_must_be_above_zero(world: World, answer: str) -> None:
    user, _ = await world.linked_user()
    await _to_training_title(world, user)
    await say(world.sim, user, "Bimtek Arsip")
    [reply] = await say(world.sim, user, answer)
    assert "lebih dari 0" in reply.text and "Tulis angka saja" not in reply.text
    assert "Berapa JP?" in reply.text


async def test_four_thousand_characters_at_the_jp_question_are_not_called_a_title(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_training_title(world, user)
    await say(world.sim, user, "Bimtek Arsip")
    [reply] = await say(world.sim, user, "8" * 4000)
    assert "Jawabannya terlalu panjang" in reply.text and "Judul" not in reply.text
    assert "Berapa JP?" in reply.text


# -- titles: the one cleaner of text from outside ----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "hint"),
    [
        ("🎉🎉🎉", "huruf atau angka"),
        ("👍 🙏 !!!", "huruf atau angka"),
        ("\u200b\u200b\u200b", "tidak terlihat"),
        ("\u202e", "tidak terlihat"),
        ("\u2067\u200d\u2069", "tidak terlihat"),
        ("Bimtek\x01Arsip", "karakter kendali"),
    ],
)
async def test_a_title_with_nothing_readable_is_refused_with_the_reason(world: World, title: str, hint: str) -> None:
    user, employee = await world.linked_user()
    await _to_training_title(world, user)
    [reply] = await say(world.sim, user, title)
    assert hint in reply.text and "Apa nama kegiatannya?" in reply.text
    [jp_question] = await say(world.sim, user, "\u202eBimtek Arsip Cafe\u0301")  # override dropped, NFC
    assert "Berapa JP?" in jp_question.text
    await say(world.sim, user, "8")
    await say(world.sim, user, "3/11/2026")
    await press(world.sim, user, "skip", replies=2)
    async with world.session() as session:
        record = (await session.exec(select(TrainingRecord).where(
            col(TrainingRecord.employee_id) == employee.id))).one()
    assert record.title == "Bimtek Arsip Café"


async def test_the_assessments_own_title_question_refuses_emoji_too(world: World) -> None:
    user, _ = await world.linked_user()
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    await press(world.sim, user, "pelaksana")
    await press(world.sim, user, "add")
    [reply] = await say(world.sim, user, "🔥🔥")
    assert "huruf atau angka" in reply.text


# -- a training dated last year ----------------------------------------------------------------------------


async def test_a_technical_training_of_last_year_says_where_it_counts(world: World) -> None:
    user, _ = await world.linked_user()  # the clock: 28 November 2026
    await _to_training_title(world, user)
    await say(world.sim, user, "Bimtek Arsip")
    await say(world.sim, user, "8")
    await say(world.sim, user, "15/12/2025")
    saved, status = await press(world.sim, user, "skip", replies=2)
    assert "Tersimpan" in saved.text
    assert "tidak masuk JP tahun 2026" in saved.text
    assert "Untuk IP ASN kegiatan ini tetap dihitung (jendela 12 bulan) sampai 14 Desember 2026" in saved.text
    assert "0 JP" in status.text or "kurang 20 JP" in status.text  # this year's JP did not change


async def test_a_seminar_outside_its_window_says_it_counts_nowhere(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_training_title(world, user, "seminar")
    await say(world.sim, user, "Seminar Kearsipan")
    await say(world.sim, user, "4")
    await say(world.sim, user, "1/1/2024")
    saved, _ = await press(world.sim, user, "skip", replies=2)
    assert "tidak masuk JP tahun 2026" in saved.text and "di luar jendela 24 bulan" in saved.text


async def test_a_training_of_this_year_gets_no_note(world: World) -> None:
    user, _ = await world.linked_user()
    await _to_training_title(world, user)
    await say(world.sim, user, "Bimtek Arsip")
    await say(world.sim, user, "8")
    await say(world.sim, user, "3/11/2026")
    saved, _ = await press(world.sim, user, "skip", replies=2)
    assert "ℹ️" not in saved.text


# -- link codes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "named"), [("K7MQO-3RWPA", "O"), ("k7mq0-1rwpi", "0 1 I")])
async def test_a_code_with_characters_codes_never_use_names_them(world: World, typed: str, named: str) -> None:
    stranger = world.sim.add_user("Tamu")
    [reply] = await say(world.sim, stranger, typed)
    assert "tidak pernah memakai angka 0 dan 1 atau huruf I dan O" in reply.text
    assert f"memuat: {named}." in reply.text


async def test_the_lock_out_time_names_its_time_zone(world: World) -> None:
    stranger = world.sim.add_user("Tamu")
    replies = [await say(world.sim, stranger, "ABCDE-FGHJK") for _ in range(MAX_FREE_FAILURES)]
    [locked] = replies[-1]
    assert "coba lagi setelah 28 November 2026 09:15 WIB" in locked.text


# -- /pengingat ---------------------------------------------------------------------------------------------


async def test_a_bare_pengingat_shows_the_state_with_a_button_and_changes_nothing(world: World) -> None:
    user, employee = await world.linked_user()
    [state] = await say(world.sim, user, "/pengingat")
    assert "saat ini <b>menyala</b>" in state.raw["text"] or "saat ini menyala" in state.text
    assert [b.text for row in state.buttons for b in row] == ["🔕 Matikan pengingat"]
    [again] = await say(world.sim, user, "/pengingat")  # sent twice: still on, nothing flipped back
    assert "menyala" in again.text
    async with world.session() as session:
        stored = await session.get(Employee, employee.id)
        assert stored is not None and stored.reminders_enabled
    [off] = await press(world.sim, user, "rem|off")
    assert "dimatikan" in off.text
    [state_off] = await say(world.sim, user, "/pengingat")
    assert "saat ini mati" in state_off.text
    assert [dialog_value(b.callback_data) for row in state_off.buttons for b in row] == ["rem|on"]
    [on] = await press(world.sim, user, "rem|on")
    assert "dinyalakan" in on.text


# -- /riwayat -------------------------------------------------------------------------------------------------


async def _assess(world: World, user: object) -> None:
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    await press(world.sim, user, "pelaksana")
    await press(world.sim, user, "next")
    await press(world.sim, user, "next")
    await press(world.sim, user, "sangat_baik")
    await press(world.sim, user, "none")
    await press(world.sim, user, "go", replies=2)


async def test_riwayat_lists_each_result_of_a_day_once_and_charts_the_day_as_one_point(world: World) -> None:
    user, employee = await world.linked_user()
    await _assess(world, user)
    await say(world.sim, user, "/nilai", replies=2)
    await press(world.sim, user, "m|recompute", replies=2)  # the same day, nothing changed
    [history, _] = await say(world.sim, user, "/riwayat", replies=2)
    lines = [line for line in history.text.splitlines() if line.startswith("•")]
    assert len(lines) == 1 and "28 November 2026:" in lines[0]

    await say(world.sim, user, "/pelatihan")  # a seminar raises the index: a second result that day
    await press(world.sim, user, "seminar")
    await say(world.sim, user, "Seminar Kearsipan")
    await say(world.sim, user, "4")
    await say(world.sim, user, "20/11/2026")
    await press(world.sim, user, "skip", replies=2)
    world.clock.advance(timedelta(minutes=30))
    await say(world.sim, user, "/nilai", replies=2)
    await press(world.sim, user, "m|recompute", replies=2)
    [history, chart] = await say(world.sim, user, "/riwayat", replies=2)
    lines = [line for line in history.text.splitlines() if line.startswith("•")]
    assert len(lines) == len(set(lines)) == 2
    assert lines[0].startswith("• 28 November 2026 09:00:") and lines[1].startswith("• 28 November 2026 09:30:")
    async with world.session() as session:
        last = (await session.exec(select(Assessment).where(col(Assessment.employee_id) == employee.id)
                                   .order_by(col(Assessment.id).desc()))).first()
    assert last is not None
    # One day, one point: the chart is the one of the day's last result alone (not three points spread wide).
    assert chart.file is not None
    assert chart.file.data == trend_chart([date(2026, 11, 28)], [last.total], "Riwayat IP ASN")


# -- 20 JP met, technical training not --------------------------------------------------------------------------


async def test_a_met_duty_beside_zero_technical_points_is_explained(world: World) -> None:
    user, _ = await world.linked_user()  # a pelaksana: technical training is worth 22,5
    await say(world.sim, user, "/pelatihan")
    await press(world.sim, user, "lainnya")
    await say(world.sim, user, "E-learning Kearsipan")
    await say(world.sim, user, "20")
    await say(world.sim, user, "3/11/2026")
    await press(world.sim, user, "skip", replies=2)
    await say(world.sim, user, "/asesmen")
    await press(world.sim, user, "s1")
    await press(world.sim, user, "pelaksana")
    await press(world.sim, user, "next")
    await press(world.sim, user, "next")
    await press(world.sim, user, "sangat_baik")
    await press(world.sim, user, "none")
    result, _ = await press(world.sim, user, "go", replies=2)
    assert "kewajiban 20 JP sudah terpenuhi. ✅" in result.text
    assert "Diklat teknis ≥ 20 JP: 0/22,5" in result.text
    assert ("Kewajiban 20 JP tahun ini sudah terpenuhi, tetapi Diklat teknis ≥ 20 JP baru 0/22,5: kewajiban "
            "tahunan menghitung semua jenis kegiatan dalam tahun kalender, sedangkan indeks hanya menghitung "
            "diklat teknis dalam 12 bulan terakhir, minimal 20 JP.") in result.text
