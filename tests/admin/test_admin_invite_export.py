"""Invitations (link codes for HR to hand out) and the full export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.export import export_workbook
from bot.admin.invite import InviteError, invite, write_invitations
from bot.clock import FakeClock
from bot.linking.service import LinkOutcome, redeem_code
from bot.storage.audit import CLI_ACTOR, AuditAction
from bot.storage.models import AuditLog, RecordSource, TrainingRecord
from bot.storage.samples import MakeEmployee, MakeUnit
from scoring.models import TrainingKind

JAKARTA = ZoneInfo("Asia/Jakarta")


async def test_invite_covers_active_unlinked_employees_of_a_unit_subtree(
    session: AsyncSession, make_employee: MakeEmployee, make_unit: MakeUnit, clock: FakeClock
) -> None:
    dinas = await make_unit("DIK", name="Dinas Pendidikan")
    sekolah = await make_unit("SDN-1", name="SD Negeri 1", parent=dinas)
    other = await make_unit("KES", name="Dinas Kesehatan")
    teacher = await make_employee(name="Guru", unit=sekolah)
    await make_employee(name="Kadis", unit=dinas)
    await make_employee(name="Linked", unit=dinas, telegram_user_id=77)
    await make_employee(name="Gone", unit=dinas, active=False)
    await make_employee(name="Perawat", unit=other)
    invitations = await invite(session, clock=clock, actor=CLI_ACTOR, unit="DIK")
    assert [(i.name, i.unit) for i in invitations] == [("Kadis", "Dinas Pendidikan"), ("Guru", "SD Negeri 1")]
    assert len(await invite(session, clock=clock, actor=CLI_ACTOR)) == 3
    again = await invite(session, clock=clock, actor=CLI_ACTOR, nips=[teacher.nip])
    stale = next(i for i in invitations if i.nip == teacher.nip)
    assert (await redeem_code(session, 5, stale.code, clock=clock)).outcome is LinkOutcome.INVALID_CODE
    assert (await redeem_code(session, 5, again[0].code, clock=clock)).linked
    issued = (await session.exec(select(AuditLog).where(col(AuditLog.action) == AuditAction.LINK_CODE_ISSUE))).all()
    assert len(issued) == 6


async def test_invite_by_nip_reaches_linked_employees_for_a_relink(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock
) -> None:
    linked = await make_employee(name="Pindah HP", telegram_user_id=77)
    (invitation,) = await invite(session, clock=clock, actor=CLI_ACTOR, nips=[linked.nip], ttl_days=7)
    assert invitation.expires_at == clock.now() + (invitation.expires_at - clock.now())
    result = await redeem_code(session, 78, invitation.code, clock=clock)
    assert result.linked and result.previous_telegram_user_id == 77
    with pytest.raises(InviteError, match="198"):
        await invite(session, clock=clock, actor=CLI_ACTOR, nips=["198507172010012004"])


def test_the_code_list_is_a_csv_for_people() -> None:
    from bot.admin.invite import Invitation

    stream = io.StringIO()
    expires = datetime(2026, 12, 28, 2, 0, tzinfo=ZoneInfo("UTC"))
    write_invitations(
        [Invitation("198507172010012004", "Siti", "SD Negeri 1", "K7MQX-3RWPA", expires)],
        stream,
        tz=JAKARTA,
        bot_username="ipasn_bot",
    )
    rows = list(csv.reader(io.StringIO(stream.getvalue())))
    assert rows == [
        ["NIP", "Nama", "Unit Kerja", "Kode", "Berlaku Sampai", "Petunjuk", "Tautan"],
        [
            "19850717 201001 2 004",  # printed form: Excel keeps it as text, not 1,98507E+17
            "Siti",
            "SD Negeri 1",
            "K7MQX-3RWPA",
            "2026-12-28 09:00",
            "Buka bot IP ASN di Telegram dan kirim: /start K7MQX-3RWPA",
            "https://t.me/ipasn_bot?start=K7MQX-3RWPA",
        ],
    ]


async def test_export_has_a_sheet_per_table_and_never_a_live_formula(
    session: AsyncSession, make_employee: MakeEmployee, clock: FakeClock, tmp_path: Path
) -> None:
    siti = await make_employee(name="Siti", linked_at=clock.now(), telegram_user_id=99)
    assert siti.id is not None
    session.add(
        TrainingRecord(
            employee_id=siti.id,
            kind=TrainingKind.SEMINAR,
            title='=HYPERLINK("http://evil.example","klik")',
            end_date=clock.now().date(),
            jp=2,
            source=RecordSource.SELF,
            created_by="employee:1",
        )
    )
    await session.commit()
    path = tmp_path / "all.xlsx"
    counts = await export_workbook(session, path, clock=clock, actor=CLI_ACTOR)
    await session.commit()
    assert counts["employee"] == 1 and counts["training_record"] == 1 and counts["unit"] == 0
    workbook = load_workbook(path)
    assert {"export", "employee", "training_record", "audit_log", "link_code"} <= set(workbook.sheetnames)
    employee = workbook["employee"]
    header = [cell.value for cell in employee[1]]
    row = dict(zip(header, [cell.value for cell in employee[2]], strict=True))
    assert row["name"] == "Siti" and row["position_type"] == "pelaksana"
    assert row["linked_at (UTC)"] == clock.now().astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    title_cell = workbook["training_record"][2][[c.value for c in workbook["training_record"][1]].index("title")]
    assert title_cell.data_type == "s" and title_cell.value.startswith("=HYPERLINK")
    logged = (await session.exec(select(AuditLog).where(col(AuditLog.action) == AuditAction.EXPORT))).one()
    assert logged.details["file"] == "all.xlsx"
