"""Where a person's data lives: every table and column that names an employee or holds a Telegram id.

`/dataku` (export) and `/hapusdata` (erasure) both work from `PERSONAL_DATA` and nothing else, so what is
exported and what is erased cannot drift apart. A test derives the columns that *must* be here from the
SQLModel metadata (every foreign key to `employee`, every `*employee_id`, every column whose name says it
holds a Telegram user or chat id, every BIGINT, every text column named `actor` or `*_by`, which may hold
'employee:<id>'), so a new table that stores people's data fails the test until it is added here with a
decision. Columns that look like that but identify nobody are in `NOT_PERSONAL`, each with the reason.

What stays after `/hapusdata` is what the agency needs for its legal duties, which UU 27/2022 lets it keep:
the roster row, HR's imports and grants, the codes HR issued, the broadcasts an HR admin sent, and the audit
trail, with every Telegram id in it replaced by a one-way pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import SQLModel

from bot.storage.models import (
    Assessment,
    AuditLog,
    Claim,
    DialogStateRow,
    Employee,
    LinkAttempt,
    LinkCode,
    PenaltyRecord,
    PerformanceRecord,
    RoleGrant,
    TrainingRecord,
)
from bot.storage.models.broadcast import Broadcast
from bot.storage.models.delivery import OutboxMessage
from bot.storage.models.nudges import TeamNudge


class Holds(StrEnum):
    """What the column holds about the person, i.e. how their rows are found through it."""

    EMPLOYEE = "employee"
    """Their employee id, in a row that is about them: the Telegram ids in that row are theirs."""
    MENTION = "mention"
    """Their employee id in a row about someone else (e.g. as the supervisor of that person)."""
    ACTOR = "actor"
    """'employee:<their id>' (`bot.storage.audit.employee_actor`): something they did, maybe to someone else."""
    TELEGRAM = "telegram"
    """A Telegram user (= private chat) id; a JSON column: ids anywhere inside it. A row is theirs when the
    id is one of theirs and, in a table with an EMPLOYEE column, that column names them too (an old account
    of theirs may belong to a colleague now)."""


class Erase(StrEnum):
    """What `/hapusdata` does with the person's rows found through the column."""

    KEEP = "keep"
    """The agency's record: stays as it is."""
    DELETE = "delete"
    """The rows go."""
    DELETE_OWN = "delete_own"
    """The rows the person entered themselves (`source = self`) go; HR's imports stay."""
    CLEAR = "clear"
    """The column becomes NULL; the row stays."""
    ZERO = "zero"
    """A NOT NULL id column becomes 0 (no Telegram id is 0); the row stays, anonymous."""
    PSEUDONYMISE = "pseudonymise"
    """Telegram ids inside the JSON value are replaced by a one-way pseudonym (`bot.storage.audit.pseudonym`)."""


@dataclass(frozen=True)
class PersonalColumn:
    model: type[SQLModel]
    column: str
    holds: Holds
    erase: Erase
    section: str | None
    """The key of `/dataku`'s document the rows found through this column go to; None: the same rows are
    already exported through another column of the table, or the column is not a way to find them."""
    why: str

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)


PERSONAL_DATA: tuple[PersonalColumn, ...] = (
    PersonalColumn(Employee, "id", Holds.EMPLOYEE, Erase.KEEP, "employee",
                   "The roster row is HR's; /hapusdata clears what the person set in it (the link, the language, "
                   "the reminder choice)."),
    PersonalColumn(Employee, "telegram_user_id", Holds.TELEGRAM, Erase.CLEAR, None,
                   "The link to their Telegram account (exported with the row)."),
    PersonalColumn(Employee, "supervisor_id", Holds.MENTION, Erase.KEEP, None,
                   "Who reports to them: those roster rows are HR's data about the team (/tim shows them)."),
    PersonalColumn(RoleGrant, "employee_id", Holds.EMPLOYEE, Erase.KEEP, "roles",
                   "Roles HR granted: HR's decision, kept."),
    PersonalColumn(LinkCode, "employee_id", Holds.EMPLOYEE, Erase.KEEP, "link_codes",
                   "Codes HR issued to them (stored as hashes): HR's trail of who got a code and when."),
    PersonalColumn(LinkCode, "used_by_telegram_user_id", Holds.TELEGRAM, Erase.CLEAR, None,
                   "The account that redeemed a code."),
    PersonalColumn(LinkAttempt, "telegram_user_id", Holds.TELEGRAM, Erase.DELETE, "link_attempts",
                   "Wrong codes typed from their account (the throttle)."),
    PersonalColumn(DialogStateRow, "telegram_user_id", Holds.TELEGRAM, Erase.DELETE, "dialog_state",
                   "A conversation in progress: the answers given so far."),
    PersonalColumn(TrainingRecord, "employee_id", Holds.EMPLOYEE, Erase.DELETE_OWN, "trainings",
                   "Trainings they logged go; those HR imported stay."),
    PersonalColumn(PerformanceRecord, "employee_id", Holds.EMPLOYEE, Erase.DELETE_OWN, "performance",
                   "Appraisals they entered go; those HR imported stay."),
    PersonalColumn(PenaltyRecord, "employee_id", Holds.EMPLOYEE, Erase.DELETE_OWN, "penalties",
                   "Penalties they declared go; those HR imported stay."),
    PersonalColumn(Claim, "employee_id", Holds.EMPLOYEE, Erase.DELETE, "claims",
                   "What they stated beside HR's records and how it was reviewed (status, reviewer, time, reason); "
                   "their statements go with the records they entered."),
    PersonalColumn(Assessment, "employee_id", Holds.EMPLOYEE, Erase.DELETE, "assessments",
                   "Their self-assessments and the results."),
    PersonalColumn(OutboxMessage, "employee_id", Holds.EMPLOYEE, Erase.CLEAR, "messages_received",
                   "Bulk messages sent to them (broadcasts, 20 JP reminders): the row stays without a name, so "
                   "the counts of its broadcast or occasion stay true."),
    PersonalColumn(OutboxMessage, "chat_id", Holds.TELEGRAM, Erase.CLEAR, None,
                   "The chat a message went to; one still waiting is then not sent (the delivery engine answers "
                   "it unreachable)."),
    PersonalColumn(Broadcast, "created_by", Holds.EMPLOYEE, Erase.KEEP, "broadcasts_sent",
                   "A broadcast an HR admin sent is an act of the agency: who sent it stays."),
    PersonalColumn(Broadcast, "admin_chat_id", Holds.TELEGRAM, Erase.ZERO, None,
                   "The admin's chat that got the progress and the report."),
    PersonalColumn(Broadcast, "cancelled_by", Holds.MENTION, Erase.KEEP, None,
                   "A broadcast an HR admin stopped: an act of the agency, about the recipients (kept)."),
    PersonalColumn(TeamNudge, "employee_id", Holds.EMPLOYEE, Erase.DELETE, "nudges_received",
                   "Reminders a supervisor sent them (/tim → Ingatkan): which day and why; the message itself is "
                   "an outbox row (messages_received)."),
    PersonalColumn(TeamNudge, "supervisor_id", Holds.MENTION, Erase.KEEP, None,
                   "Nudges they sent as a supervisor: the agency's record, about their team members."),
    PersonalColumn(AuditLog, "target_employee_id", Holds.EMPLOYEE, Erase.KEEP, "audit_log",
                   "The trail of what was done to their data, including the deletion itself."),
    PersonalColumn(AuditLog, "actor", Holds.ACTOR, Erase.KEEP, None,
                   "What they did in the bot as a supervisor or HR admin: the agency's record of acts on other "
                   "people's data, not exported (it would show those people's data)."),
    PersonalColumn(RoleGrant, "granted_by", Holds.ACTOR, Erase.KEEP, None,
                   "Roles they granted as an HR admin: the agency's record, about the grantees."),
    PersonalColumn(LinkCode, "created_by", Holds.ACTOR, Erase.KEEP, None,
                   "Codes they issued as an HR admin: the agency's record, about the employees who got them."),
    PersonalColumn(TrainingRecord, "created_by", Holds.ACTOR, Erase.KEEP, None,
                   "Who entered a record: their own are found (and erased) through employee_id."),
    PersonalColumn(PerformanceRecord, "created_by", Holds.ACTOR, Erase.KEEP, None,
                   "Who entered a record: their own are found (and erased) through employee_id."),
    PersonalColumn(PenaltyRecord, "created_by", Holds.ACTOR, Erase.KEEP, None,
                   "Who entered a record: their own are found (and erased) through employee_id."),
    PersonalColumn(Claim, "created_by", Holds.ACTOR, Erase.KEEP, None,
                   "Who made a claim: their own are found (and erased) through employee_id."),
    PersonalColumn(Claim, "decided_by", Holds.ACTOR, Erase.KEEP, None,
                   "Claims they reviewed as a supervisor or HR admin: the agency's record, about those employees."),
    PersonalColumn(Claim, "closed_by", Holds.ACTOR, Erase.KEEP, None,
                   "The import that closed a claim ('cli'); never a person's own data."),
    PersonalColumn(AuditLog, "details", Holds.TELEGRAM, Erase.PSEUDONYMISE, None,
                   "Link and unlink entries name the Telegram account: the action stays, the id becomes a "
                   "pseudonym."),
)

NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("assessment", "triggered_by"): "The command that made the snapshot ('asesmen', 'nilai'), never a person.",
    ("broadcast", "progress_message_id"): "A message number inside the admin's chat: identifies nobody without "
    "the chat id, which is erased.",
    ("outbox_message", "message_id"): "A message number inside the recipient's chat: identifies nobody without "
    "the chat id, which is erased.",
}
"""Columns the schema test would take for personal data (ids, BIGINT) that are not, and why."""


def sections() -> Iterator[tuple[str, list[PersonalColumn]]]:
    """The document's sections in the list's order, each with the columns its rows are found through."""
    grouped: dict[str, list[PersonalColumn]] = {}
    for entry in PERSONAL_DATA:
        if entry.section is not None:
            grouped.setdefault(entry.section, []).append(entry)
    yield from grouped.items()
