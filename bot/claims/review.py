"""Deciding claims: who may review which, in what order, and each decision exactly once. No Telegram here.

Who reviews (docs/ipasn-rules.md §10, "Review"): a supervisor the pending claims of the active people below
them (their direct reports first, then everyone further down the supervisor chain and, with a granted
supervisor role for a unit, that unit's subtree); an HR admin those of the active employees in their scope.
A dispute ("this record is wrong") is for HR only: it is about HR's own data. Nobody reviews their own
claims. Within each group the oldest claim comes first.

Every check is made again at every press (a role may have been revoked since the card was shown), and a
decision is one conditional UPDATE … WHERE status = 'pending' AND updated_at = <as shown>: of two reviewers
pressing at once one wins, the other is told who decided; a card whose claim changed since it was shown
(corrected, withdrawn, closed by an import) changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.claims.service import audit_claim
from bot.cleaning import TextRefused, clean_text
from bot.clock import Clock
from bot.delivery import outbox
from bot.storage.assessments import latest_assessment, refresh_figures
from bot.storage.audit import actor_employee_id, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Claim, ClaimKind, ClaimStatus, Employee, Role
from bot.storage.models.claims import REASON_MAX
from bot.storage.roles import grants_of, has_reports, hr_unit_ids, report_ids
from bot.storage.units import unit_subtree_ids

OUTCOME_KIND = "review-outcome"
"""`outbox_batch.kind` of the message telling an employee what was decided about their claim."""
VERSION_CHARS = 6
"""Hex characters of a claim's version in a button: enough to tell one change from the next."""


class Verdict(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Refusal(StrEnum):
    """Why a decision was not made; each is a catalog key `review.refused.<value>`."""

    GONE = "gone"
    """Not a claim this reviewer may decide now, or not the claim the card showed: "no longer valid"."""
    DECIDED = "decided"
    """Someone else decided it in the meantime (or the employee withdrew it)."""
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"


class ReviewRefused(Exception):
    def __init__(self, refusal: Refusal, claim: Claim | None = None) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.claim = claim


@dataclass(frozen=True)
class Reach:
    """Whom a reviewer may review now, read from their roles at this press."""

    reviewer_id: int
    supervises: bool
    """Has active reports (or a granted supervisor role): the supervisor chain below them counts."""
    granted_units: frozenset[int]
    """The subtree of a granted supervisor role's unit (empty: none)."""
    hr: bool
    hr_units: frozenset[int] | None
    """An HR admin's units (None: every unit); meaningless unless `hr`."""
    below: frozenset[int] = frozenset()
    """Everyone active down the supervisor chain (direct reports included), read once per press."""


async def reach_of(session: AsyncSession, reviewer_id: int) -> Reach | None:
    """The reviewer's reach, or None when they may review nobody (not an active supervisor or HR admin)."""
    reviewer = await session.get(Employee, reviewer_id)
    if reviewer is None or not reviewer.active:
        return None
    grants = await grants_of(session, reviewer_id)
    granted = grants.get(Role.SUPERVISOR)
    units = frozenset(await unit_subtree_ids(session, granted.unit_id)) if granted and granted.unit_id else frozenset()
    supervises = granted is not None or await has_reports(session, reviewer_id)
    hr = Role.HR_ADMIN in grants
    hr_units = await hr_unit_ids(session, reviewer_id) if hr else set()
    if not supervises and not hr:
        return None
    below = frozenset(await report_ids(session, reviewer_id)) if supervises else frozenset()
    return Reach(reviewer_id, supervises, units, hr, None if hr_units is None else frozenset(hr_units), below)


_claim = table_of(Claim)
_employee = table_of(Employee)


def _chain(reviewer_id: int) -> sa.CTE:
    """Everyone active below the reviewer down the supervisor chain (UNION: a cycle cannot loop)."""
    below = (sa.select(_employee.c.id).where(_employee.c.supervisor_id == reviewer_id, _employee.c.active.is_(True))
             .cte("below", recursive=True))
    step = _employee.alias("step")
    return below.union(sa.select(step.c.id).where(step.c.supervisor_id == below.c.id, step.c.active.is_(True)))


MAX_LISTED = 20_000
"""People below a reviewer listed in the query itself (far under SQLite's and PostgreSQL's parameter limits);
a longer chain is joined as a recursive CTE instead."""


@dataclass(frozen=True)
class Reviewable:
    """The pending claims a reviewer may decide, in SQL: `joined` (claim and its employee) filtered by `where`.

    The people below a supervisor are listed (`Reach.below`, read with one recursive query), so the database
    starts from their claims by `ix_claim_employee_id`. Tested as IN (recursive CTE) inside an OR, PostgreSQL
    scanned the CTE once per claim (minutes for 50,000 claims); joined, its estimate of the CTE (a million rows
    for a few thousand) made it scan every pending claim and compile the query (JIT) for 300 ms."""

    joined: sa.FromClause
    where: sa.ColumnElement[bool]


def reviewable(reach: Reach, dialect: str = "sqlite") -> Reviewable:
    """`dialect`: the connection's; PostgreSQL gets the people below as one array (`= ANY`), not thousands of
    parameters to bind and plan."""
    me = reach.reviewer_id
    joined: sa.FromClause = _claim.join(_employee, _employee.c.id == _claim.c.employee_id)
    ways: list[sa.ColumnElement[bool]] = []
    if reach.supervises:
        members: list[sa.ColumnElement[bool]] = []
        if len(reach.below) <= MAX_LISTED:
            if reach.below and dialect == "postgresql":
                listed = sa.literal(sorted(reach.below), type_=postgresql.ARRAY(sa.Integer))
                members.append(_claim.c.employee_id == sa.any_(listed))
            elif reach.below:
                members.append(_claim.c.employee_id.in_(sorted(reach.below)))
        else:
            chain = _chain(me)
            joined = joined.outerjoin(chain, chain.c.id == _employee.c.id)
            members.append(chain.c.id.is_not(None))
        if reach.granted_units:
            members.append(_employee.c.unit_id.in_(sorted(reach.granted_units)))
        ways.append(sa.and_(_claim.c.kind != ClaimKind.DISPUTE.value, sa.or_(*members) if members else sa.false()))
    if reach.hr:
        ways.append(sa.true() if reach.hr_units is None else _employee.c.unit_id.in_(sorted(reach.hr_units)))
    where = sa.and_(_claim.c.status == sa.literal_column("'pending'"), _employee.c.active.is_(True),
                    _claim.c.employee_id != me, sa.or_(*ways) if ways else sa.false())
    return Reviewable(joined, where)


def _tier(reach: Reach) -> sa.ColumnElement[int]:
    """0 for the reviewer's direct reports, 1 for everyone else they may review: direct reports first."""
    return sa.case((_employee.c.supervisor_id == reach.reviewer_id, 0), else_=1)


def aware(at: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def version_of(claim: Claim) -> str:
    """What a button says about the claim as it was shown: a change since (a correction, a withdrawal, a
    decision, a closing by an import) makes the button stale."""
    stamp = aware(claim.updated_at).astimezone(UTC).isoformat()
    return hashlib.sha256(f"{claim.id}|{stamp}".encode()).hexdigest()[:VERSION_CHARS]


@dataclass(frozen=True)
class Queue:
    """The next claim to review, and how many wait for this reviewer."""

    claim: Claim | None
    employee: Employee | None
    waiting: int
    direct: bool


async def next_claim(session: AsyncSession, reach: Reach, *, after: int | None = None) -> Queue:
    """The first pending claim in review order (direct reports first, then oldest first), or the first after
    claim `after` in that order (a claim skipped or just decided: the queue goes on from there)."""
    connection = await core_connection(session)
    mine = reviewable(reach, connection.dialect.name)
    tier = _tier(reach)
    later: sa.ColumnElement[bool] = sa.true()
    if after is not None:
        key = (await connection.execute(
            sa.select(tier.label("tier"), _claim.c.created_at, _claim.c.id)
            .select_from(_claim.join(_employee, _employee.c.id == _claim.c.employee_id))
            .where(_claim.c.id == after))).first()
        if key is not None:
            later = sa.tuple_(tier, _claim.c.created_at, _claim.c.id) > sa.tuple_(
                sa.literal(key.tier), sa.literal(key.created_at, type_=_claim.c.created_at.type), sa.literal(key.id))
    # One pass: the claims after `after` first, in review order; and how many wait in all.
    ahead = sa.case((later, 0), else_=1)
    row = (await connection.execute(
        sa.select(_claim.c.id, tier.label("tier"), ahead.label("ahead"), sa.func.count().over().label("waiting"))
        .select_from(mine.joined).where(mine.where)
        .order_by(ahead, tier, _claim.c.created_at, _claim.c.id).limit(1))).first()
    waiting = int(row.waiting) if row is not None else 0
    first = row if row is not None and row.ahead == 0 else None
    if first is None:
        return Queue(None, None, waiting, False)
    claim = await session.get(Claim, first.id)
    employee = await session.get(Employee, claim.employee_id) if claim is not None else None
    return Queue(claim, employee, waiting, first.tier == 0)


async def reviewable_claim(session: AsyncSession, reach: Reach, claim_id: int) -> bool:
    """Whether this reviewer may decide this claim now (pending, below them or in their scope, not theirs)."""
    connection = await core_connection(session)
    mine = reviewable(reach, connection.dialect.name)
    found = (await connection.execute(
        sa.select(_claim.c.id).select_from(mine.joined).where(_claim.c.id == claim_id, mine.where))).first()
    return found is not None


def clean_reason(text: str) -> str:
    """A reason as it is stored: cleaned where it enters (`bot.cleaning.clean_text`), at most REASON_MAX
    characters; a control character is refused like an empty reason (nothing usable was given)."""
    try:
        reason = clean_text(text, limit=REASON_MAX)
    except TextRefused as refused:
        raise ReviewRefused(Refusal.REASON_TOO_LONG if refused.key == "text.too_long"
                            else Refusal.REASON_MISSING) from None
    assert reason is not None  # required: an empty reason raises
    return reason


@dataclass(frozen=True)
class Decided:
    """A decision made: the claim as it is now, and the employee's verified index before and after it (None:
    never assessed, so there is no figure to recompute)."""

    claim: Claim
    employee: Employee
    before: float | None
    after: float | None
    notified: bool


async def decide(
    session: AsyncSession, reach: Reach, claim_id: int, version: str, verdict: Verdict, *, clock: Clock,
    today: date, reason: str | None = None, actor: str | None = None, notify: bool = True,
) -> Decided:
    """Approve or reject one pending claim, once. Raises `ReviewRefused`: GONE when this reviewer may not
    decide it or the card is stale, DECIDED when someone decided (or the employee withdrew) it meanwhile.
    Then: both figures again (`refresh_figures`), the audit log (old and new), and the employee's notice in
    the outbox (`notify`)."""
    claim = await session.get(Claim, claim_id)
    if claim is None:
        raise ReviewRefused(Refusal.GONE)
    await session.flush()
    await session.refresh(claim)  # as committed now, not as this session first read it
    if claim.status is not ClaimStatus.PENDING:
        # Decided or withdrawn since: the reviewer's own earlier decision is a receipt, anyone else's a notice.
        raise ReviewRefused(Refusal.DECIDED, claim)
    if version_of(claim) != version or not await reviewable_claim(session, reach, claim_id):
        raise ReviewRefused(Refusal.GONE)
    if verdict is Verdict.REJECT:
        reason = clean_reason(reason or "")
    now = clock.now()
    who = actor or employee_actor(reach.reviewer_id)
    status = ClaimStatus.VERIFIED if verdict is Verdict.APPROVE else ClaimStatus.REJECTED
    connection = await core_connection(session)
    won = await connection.execute(
        sa.update(_claim).where(_claim.c.id == claim_id, _claim.c.status == ClaimStatus.PENDING.value,
                                _claim.c.updated_at == claim.updated_at)
        .values(status=status.value, decided_by=who, decided_at=now, reason=reason, updated_at=now))
    if won.rowcount != 1:
        await session.refresh(claim)
        raise ReviewRefused(Refusal.DECIDED if claim.status is not ClaimStatus.PENDING else Refusal.GONE, claim)
    await session.refresh(claim)
    audit_claim(session, claim, f"claim.{'verify' if status is ClaimStatus.VERIFIED else 'reject'}", now, actor=who,
                old={"status": ClaimStatus.PENDING.value}, new={"status": status.value, "reason": reason})
    employee = await session.get(Employee, claim.employee_id)
    assert employee is not None
    previous = await latest_assessment(session, employee.id or 0)
    before = previous.verified_total if previous is not None else None
    scored = await refresh_figures(session, employee.id or 0, today=today, triggered_by="verifikasi", clock=clock)
    after = scored.verified.total if scored is not None else None
    notified = notify and await _queue_notice(session, claim, employee, now)
    return Decided(claim, employee, before, after, notified)


async def _queue_notice(session: AsyncSession, claim: Claim, employee: Employee, now: datetime) -> bool:
    """The employee's notice of the decision, through the one outbox (sent by the delivery engine, composed
    at its turn by `bot.review.delivery.OutcomeKind`); none for someone not linked to Telegram."""
    if employee.telegram_user_id is None or employee.telegram_blocked_at is not None:
        return False
    batch_id = await outbox.open_batch(session, OUTCOME_KIND, now)
    await outbox.add_messages(session, batch_id, [(employee.id, employee.telegram_user_id)], now)
    connection = await core_connection(session)
    await connection.execute(sa.update(_claim).where(_claim.c.id == claim.id).values(notice_batch_id=batch_id))
    claim.notice_batch_id = batch_id
    return True


async def decider_name(session: AsyncSession, claim: Claim) -> str | None:
    """Who decided a claim, as a reviewer is told ("decided by Budi"): a person's name, else None."""
    person = actor_employee_id(claim.decided_by or "")
    employee = await session.get(Employee, person) if person is not None else None
    return employee.name if employee is not None else None


def decided_by_me(claim: Claim, reach: Reach) -> bool:
    return claim.decided_by == employee_actor(reach.reviewer_id)
