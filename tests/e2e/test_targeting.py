"""Issue 14 end to end: HR drills down /rekap and asks what to do first and what changed; HR lists and cancels a
scheduled broadcast (twice pressed, cancelled once); a supervisor nudges the team (once a day) and opens one
member — all through the real Application and the Bot API emulator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.app import build_application
from bot.clock import FakeClock
from bot.simulator import BotApiSimulator, run_polling
from bot.storage.models import Employee, Role, Unit
from bot.storage.profiles import Basis
from bot.storage.roles import grant_role
from bot.targeting import handlers
from tests.agency import assess
from tests.e2e.conftest import World
from tests.e2e.helpers import press, say
from tests.e2e.test_broadcast import hr, hr_admin, hr_settings  # noqa: F401  (the `hr` world: fast delivery)


async def tap(world: World, user: Any, message: Any, text: str, replies: int = 1) -> list[Any]:
    """Press the button of `message` whose label contains `text`; wait for the replies."""
    await world.sim.user_presses(user, data_of(message, text), message=message)
    return await world.sim.wait_for_replies(user, replies)


def data_of(message: object, text: str) -> str:
    for row in message.buttons:  # type: ignore[attr-defined]
        for button in row:
            if text in button.text:
                return str(button.callback_data)
    raise AssertionError(f"no button {text!r}")


async def organisation(world: World) -> dict[str, object]:
    made: dict[str, object] = {}
    async with world.session() as session:
        for code, parent, name in (("DIK", None, "Dinas Pendidikan"), ("DIK-SD", "DIK", "Seksi SD"),
                                   ("KES", None, "Dinas Kesehatan")):
            unit = Unit(code=code, name=name, parent_id=made[parent].id if parent else None)  # type: ignore[attr-defined]
            session.add(unit)
            await session.flush()
            made[code] = unit
    boss_user, boss = await world.linked_user(unit_id=made["DIK-SD"].id, position_type="pengawas")  # type: ignore[attr-defined]
    made.update(boss_user=boss_user, boss=boss)
    staff = []
    for k in range(3):
        user, employee = await world.linked_user(unit_id=made["DIK-SD"].id)  # type: ignore[attr-defined]
        async with world.session() as session:
            row = await session.get(Employee, employee.id)
            assert row is not None
            row.supervisor_id = boss.id
            session.add(row)
            if k:
                await assess(session, world.clock, row, k)
        staff.append((user, employee))
    made["staff"] = staff
    return made


async def test_hr_drills_down_asks_what_first_compares_and_cancels_a_broadcast(hr: World) -> None:  # noqa: F811
    world, sim = hr, hr.sim
    org = await organisation(world)
    admin, admin_employee = await hr_admin(world)
    overview, _chart = await say(sim, admin, "/rekap", replies=2)
    [dik] = await tap(world, admin, overview, "DIK")
    assert dik.text.startswith("DIK Dinas Pendidikan") and "Subunit (1)" in dik.text
    [sd] = await tap(world, admin, dik, "DIK-SD")
    assert "Seksi SD" in sd.text and "Pegawai unit ini (4)" in sd.text and "belum pernah diukur" in sd.text
    [up] = await tap(world, admin, sd, "Naik ke DIK")
    assert "Dinas Pendidikan" in up.text
    [found] = await say(sim, admin, "/rekap  seksi   sd")  # by name, any case and spacing
    assert "Pegawai unit ini (4)" in found.text
    [choice] = await say(sim, admin, "/rekap dinas")
    assert "2 unit yang cocok" in choice.text
    [first] = await tap(world, admin, sd, "Apa dulu")
    assert "Apa dulu: DIK-SD Seksi SD" in first.text and "Hukuman disiplin tidak pernah disarankan" in first.text
    [changed] = await tap(world, admin, overview, "Dibanding")
    assert "Perubahan indeks: seluruh unit" in changed.text
    # outside the scope: a forged button, after the admin is limited to KES
    async with world.session() as session:
        await grant_role(session, admin_employee.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock,
                         unit_id=org["KES"].id)  # type: ignore[attr-defined]
    forged = await sim.forge_callback_query(admin, data_of(dik, "DIK-SD"))
    await sim.wait_for_answer(forged)
    [refused] = await sim.wait_for_replies(admin, 1)
    assert "di luar cakupan" in refused.text
    async with world.session() as session:
        await grant_role(session, admin_employee.id or 0, Role.HR_ADMIN, actor="cli", clock=world.clock)
    # a scheduled broadcast, listed and cancelled; the second press is told it was already done
    await say(sim, admin, "/siaran")
    await say(sim, admin, "Rapat besok")
    await press(sim, admin, "all")
    await press(sim, admin, "when")
    when = (world.clock.now() + timedelta(days=1)).strftime("%d/%m/%Y 09:00")
    await say(sim, admin, when)
    [scheduled] = await press(sim, admin, "send")
    assert "dijadwalkan" in scheduled.text
    [listing] = await say(sim, admin, "/siaran daftar")
    assert "terjadwal" in listing.text and "Rapat besok" in listing.text
    cancel = data_of(listing, "Batalkan")
    [cancelled] = await press(sim, admin, cancel)
    assert "dibatalkan: tidak ada pesan yang dikirim" in cancelled.text
    await sim.user_presses(admin, cancel, message=listing)
    [again] = await sim.wait_for_replies(admin, 1)
    assert "Sudah tersimpan" in again.text
    [empty] = await say(sim, admin, "/siaran daftar")
    assert "Tidak ada siaran" in empty.text


async def test_a_supervisor_nudges_once_a_day_and_opens_one_member(hr: World) -> None:  # noqa: F811
    world, sim = hr, hr.sim
    org = await organisation(world)
    boss = org["boss_user"]
    team, _chart = await say(sim, boss, "/tim", replies=2)
    [choice] = await tap(world, boss, team, "Ingatkan")
    assert "Kurang 20 JP tahun ini (3)" in " ".join(b.text for row in choice.buttons for b in row)
    [done] = await tap(world, boss, choice, "Kurang 20 JP")
    assert "3 anggota akan menerimanya" in done.text
    staff_users = [user for user, _ in org["staff"]]  # type: ignore[attr-defined]
    for user in staff_users:
        [nudged] = await sim.wait_for_replies(user, 1, timeout=10)
        assert "mengingatkan" in nudged.text and nudged.buttons[0][0].callback_data == "m|pelatihan"
    await sim.user_presses(boss, data_of(choice, "Kurang 20 JP"), message=choice)
    [again] = await sim.wait_for_replies(boss, 1)
    assert "0 anggota" in again.text and "Sudah diingatkan hari ini: 3" in again.text
    [members] = await tap(world, boss, team, "Rincian anggota")
    [detail] = await press(sim, boss, members.buttons[0][0].callback_data or "")
    assert "IP ASN terakhir" in detail.text and "Yang kurang" in detail.text
    _, outsider = await world.linked_user(unit_id=org["KES"].id)  # type: ignore[attr-defined]
    forged = await sim.forge_callback_query(boss, f"timm|d|{outsider.id}")
    await sim.wait_for_answer(forged)
    [refused] = await sim.wait_for_replies(boss, 1)
    assert "tidak berada dalam tim" in refused.text


@pytest.mark.parametrize("basis", [Basis.DECLARED, Basis.VERIFIED])
async def test_what_first_and_the_comparison_are_on_index_basis_as_the_map_is(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, basis: Basis
) -> None:
    """INDEX_BASIS chooses the figure of every /rekap view: the buttons "Apa dulu" and "Dibanding" ask the
    services for it (the services' own tests show each basis's figures are exact)."""
    asked: list[tuple[str, Basis | None]] = []

    def spying(name: str) -> Any:
        real = getattr(handlers, name)

        def spy(*args: Any, **kwargs: Any) -> Any:
            asked.append((name, kwargs.get("basis")))
            return real(*args, **kwargs)
        return spy

    for name in ("scope_needs", "compare"):
        monkeypatch.setattr(handlers, name, spying(name))
    async with BotApiSimulator(wall_clock=lambda: clock.now().timestamp()) as sim:
        app = build_application(hr_settings(database_url, INDEX_BASIS=basis.value), base_url=sim.base_url,
                                clock=clock)
        async with run_polling(app, poll_timeout=1):
            world = World(sim, app, clock, database_url)
            await organisation(world)
            admin, _employee = await hr_admin(world)
            overview, _chart = await say(sim, admin, "/rekap", replies=2)
            [changed] = await tap(world, admin, overview, "Dibanding")
            [dik] = await tap(world, admin, overview, "DIK")
            [first] = await tap(world, admin, dik, "Apa dulu")
        assert sim.violations == [], sim.violations
    assert "Perubahan indeks" in changed.text and "Apa dulu: DIK" in first.text
    assert sorted(asked) == [("compare", basis), ("scope_needs", basis)]


async def test_unexpected_words_after_rekap_and_siaran_are_answered_and_never_echoed_raw(hr: World) -> None:  # noqa: F811
    """/rekap's search words are cleaned where they enter (a bidi override is never echoed back; words that leave
    nothing get the usage line); /siaran with words it does not know says so before it asks for the message."""
    world, sim = hr, hr.sim
    await organisation(world)
    admin, _employee = await hr_admin(world)
    [usage] = await say(sim, admin, "/rekap \u202e\u200b")
    assert usage.text.startswith("Gunakan /rekap")
    [none] = await say(sim, admin, "/rekap \u202eXYZ")
    assert '"XYZ" tidak ditemukan' in none.text and "\u202e" not in none.text
    [found] = await say(sim, admin, "/rekap \u202eseksi\u200b sd")
    assert "Seksi SD" in found.text
    unused, compose = await say(sim, admin, "/siaran daftr", replies=2)
    assert "tidak dipakai" in unused.text and "/siaran daftar" in unused.text
    assert compose.text.startswith("Siaran baru")
