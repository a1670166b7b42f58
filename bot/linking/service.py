"""The linking use case: issue codes, redeem a code from a Telegram account, unlink. No Telegram imports.

Rules (issue 3): a code is random, single-use, expires (30 days by default), is bound to one employee and
stored only as a hash. One employee has at most one Telegram account and one account at most one employee.
Issuing a new code revokes the employee's earlier unused ones, so the latest list HR printed is the valid
one. After `MAX_FREE_FAILURES` wrong codes an account waits `BASE_LOCK`, doubling with every further wrong
code up to `MAX_LOCK`; failures are stored, so a restart resets nothing, and forgotten after a quiet
`FAILURE_MEMORY`. A linked employee re-links only with a new code; that is audit-logged as a relink.

Callers commit the session whatever the outcome: a wrong code must be remembered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.linking.codes import generate_code, hash_code, is_well_formed
from bot.reminders.service import mark_reachable
from bot.storage.audit import AuditAction, audit, audit_many, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, LinkAttempt, LinkCode
from bot.texts import Lang, lang_of

DEFAULT_TTL_DAYS = 30
MAX_FREE_FAILURES = 5
BASE_LOCK = timedelta(minutes=15)
MAX_LOCK = timedelta(hours=24)
FAILURE_MEMORY = timedelta(hours=24)
_CHUNK = 1_000


class LinkOutcome(StrEnum):
    LINKED = "linked"
    INVALID_CODE = "invalid_code"
    EXPIRED = "expired"
    ALREADY_USED = "already_used"
    LOCKED = "locked"
    ACCOUNT_LINKED_ELSEWHERE = "account_linked_elsewhere"
    EMPLOYEE_INACTIVE = "employee_inactive"
    ALREADY_LINKED = "already_linked"
    """The code was redeemed before by this very account: a repeat after a lost answer, nothing to do."""


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    employee_id: int | None = None
    locked_until: datetime | None = None
    """Set for LOCKED, and for INVALID_CODE when this wrong code started a wait."""
    attempts_left: int | None = None
    """For INVALID_CODE without a wait: wrong codes left before one."""
    previous_telegram_user_id: int | None = None
    """For LINKED: the account this employee was linked to before, when it was another one (a relink)."""

    @property
    def linked(self) -> bool:
        return self.outcome is LinkOutcome.LINKED


@dataclass(frozen=True)
class IssuedCode:
    employee_id: int
    code: str
    """The plain code, only here: it is never stored."""
    expires_at: datetime


def lock_duration(failures: int) -> timedelta | None:
    """The wait after `failures` wrong codes in a row: none below the limit, then doubling, capped."""
    if failures < MAX_FREE_FAILURES:
        return None
    doublings = min(failures - MAX_FREE_FAILURES, 20)  # bounded: timedelta overflows long before 2**100
    return min(BASE_LOCK * (1 << doublings), MAX_LOCK)


async def issue_codes(
    session: AsyncSession,
    employee_ids: Sequence[int],
    *,
    clock: Clock,
    actor: str,
    ttl_days: int = DEFAULT_TTL_DAYS,
) -> list[IssuedCode]:
    """A new code for each employee, revoking their unused older codes; bulk statements for large lists."""
    if ttl_days < 1:
        raise ValueError("codes must be valid for at least one day")
    now = clock.now()
    expires_at = now + timedelta(days=ttl_days)
    link_code = table_of(LinkCode)
    issued = [IssuedCode(employee_id, generate_code(), expires_at) for employee_id in employee_ids]
    connection = await core_connection(session)
    for start in range(0, len(issued), _CHUNK):
        chunk = issued[start : start + _CHUNK]
        await connection.execute(
            sa.update(link_code)
            .where(
                link_code.c.employee_id.in_([item.employee_id for item in chunk]),
                link_code.c.used_at.is_(None),
                link_code.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        await connection.execute(
            sa.insert(link_code),
            [
                {
                    "employee_id": item.employee_id,
                    "code_hash": hash_code(item.code),
                    "created_by": actor,
                    "created_at": now,
                    "expires_at": expires_at,
                }
                for item in chunk
            ],
        )
    await audit_many(
        session,
        actor=actor,
        action=AuditAction.LINK_CODE_ISSUE,
        at=now,
        entries=((item.employee_id, {"expires_at": expires_at.isoformat()}) for item in issued),
    )
    return issued


async def issue_code(
    session: AsyncSession, employee_id: int, *, clock: Clock, actor: str, ttl_days: int = DEFAULT_TTL_DAYS
) -> IssuedCode:
    return (await issue_codes(session, [employee_id], clock=clock, actor=actor, ttl_days=ttl_days))[0]


async def _attempt(session: AsyncSession, telegram_user_id: int) -> LinkAttempt | None:
    return await session.get(LinkAttempt, telegram_user_id)


async def locked_until(session: AsyncSession, telegram_user_id: int, *, clock: Clock) -> datetime | None:
    """When the account may try again, or None if it may now."""
    attempt = await _attempt(session, telegram_user_id)
    if attempt is None or attempt.locked_until is None or attempt.locked_until <= clock.now():
        return None
    return attempt.locked_until


async def _wrong_code(session: AsyncSession, telegram_user_id: int, now: datetime) -> LinkResult:
    attempt = await _attempt(session, telegram_user_id)
    if attempt is None:
        attempt = LinkAttempt(telegram_user_id=telegram_user_id, failures=0)
    elif attempt.last_failure_at is not None and now - attempt.last_failure_at > FAILURE_MEMORY:
        attempt.failures = 0
    attempt.failures += 1
    attempt.last_failure_at = now
    wait = lock_duration(attempt.failures)
    attempt.locked_until = now + wait if wait is not None else None
    session.add(attempt)
    await session.flush()
    if attempt.locked_until is not None:
        return LinkResult(LinkOutcome.INVALID_CODE, locked_until=attempt.locked_until, attempts_left=0)
    return LinkResult(LinkOutcome.INVALID_CODE, attempts_left=MAX_FREE_FAILURES - attempt.failures)


async def redeem_code(session: AsyncSession, telegram_user_id: int, text: str, *, clock: Clock) -> LinkResult:
    """Link the Telegram account to the code's employee, or say precisely why not."""
    now = clock.now()
    wait_until = await locked_until(session, telegram_user_id, clock=clock)
    if wait_until is not None:
        return LinkResult(LinkOutcome.LOCKED, locked_until=wait_until)
    code = None
    if is_well_formed(text):
        query = select(LinkCode).where(col(LinkCode.code_hash) == hash_code(text))
        code = (await session.exec(query)).first()
    if code is None or code.revoked_at is not None:
        return await _wrong_code(session, telegram_user_id, now)
    # From here on the person holds a real code HR issued: nothing below counts as a wrong guess.
    if code.used_at is not None:
        mine = code.used_by_telegram_user_id == telegram_user_id
        return LinkResult(LinkOutcome.ALREADY_LINKED if mine else LinkOutcome.ALREADY_USED,
                          employee_id=code.employee_id)
    if code.expires_at <= now:
        return LinkResult(LinkOutcome.EXPIRED, employee_id=code.employee_id)
    employee = await session.get(Employee, code.employee_id)
    if employee is None or not employee.active:
        return LinkResult(LinkOutcome.EMPLOYEE_INACTIVE, employee_id=code.employee_id)
    other = (
        await session.exec(
            select(Employee).where(col(Employee.telegram_user_id) == telegram_user_id, col(Employee.id) != employee.id)
        )
    ).first()
    if other is not None:
        return LinkResult(LinkOutcome.ACCOUNT_LINKED_ELSEWHERE, employee_id=other.id)
    link_code = table_of(LinkCode)
    connection = await core_connection(session)
    claimed = await connection.execute(
        sa.update(link_code)
        .where(link_code.c.id == code.id, link_code.c.used_at.is_(None), link_code.c.revoked_at.is_(None))
        .values(used_at=now, used_by_telegram_user_id=telegram_user_id)
    )
    if claimed.rowcount != 1:  # another request redeemed it a moment ago
        return LinkResult(LinkOutcome.ALREADY_USED, employee_id=code.employee_id)
    await connection.execute(
        sa.update(link_code)
        .where(
            link_code.c.employee_id == employee.id,
            link_code.c.used_at.is_(None),
            link_code.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    previous = employee.telegram_user_id
    employee.telegram_user_id = telegram_user_id
    employee.telegram_blocked_at = None  # a fresh link: whatever blocked before is a new conversation now
    employee.linked_at = now
    employee.updated_at = now
    session.add(employee)
    relinked = previous is not None and previous != telegram_user_id
    audit(
        session,
        actor=employee_actor(employee.id) if employee.id is not None else "system",
        action=AuditAction.RELINK if relinked else AuditAction.LINK,
        at=now,
        target_employee_id=employee.id,
        details={"telegram_user_id": telegram_user_id, "previous_telegram_user_id": previous},
    )
    attempt = await _attempt(session, telegram_user_id)
    if attempt is not None:
        await session.delete(attempt)
    await session.flush()
    return LinkResult(
        LinkOutcome.LINKED, employee_id=employee.id, previous_telegram_user_id=previous if relinked else None
    )


async def unlink(session: AsyncSession, employee_id: int, *, actor: str, clock: Clock) -> int | None:
    """Detach the employee's Telegram account (HR action, or the employee leaving); returns the old id."""
    employee = await session.get(Employee, employee_id)
    if employee is None or employee.telegram_user_id is None:
        return None
    previous = employee.telegram_user_id
    now = clock.now()
    employee.telegram_user_id = None
    employee.telegram_blocked_at = None
    employee.linked_at = None
    employee.updated_at = now
    session.add(employee)
    audit(
        session,
        actor=actor,
        action=AuditAction.UNLINK,
        at=now,
        target_employee_id=employee_id,
        details={"previous_telegram_user_id": previous},
    )
    await session.flush()
    return previous


async def employee_for_telegram_user(session: AsyncSession, telegram_user_id: int) -> Employee | None:
    """The active employee linked to this account; an inactive one's link is kept but grants nothing."""
    query = select(Employee).where(col(Employee.telegram_user_id) == telegram_user_id, col(Employee.active).is_(True))
    return (await session.exec(query)).first()


@dataclass(frozen=True)
class Me:
    """The caller as services see them: enough to greet, authorise and localise."""

    employee_id: int
    name: str
    nip: str
    lang: Lang


async def whoami(session: AsyncSession, telegram_user_id: int, default_lang: Lang) -> Me | None:
    """The linked employee behind a Telegram account (None: not linked). Reads only, except in the rare
    case the account was marked as blocking the bot: they write to it, so that mark is cleared."""
    employee = await employee_for_telegram_user(session, telegram_user_id)
    if employee is None or employee.id is None:
        return None
    if employee.telegram_blocked_at is not None:
        await mark_reachable(session, telegram_user_id)
    return Me(employee.id, employee.name, employee.nip, lang_of(employee.language, default_lang))
