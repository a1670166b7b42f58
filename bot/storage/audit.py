"""Writing the audit log: every HR and supervisor action and every change to personal data goes through here.

Actors are strings so that the log outlives employees and covers non-people: 'employee:<id>' for a person
acting in the bot, 'cli' for the admin command line, 'system' for the bot itself (e.g. a scheduled job).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import AuditLog

CLI_ACTOR = "cli"
SYSTEM_ACTOR = "system"
_CHUNK = 5_000


def employee_actor(employee_id: int) -> str:
    return f"employee:{employee_id}"


def actor_employee_id(actor: str) -> int | None:
    """The employee id inside an 'employee:<id>' actor, else None."""
    prefix, _, rest = actor.partition(":")
    return int(rest) if prefix == "employee" and rest.isdigit() else None


class AuditAction(StrEnum):
    """The actions this layer writes; later features add their own strings (the column is free text)."""

    ROSTER_IMPORT = "roster.import"
    EMPLOYEE_CREATE = "employee.create"
    EMPLOYEE_UPDATE = "employee.update"
    EMPLOYEE_DEACTIVATE = "employee.deactivate"
    RECORDS_IMPORT = "records.import"
    TRAINING_IMPORT = "training.import"
    SKP_IMPORT = "skp.import"
    PENALTY_IMPORT = "penalty.import"
    ROLE_GRANT = "role.grant"
    ROLE_REVOKE = "role.revoke"
    LINK_CODE_ISSUE = "link.code_issue"
    LINK = "link.link"
    RELINK = "link.relink"
    UNLINK = "link.unlink"
    EXPORT = "data.export"


def audit(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    at: datetime,
    target_employee_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditLog:
    """Add one entry to the session; it is written with the change it describes (same transaction)."""
    entry = AuditLog(
        at=at, actor=actor, action=action, target_employee_id=target_employee_id, details=dict(details or {})
    )
    session.add(entry)
    return entry


async def audit_many(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    at: datetime,
    entries: Iterable[tuple[int | None, Mapping[str, Any]]],
) -> int:
    """Bulk entries `(target_employee_id, details)` with one executemany per chunk; returns how many."""
    table = table_of(AuditLog)
    rows = [
        {"at": at, "actor": actor, "action": action, "target_employee_id": target, "details": dict(details)}
        for target, details in entries
    ]
    connection = await core_connection(session)
    for start in range(0, len(rows), _CHUNK):
        await connection.execute(sa.insert(table), rows[start : start + _CHUNK])
    return len(rows)
