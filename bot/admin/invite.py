"""`admin invite`: a one-time link code for each employee who has not linked Telegram yet.

The list HR prints or mails out is the only place a code exists in plain text (the database keeps hashes),
so re-running `invite` makes new codes and voids the unused old ones: the newest list is the valid one.
`--nip` issues a code for named employees even when already linked: that is how an employee who changed
phones re-links (the relink is audit-logged when redeemed).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.linking.codes import deep_link
from bot.linking.service import DEFAULT_TTL_DAYS, issue_codes
from bot.storage.models import Employee, Unit
from bot.storage.nip import normalize_nip
from bot.storage.units import resolve_unit, unit_subtree_ids


class InviteError(ValueError):
    pass


@dataclass(frozen=True)
class Invitation:
    nip: str
    name: str
    unit: str
    code: str
    expires_at: datetime


async def invite(
    session: AsyncSession,
    *,
    clock: Clock,
    actor: str,
    unit: str | None = None,
    nips: Sequence[str] = (),
    ttl_days: int = DEFAULT_TTL_DAYS,
) -> list[Invitation]:
    """Codes for the active, not-yet-linked employees (of a unit subtree), or for the given NIPs."""
    query = select(Employee, Unit.name).join(Unit, col(Employee.unit_id) == col(Unit.id), isouter=True)
    query = query.where(col(Employee.active).is_(True))
    if nips:
        wanted = [normalize_nip(nip) for nip in nips]
        query = query.where(col(Employee.nip).in_(wanted))
    else:
        query = query.where(col(Employee.telegram_user_id).is_(None))
    if unit is not None:
        root = await resolve_unit(session, unit)
        assert root.id is not None
        query = query.where(col(Employee.unit_id).in_(await unit_subtree_ids(session, root.id)))
    rows = (await session.exec(query.order_by(col(Unit.name), col(Employee.name)))).all()
    if nips:
        missing = sorted(set(wanted) - {employee.nip for employee, _ in rows})
        if missing:
            raise InviteError("not an active employee" + (" in that unit" if unit else "") + ": " + ", ".join(missing))
    employees = [(employee, unit_name) for employee, unit_name in rows if employee.id is not None]
    issued = await issue_codes(
        session, [employee.id for employee, _ in employees if employee.id], clock=clock, actor=actor, ttl_days=ttl_days
    )
    return [
        Invitation(employee.nip, employee.name, unit_name or "", item.code, item.expires_at)
        for (employee, unit_name), item in zip(employees, issued, strict=True)
    ]


def write_invitations(
    invitations: Sequence[Invitation], stream: TextIO, *, tz: ZoneInfo, bot_username: str | None = None
) -> None:
    """CSV for HR (Indonesian headers: it goes to employees): NIP, name, unit, code, expiry, how to use it."""
    writer = csv.writer(stream)
    header = ["NIP", "Nama", "Unit Kerja", "Kode", "Berlaku Sampai", "Petunjuk"]
    if bot_username:
        header.append("Tautan")
    writer.writerow(header)
    for item in invitations:
        row = [
            item.nip,
            item.name,
            item.unit,
            item.code,
            f"{item.expires_at.astimezone(tz):%Y-%m-%d %H:%M}",
            f"Buka bot IP ASN di Telegram dan kirim: /start {item.code}",
        ]
        if bot_username:
            row.append(deep_link(bot_username, item.code))
        writer.writerow(row)
