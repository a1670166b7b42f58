"""An employee's own data: a complete export (/dataku), and erasure of what is theirs (/hapusdata).

Both walk `bot.privacy.personal_data.PERSONAL_DATA`, the one list of every column that names an employee or
holds a Telegram id, so the export and the erasure cover the same tables. Erasure keeps what the agency needs
(the roster row, HR's imports and grants, the audit trail) and leaves no Telegram id of the person anywhere:
columns are cleared or rows deleted, and in the audit log each id becomes a one-way pseudonym. Both actions
are audit-logged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.privacy.personal_data import PERSONAL_DATA, Erase, Holds, PersonalColumn, sections
from bot.storage.audit import audit, employee_actor, pseudonymise, telegram_ids_in
from bot.storage.models import Assessment, ClaimStatus, Employee, RecordSource, Unit


@dataclass(frozen=True)
class Deleted:
    records: int
    assessments: int


def _same_table(entry: PersonalColumn, *holds: Holds) -> list[PersonalColumn]:
    return [e for e in PERSONAL_DATA if e.model is entry.model and e is not entry and e.holds in holds]


@dataclass(frozen=True)
class _Person:
    """How the person's rows are recognised: their employee id and their Telegram ids (`telegram_ids`: every
    one found in rows about them; `free_ids`: those no other employee is linked to now)."""

    employee_id: int
    telegram_ids: frozenset[int]
    free_ids: frozenset[int]

    def matches(self, entry: PersonalColumn) -> sa.ColumnElement[bool]:
        """The rows of the entry's table that are the person's through the entry's column."""
        column = getattr(entry.model, entry.column)
        if entry.holds in (Holds.EMPLOYEE, Holds.MENTION):
            return column == self.employee_id  # type: ignore[no-any-return]
        if entry.holds is Holds.ACTOR:
            return column == employee_actor(self.employee_id)  # type: ignore[no-any-return]
        if entry.erase is Erase.PSEUDONYMISE:  # JSON is not searched by value: its rows come through the others
            return sa.or_(*(self.matches(e) for e in _same_table(entry, Holds.EMPLOYEE, Holds.MENTION, Holds.ACTOR)))
        owners = _same_table(entry, Holds.EMPLOYEE)
        if not owners:  # a table keyed by Telegram id alone: an old account now a colleague's is theirs
            return column.in_(sorted(self.free_ids)) if self.free_ids else sa.false()
        ids = column.in_(sorted(self.telegram_ids)) if self.telegram_ids else sa.false()
        return sa.and_(ids, sa.or_(*(self.matches(e) for e in owners)))


def _row(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")  # type: ignore[no-any-return]


async def _person(session: AsyncSession, employee: Employee) -> _Person:
    """Their Telegram ids: the current one and every one in the rows about them (codes they redeemed,
    broadcasts they got or sent, link entries of the audit log), less any that another employee uses now."""
    assert employee.id is not None
    by_employee = _Person(employee.id, frozenset(), frozenset())
    ids = {employee.telegram_user_id} if employee.telegram_user_id is not None else set()
    for entry in PERSONAL_DATA:
        owners = _same_table(entry, Holds.EMPLOYEE)
        if entry.holds is not Holds.TELEGRAM or not owners:
            continue
        where = sa.or_(*(by_employee.matches(e) for e in owners))
        for value in (await session.exec(select(getattr(entry.model, entry.column)).where(where))).all():
            if isinstance(value, dict):
                ids |= telegram_ids_in(value)
            elif isinstance(value, int) and value:
                ids.add(value)
    taken = select(Employee.telegram_user_id).where(col(Employee.telegram_user_id).in_(sorted(ids)),
                                                    col(Employee.id) != employee.id)
    in_use = {value for value in (await session.exec(taken)).all() if value is not None} if ids else set()
    return _Person(employee.id, frozenset(ids), frozenset(ids - in_use))


async def export_own_data(session: AsyncSession, employee_id: int, *, clock: Clock) -> dict[str, Any]:
    """Everything stored about the employee, as one JSON-ready document: one key per section of
    `PERSONAL_DATA` (a list of rows, possibly empty), plus their unit and supervisor by name."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    person = await _person(session, employee)
    unit = await session.get(Unit, employee.unit_id) if employee.unit_id else None
    supervisor = await session.get(Employee, employee.supervisor_id) if employee.supervisor_id else None
    document: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "employee": _row(employee),
        "unit": _row(unit) if unit else None,
        "supervisor": {"nip": supervisor.nip, "name": supervisor.name} if supervisor else None,
    }
    for section, entries in sections():
        if section in document:
            continue
        rows: dict[Any, dict[str, Any]] = {}
        for entry in entries:
            for row in (await session.exec(select(entry.model).where(person.matches(entry)))).all():
                rows.setdefault(sa.inspect(row).identity, _row(row))
        document[section] = list(rows.values())
    _with_status(document)
    audit(session, actor=employee_actor(employee_id), action="data.self_export", at=clock.now(),
          target_employee_id=employee_id)
    return document


RECORD_SECTIONS = ("trainings", "performance", "penalties")


def _with_status(document: dict[str, Any]) -> None:
    """Each record says what it is: `official` (HR's), or the employee's own claim with its status (pending,
    verified, rejected, withdrawn); the claim itself, with who decided it and why, is in `claims`."""
    statuses = {claim["id"]: claim["status"] for claim in document.get("claims", [])}
    for section in RECORD_SECTIONS:
        for row in document.get(section, []):
            official = row.get("source") != RecordSource.SELF.value
            row["provenance"] = "official" if official else "claim"
            row["status"] = "official" if official else statuses.get(row.get("claim_id"), ClaimStatus.PENDING.value)


async def delete_own_data(
    session: AsyncSession, employee_id: int, *, clock: Clock, pseudonym_key: bytes | None = None
) -> Deleted:
    """Erase the person's data as `PERSONAL_DATA` says, unlink Telegram; keep HR's roster and imports.

    `pseudonym_key` (the PSEUDONYM_KEY setting) makes the audit log's pseudonyms checkable by whoever holds
    it; without one, a random key used once and forgotten makes them unlinkable to anything."""
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    person = await _person(session, employee)
    key = pseudonym_key or secrets.token_bytes(32)
    was_linked = employee.telegram_user_id is not None
    records = assessments = 0
    # Telegram columns first: they find their rows through the row's employee column, which may be cleared next.
    for entry in sorted(PERSONAL_DATA, key=lambda e: e.holds is not Holds.TELEGRAM):
        model, column, where = entry.model, getattr(entry.model, entry.column), person.matches(entry)
        if entry.erase is Erase.DELETE:
            result = await session.exec(delete(model).where(where))
            assessments += (result.rowcount or 0) if model is Assessment else 0
        elif entry.erase is Erase.DELETE_OWN:
            result = await session.exec(delete(model).where(where, col(model.source) == RecordSource.SELF))  # type: ignore[attr-defined]
            records += result.rowcount or 0
        elif entry.erase in (Erase.CLEAR, Erase.ZERO):
            await session.exec(update(model).where(where).values({column: None if entry.erase is Erase.CLEAR else 0}))
        elif entry.erase is Erase.PSEUDONYMISE:
            for row in (await session.exec(select(model).where(where))).all():
                value = getattr(row, entry.column)
                changed = pseudonymise(value, person.telegram_ids, key) if isinstance(value, dict) else value
                if changed != value:
                    setattr(row, entry.column, changed)
                    session.add(row)
    await session.refresh(employee)
    employee.telegram_blocked_at = None
    employee.linked_at = None
    employee.language = None
    employee.reminders_enabled = True
    employee.updated_at = clock.now()
    session.add(employee)
    deleted = Deleted(records=records, assessments=assessments)
    audit(session, actor=employee_actor(employee_id), action="data.self_delete", at=clock.now(),
          target_employee_id=employee_id,
          details={"records": deleted.records, "assessments": deleted.assessments,
                   "unlinked_telegram_user": was_linked})
    return deleted
