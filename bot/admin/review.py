"""`admin review export` and `admin review import`: HR reviews claims in a spreadsheet (issue 13, items 4 and 6).

The export (`scoring.io.writing.open_book`: text stays text, the file appears only when complete) has:

1. the pending claims, oldest first, one row each with what is claimed, the official record it differs from,
   the employee's note and evidence, and two empty columns to fill: *Keputusan* (setujui / tolak / empty
   or lewati) and *Alasan* (required to reject);
2. "Perlu dimutakhirkan di SIASN": per person, the verified claims that the official data still lacks (not
   closed by an import), with the evidence, so HR can update SIASN; an import that brings them closes them
   (`bot.claims.closing`) and they leave this list;
3. how to fill it in.

The import reads the first sheet with the one table reader (`scoring.io.reading.open_table`) and is
all-or-nothing like the roster import: an unknown claim id, a claim decided or changed since the export (its
*Versi*), a decision that is not one of the words, a rejection without a reason or with one too long, a claim
twice: each is a line naming the row, and nothing is written. Decisions go through `bot.claims.review.decide`
(the same as /verifikasi: the figures are recomputed and the employee is told), with the operator as reviewer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.admin.importing import ImportOptions, filled_rows
from bot.admin.report import RowProblem
from bot.callback_ids import parse_id
from bot.claims import service as claims
from bot.claims.review import (
    Reach,
    Refusal,
    ReviewRefused,
    Verdict,
    aware,
    clean_reason,
    decide,
    decider_name,
    version_of,
)
from bot.clock import Clock
from bot.review.render import claimed_text, official_text
from bot.storage.audit import audit
from bot.storage.models import Claim, ClaimKind, ClaimStatus, Employee, TrainingRecord, Unit
from bot.storage.models.claims import REASON_MAX
from bot.texts import Lang, plain
from scoring.io.cells import Cell, cell_text
from scoring.io.reading import Column, Layout, open_table
from scoring.io.values import fold
from scoring.io.writing import Sink, open_book

OPERATOR = Reach(reviewer_id=0, supervises=False, granted_units=frozenset(), hr=True, hr_units=None)
"""The operator of the command line acts as HR for every unit (the bot's own /verifikasi reads roles)."""

LAYOUT = Layout([
    Column("claim_id", "ID Klaim", ("Claim ID", "ID"), required=True),
    Column("version", "Versi", ("Version",), required=True),
    Column("nip", "NIP"),
    Column("decision", "Keputusan", ("Decision",), required=True),
    Column("reason", "Alasan", ("Reason",)),
])
APPROVE_WORDS = frozenset(map(fold, ("setujui", "disetujui", "setuju", "ya", "approve", "approved", "verified",
                                     "terverifikasi", "yes")))
REJECT_WORDS = frozenset(map(fold, ("tolak", "ditolak", "reject", "rejected", "tidak", "no")))
SKIP_WORDS = frozenset(map(fold, ("", "lewati", "skip", "-")))
_HEADERS = {
    "id": ["ID Klaim", "Versi", "NIP", "Nama", "Unit", "Jenis", "Klaim", "Data resmi", "Catatan pegawai", "Bukti",
           "Diajukan", "Keputusan", "Alasan"],
    "en": ["Claim ID", "Version", "NIP", "Name", "Unit", "Kind", "Claim", "Official record", "Employee's note",
           "Evidence", "Made", "Decision", "Reason"],
}
_SIASN_HEADERS = {
    "id": ["NIP", "Nama", "Unit", "Klaim", "Bukti", "Diverifikasi oleh", "Tanggal verifikasi", "ID Klaim"],
    "en": ["NIP", "Name", "Unit", "Claim", "Evidence", "Verified by", "Verified on", "Claim ID"],
}


@dataclass(frozen=True)
class Exported:
    pending: int
    to_update: int


def _unit(units: dict[int, Unit], employee: Employee) -> str:
    unit = units.get(employee.unit_id) if employee.unit_id is not None else None
    return f"{unit.code} {unit.name}" if unit else ""


async def _evidence(session: AsyncSession, claim: Claim, lang: Lang) -> str:
    record = await claims.record_of(session, claim)
    parts = []
    if isinstance(record, TrainingRecord) and record.certificate_number:
        parts.append(plain("review.xlsx.certificate_number", lang, number=record.certificate_number))
    if (isinstance(record, TrainingRecord) and record.certificate_file_id) or claim.evidence_file_id:
        parts.append(plain("review.xlsx.file_in_telegram", lang))
    return "; ".join(parts)


def _claims_below(unit_ids: set[int] | None) -> sa.ColumnElement[bool]:
    return sa.true() if unit_ids is None else col(Employee.unit_id).in_(sorted(unit_ids))


async def _rows(session: AsyncSession, statuses: Sequence[ClaimStatus], unit_ids: set[int] | None, *,
                open_only: bool) -> Iterator[tuple[Claim, Employee]]:
    query = (select(Claim, Employee).join(Employee, col(Employee.id) == col(Claim.employee_id))
             .where(col(Claim.status).in_([s.value for s in statuses]), col(Employee.active).is_(True),
                    _claims_below(unit_ids)))
    if open_only:
        query = query.where(col(Claim.closed_at).is_(None))
    order = ((col(Claim.created_at), col(Claim.id)) if not open_only
             else (col(Employee.nip), col(Claim.decided_at), col(Claim.id)))
    return iter((await session.exec(query.order_by(*order))).all())


async def export_review(session: AsyncSession, path: Path, *, clock: Clock, actor: str, lang: Lang,
                        unit_ids: set[int] | None = None) -> Exported:
    """Write the review workbook (see the module's doc); audit-logged, since personal data leaves here."""
    units = {u.id: u for u in (await session.exec(select(Unit))).all() if u.id is not None}
    tz = clock.now().tzinfo or UTC
    pending = to_update = 0
    with open_book(path) as book:
        sink: Sink = book.sheet(plain("review.xlsx.sheet.claims", lang))
        sink.write(_HEADERS[lang])
        for claim, employee in await _rows(session, [ClaimStatus.PENDING], unit_ids, open_only=False):
            record, target = await claims.record_of(session, claim), await claims.target_of(session, claim)
            sink.write([claim.id, version_of(claim), employee.nip, employee.name, _unit(units, employee),
                        plain(f"review.xlsx.kind.{claim.kind.value}", lang),
                        claimed_text(claim, record, target, lang), official_text(claim, target, lang),
                        claim.note or "", await _evidence(session, claim, lang),
                        aware(claim.created_at).astimezone(tz).date(), "", ""])
            pending += 1
        siasn = book.sheet(plain("review.xlsx.sheet.siasn", lang))
        siasn.write(_SIASN_HEADERS[lang])
        for claim, employee in await _rows(session, [ClaimStatus.VERIFIED], unit_ids, open_only=True):
            if claim.kind is ClaimKind.NO_SKP and claim.target_id is None:
                continue
            record, target = await claims.record_of(session, claim), await claims.target_of(session, claim)
            decided = aware(claim.decided_at).astimezone(tz).date() if claim.decided_at else None
            siasn.write([employee.nip, employee.name, _unit(units, employee),
                         claimed_text(claim, record, target, lang), await _evidence(session, claim, lang),
                         await decider_name(session, claim) or claim.decided_by or "", decided, claim.id])
            to_update += 1
        notes = book.sheet(plain("review.xlsx.sheet.howto", lang), table=False)
        for key in ("review.xlsx.howto.decision", "review.xlsx.howto.reason", "review.xlsx.howto.all",
                    "review.xlsx.howto.siasn"):
            notes.write([plain(key, lang, max=REASON_MAX)])
    audit(session, actor=actor, action="review.export", at=clock.now(),
          details={"file": path.name, "pending": pending, "to_update": to_update})
    return Exported(pending, to_update)


@dataclass(frozen=True)
class _Decision:
    row: int
    claim: Claim
    verdict: Verdict
    reason: str | None


@dataclass
class ReviewImport:
    """What a review import found and did; `format(lang)` for the operator."""

    file: str
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    approved: int = 0
    rejected: int = 0
    skipped: int = 0
    dry_run: bool = False
    written: bool = False

    @property
    def exit_status(self) -> int:
        return 1 if self.problems else 0

    def format(self, lang: Lang = "id") -> str:
        bad = len({p.row for p in self.problems})
        lines = [plain("import.header", lang, what=plain("review.xlsx.what", lang), file=self.file, rows=self.rows,
                       bad=bad)]
        lines += ["  " + p.line(lang) for p in sorted(self.problems, key=lambda p: (p.row, p.reason))]
        summary = plain("review.xlsx.summary", lang, approved=self.approved, rejected=self.rejected,
                        skipped=self.skipped)
        if self.problems:
            lines.append(plain("review.xlsx.nothing_written", lang))
        elif self.dry_run:
            lines.append(plain("import.dry_run", lang, summary=summary))
        else:
            lines.append(plain("import.written", lang, summary=summary))
        return "\n".join(lines)


class _Unknown(ValueError):
    """A decision that is none of the words."""


def _verdict(text: str) -> Verdict | None:
    """The verdict, or None to skip the row; `_Unknown` when the text is none of the words."""
    word = fold(text)
    if word in APPROVE_WORDS:
        return Verdict.APPROVE
    if word in REJECT_WORDS:
        return Verdict.REJECT
    if word in SKIP_WORDS:
        return None
    raise _Unknown(text)


async def import_review(session: AsyncSession, path: Path, *, clock: Clock, options: ImportOptions) -> ReviewImport:
    """Check every row, then (no problem, not a dry run) decide each claim; the caller commits."""
    lang = options.lang
    report = ReviewImport(file=path.name, dry_run=options.dry_run)
    decisions: list[_Decision] = []
    seen: dict[int, int] = {}
    with open_table(path, LAYOUT, limits=options.limits) as table:
        for number, picked in filled_rows(table):
            report.rows += 1
            nip = cell_text(picked.get("nip")) or None
            problem = await _check(session, number, picked, seen, decisions, lang)
            if problem is not None:
                report.problems.append(RowProblem(number, problem, nip))
    report.skipped = report.rows - len(decisions) - len({p.row for p in report.problems})
    report.approved = sum(d.verdict is Verdict.APPROVE for d in decisions)
    report.rejected = len(decisions) - report.approved
    if report.problems or options.dry_run:
        return report
    for decision in decisions:
        try:
            await decide(session, OPERATOR, decision.claim.id or 0, version_of(decision.claim), decision.verdict,
                         clock=clock, today=clock.now().date(), reason=decision.reason, actor=options.actor)
        except ReviewRefused as refused:  # checked above in this same transaction: only a race gets here
            report.problems.append(RowProblem(decision.row, plain(f"review.xlsx.refused.{refused.refusal.value}",
                                                                  lang, id=decision.claim.id)))
    if report.problems:
        raise _Rollback(report)
    report.written = True
    return report


class _Rollback(Exception):
    """A decision refused while writing (someone decided it in the bot meanwhile): nothing may stay written."""

    def __init__(self, report: ReviewImport) -> None:
        super().__init__(report.file)
        self.report = report


async def import_review_atomically(session: AsyncSession, path: Path, *, clock: Clock,
                                   options: ImportOptions) -> ReviewImport:
    """`import_review`, rolled back whole when a decision is refused while writing."""
    try:
        return await import_review(session, path, clock=clock, options=options)
    except _Rollback as rollback:
        await session.rollback()
        return rollback.report


async def _check(session: AsyncSession, row: int, picked: Mapping[str, Cell], seen: dict[int, int],
                 decisions: list[_Decision], lang: Lang) -> str | None:
    """The row's problem, or None (a decision is added, or the row is skipped)."""
    text = cell_text(picked.get("claim_id"))
    claim_id = parse_id(text)
    claim = await session.get(Claim, claim_id) if claim_id is not None else None
    if claim is None or claim_id is None:
        return plain("review.xlsx.unknown_claim", lang, id=text or "—")
    if claim_id in seen:
        return plain("review.xlsx.twice", lang, id=claim_id, row=seen[claim_id])
    seen[claim_id] = row
    try:
        verdict = _verdict(cell_text(picked.get("decision")))
    except _Unknown as unknown:
        return plain("review.xlsx.bad_decision", lang, value=str(unknown))
    if verdict is None:
        return None
    if claim.status is not ClaimStatus.PENDING:
        return plain("review.xlsx.not_pending", lang, id=claim_id,
                     status=plain(f"review.status.{claim.status.value}", lang))
    if cell_text(picked.get("version")) != version_of(claim):
        return plain("review.xlsx.changed", lang, id=claim_id)
    employee = await session.get(Employee, claim.employee_id)
    if employee is None or not employee.active:
        return plain("review.xlsx.inactive", lang, id=claim_id)
    reason = None
    if verdict is Verdict.REJECT or picked.get("reason") is not None:
        try:
            reason = clean_reason(cell_text(picked.get("reason")))
        except ReviewRefused as refused:
            if verdict is Verdict.REJECT or refused.refusal is Refusal.REASON_TOO_LONG:
                return plain(f"review.refused.{refused.refusal.value}", lang, max=REASON_MAX)
    decisions.append(_Decision(row, claim, verdict, reason if verdict is Verdict.REJECT else None))
    return None
