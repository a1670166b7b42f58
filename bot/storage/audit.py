"""Writing the audit log: every HR and supervisor action and every change to personal data goes through here.

Actors are strings so that the log outlives employees and covers non-people: 'employee:<id>' for a person
acting in the bot, 'cli' for the admin command line, 'system' for the bot itself (e.g. a scheduled job).

The log is appended to and never rewritten, with one exception the law makes: when a person erases their
data (/hapusdata) the Telegram ids in their entries become pseudonyms (`pseudonymise`), and the actions stay.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection, Iterable, Mapping
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
PSEUDONYM_PREFIX = "pseudonym:"


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


def pseudonym(telegram_id: int, key: bytes) -> str:
    """A one-way stand-in for a Telegram id: HMAC-SHA256 under `key`, 128 bits in hex.

    Keyed, not a plain or salted hash: Telegram ids are about ten digits, so any unkeyed hash of one is
    reversed by trying them all in minutes. Without the key the pseudonym says nothing; with it (the
    PSEUDONYM_KEY setting, kept outside the database) the agency can answer one question only: "was this
    account, which I already know, the one in that entry?". The same id gives the same pseudonym under one
    key, so a person's entries still read as one account."""
    digest = hmac.new(key, str(telegram_id).encode(), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:32]


def pseudonymise(details: Mapping[str, Any], telegram_ids: Collection[int], key: bytes) -> dict[str, Any]:
    """`details` with every occurrence of one of `telegram_ids` (as a number or as digits) replaced by its
    pseudonym, at any depth; everything else as it was."""

    def replaced(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in telegram_ids:
            return pseudonym(value, key)
        if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) in telegram_ids:
            return pseudonym(int(value), key)
        if isinstance(value, Mapping):
            return {k: replaced(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [replaced(v) for v in value]
        return value

    return {k: replaced(v) for k, v in details.items()}


def telegram_ids_in(details: Mapping[str, Any]) -> set[int]:
    """The Telegram ids an entry names: integers under a key that says so ('telegram_user_id',
    'previous_telegram_user_id', '…chat_id'), at any depth."""
    found: set[int] = set()

    def walk(value: Any, named: bool) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, "telegram" in str(k) or str(k).endswith("chat_id"))
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, named)
        elif named and isinstance(value, int) and not isinstance(value, bool):
            found.add(value)

    walk(details, False)
    return found
