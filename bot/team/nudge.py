"""Supervisors nudge their team (/tim → Ingatkan): one message to the members short of 20 JP, never assessed this
year, or with claims waiting for HR, through the one outbox and its pacing (`bot.delivery`).

At most one nudge a day per person, whoever asks: the nudge rows are inserted with ON CONFLICT (employee_id,
day) DO NOTHING, and only the people whose row went in get a message, in the same transaction as the outbox
rows. Two supervisors of the same person, or one pressing twice, or two processes: one message. Who may be
nudged is decided as /tim decides who may be seen (`team_ids`, on every press): nobody outside the
supervisor's subtree, whatever the button says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clock import Clock
from bot.delivery import outbox
from bot.delivery.kinds import Composed, Drop, Message, Quiet
from bot.delivery.outbox import Claimed
from bot.menu import MENU_PREFIX
from bot.reminders.delivery import PELATIHAN_BUTTON
from bot.services import Services
from bot.storage.audit import audit, employee_actor
from bot.storage.base import core_connection, table_of
from bot.storage.models import Claim, ClaimStatus, Employee
from bot.storage.models.nudges import TeamNudge
from bot.team.service import TeamView, team_ids
from bot.texts import lang_of, plain, t
from bot.unitmap.facts import MemberFacts, facts_for_employees
from scoring.texts import number

KIND = "nudge"
"""The nudges' `outbox_batch.kind`."""


class NudgeReason(StrEnum):
    SHORTFALL = "shortfall"
    """Owes 20 JP this year (PNS, CPNS) and is short of them."""
    UNASSESSED = "unassessed"
    """No assessment dated this calendar year."""
    CLAIMS = "claims"
    """Has claims waiting for HR's verification."""


@dataclass(frozen=True)
class Nudged:
    reason: NudgeReason
    chosen: int
    """Members the reason applies to."""
    queued: int
    """Of those, the ones who get the message now (reachable, not nudged yet today)."""
    already: int
    """Nudged earlier today (by anyone): not again."""
    unreachable: int
    """Not linked to Telegram, or known to block the bot."""


async def _pending_claims(session: AsyncSession, employee_ids: Sequence[int]) -> set[int]:
    claim = table_of(Claim)
    connection = await core_connection(session)
    found: set[int] = set()
    ordered = sorted(employee_ids)
    for start in range(0, len(ordered), 1000):
        rows = await connection.execute(sa.select(claim.c.employee_id).distinct().where(
            claim.c.employee_id.in_(ordered[start : start + 1000]), claim.c.status == ClaimStatus.PENDING.value))
        found |= {int(r[0]) for r in rows}
    return found


def applies(member: MemberFacts, reason: NudgeReason, today: date, claims: set[int]) -> bool:
    """Whether the reason is true of the member today (the same tests as /tim's lists and /siaran's audiences)."""
    if reason is NudgeReason.SHORTFALL:
        return member.shortfall > 0
    if reason is NudgeReason.UNASSESSED:
        return member.assessed_on is None or member.assessed_on < date(today.year, 1, 1)
    return member.employee_id in claims


async def reason_counts(session: AsyncSession, members: Sequence[MemberFacts], today: date) -> dict[str, int]:
    """How many members each reason applies to (for the choice's buttons)."""
    claims = await _pending_claims(session, [m.employee_id for m in members])
    return {reason.value: sum(1 for m in members if applies(m, reason, today, claims)) for reason in NudgeReason}


async def nudge(session: AsyncSession, supervisor_id: int, *, root_id: int, view: TeamView, reason: NudgeReason,
                today: date, clock: Clock) -> Nudged:
    """Queue the nudge for the members of the view the supervisor sees; `TeamRefused` as /tim refuses."""
    members = await team_ids(session, supervisor_id, root_id, view)
    facts = await facts_for_employees(session, members, today)
    claims = await _pending_claims(session, [m.employee_id for m in facts]) if reason is NudgeReason.CLAIMS else set()
    chosen = [m for m in facts if applies(m, reason, today, claims)]
    reachable = [m for m in chosen if m.reachable]
    now = clock.now()
    if not reachable:
        return Nudged(reason, len(chosen), 0, 0, len(chosen))
    batch_id = await outbox.open_batch(session, KIND, now)
    table = table_of(TeamNudge)
    connection = await core_connection(session)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    fresh: set[int] = set()
    for start in range(0, len(reachable), 1000):
        rows = [{"employee_id": m.employee_id, "day": today, "supervisor_id": supervisor_id,
                 "reason": reason.value, "batch_id": batch_id, "created_at": now}
                for m in reachable[start : start + 1000]]
        inserted = await connection.execute(
            dialect.insert(table).values(rows).on_conflict_do_nothing(index_elements=["employee_id", "day"])
            .returning(table.c.employee_id))
        fresh |= {int(r[0]) for r in inserted}
    people = [(m.employee_id, m.telegram_user_id) for m in reachable if m.employee_id in fresh]
    queued = await outbox.add_messages(session, batch_id, people, now)
    audit(session, actor=employee_actor(supervisor_id), action="team.nudge", at=now,
          details={"reason": reason.value, "root_id": root_id, "view": view.value, "queued": queued,
                   "already": len(reachable) - queued})
    return Nudged(reason, len(chosen), queued, len(reachable) - queued, len(chosen) - len(reachable))


ASESMEN_BUTTON = f"{MENU_PREFIX}asesmen"


class NudgeKind(Quiet):
    """Composes each nudge at its turn, in the person's language, from their figures then: someone who met the
    reason since (logged the JP, was assessed, had the claims decided) is not nudged (dropped)."""

    name = KIND

    def __init__(self, services: Services) -> None:
        self.services = services

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        today = self.services.today()
        ids = [c.employee_id for c in claimed if c.employee_id is not None]
        nudge_table, employee = table_of(TeamNudge), table_of(Employee)
        boss = employee.alias("boss")
        connection = await core_connection(session)
        rows = await connection.execute(
            sa.select(nudge_table.c.batch_id, nudge_table.c.employee_id, nudge_table.c.reason, boss.c.name,
                      employee.c.language)
            .select_from(nudge_table.join(employee, employee.c.id == nudge_table.c.employee_id)
                         .outerjoin(boss, boss.c.id == nudge_table.c.supervisor_id))
            .where(nudge_table.c.employee_id.in_(ids), nudge_table.c.batch_id.in_({c.batch_id for c in claimed})))
        found = {(int(r[0]), int(r[1])): (NudgeReason(r[2]), r[3], r[4]) for r in rows}
        facts = {m.employee_id: m for m in await facts_for_employees(session, ids, today)}
        claims = await _pending_claims(session, ids)
        default = lang_of(self.services.settings.DEFAULT_LANGUAGE)
        composed: list[Composed] = []
        for message in claimed:
            key = (message.batch_id, message.employee_id or 0)
            member = facts.get(message.employee_id or 0)
            if key not in found or member is None:
                composed.append(Drop("no longer an active employee"))
                continue
            reason, supervisor, language = found[key]
            if not applies(member, reason, today, claims):
                composed.append(Drop("the reason no longer holds"))
                continue
            lang = lang_of(language, default)
            text = t(f"nudge.message.{reason.value}", lang, supervisor=supervisor or plain("nudge.someone", lang),
                     shortfall=number(member.shortfall, lang), year=today.year)
            button = {NudgeReason.SHORTFALL: ("reminder.button", PELATIHAN_BUTTON),
                      NudgeReason.UNASSESSED: ("nudge.button.assess", ASESMEN_BUTTON)}.get(reason)
            markup = None if button is None else InlineKeyboardMarkup(
                [[InlineKeyboardButton(plain(button[0], lang), callback_data=button[1])]])
            composed.append(Message(text, markup))
        return composed
