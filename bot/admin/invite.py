"""`admin invite`: a one-time link code for each employee who has not linked Telegram yet.

The list HR prints or mails out is the only place a code exists in plain text (the database keeps hashes),
so re-running `invite` makes new codes and voids the unused old ones: the newest list is the valid one.
`--nip` issues a code for named employees even when already linked: that is how an employee who changed
phones re-links (the relink is audit-logged when redeemed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.linking.codes import deep_link
from bot.linking.service import DEFAULT_TTL_DAYS, issue_codes
from bot.storage.models import Employee, Unit
from bot.storage.nip import normalize_nip, printed_nip
from bot.storage.units import resolve_unit, unit_subtree_ids
from scoring.io.cells import Cell
from scoring.io.writing import Column, CsvSink, Kind, open_sink, output_kind


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


def _table(
    invitations: Sequence[Invitation], *, tz: ZoneInfo, bot_username: str | None, printed: bool
) -> tuple[list[Column], list[list[Cell]]]:
    """Indonesian headers (the list goes to employees): NIP, name, unit, code, expiry, how to use it, and the
    deep link when the bot's username is known. The expiry is the local wall-clock time, to the minute."""
    header = [Column("NIP"), Column("Nama"), Column("Unit Kerja"), Column("Kode"),
              Column("Berlaku Sampai", Kind.DATETIME), Column("Petunjuk")]
    if bot_username:
        header.append(Column("Tautan"))
    rows: list[list[Cell]] = []
    for item in invitations:
        expires = item.expires_at.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
        row: list[Cell] = [printed_nip(item.nip) if printed else item.nip, item.name, item.unit, item.code, expires,
                           f"Buka bot IP ASN di Telegram dan kirim: /start {item.code}"]
        if bot_username:
            row.append(deep_link(bot_username, item.code))
        rows.append(row)
    return header, rows


def write_invitations(
    invitations: Sequence[Invitation], stream: TextIO, *, tz: ZoneInfo, bot_username: str | None = None
) -> None:
    """The code list as CSV on a stream (standard output); the NIP in its printed form."""
    header, rows = _table(invitations, tz=tz, bot_username=bot_username, printed=True)
    sink = CsvSink(stream)
    sink.write([column.title for column in header])
    sink.write_all(rows)
    sink.close()


def save_invitations(
    invitations: Sequence[Invitation], path: Path, *, tz: ZoneInfo, bot_username: str | None = None
) -> None:
    """The code list as the file `path` names: .xlsx (NIP as a text cell) or .csv (NIP in its printed form);
    another name raises `SheetError`."""
    header, rows = _table(invitations, tz=tz, bot_username=bot_username, printed=output_kind(path) == "csv")
    with open_sink(path, header=header, sheet_title="Kode aktivasi") as sink:
        sink.write_all(rows)
