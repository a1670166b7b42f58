"""What a reviewer and an employee read about a claim: what it says, the official record it differs from, and
the buttons of a review card. Callback data of the card (`rv|…`) is written and read here only.

Callback data (the client can send anything: every id goes through `bot.callback_ids`, every action is
re-checked by `bot.claims.review` at the press):

- `rv|a|<claim>|<version>` approve, `rv|r|<claim>|<version>` reject (asks for a reason),
  `rv|x|<claim>|<version>|<reason>` reject with a reason chosen, `rv|w|<claim>|<version>` write a reason,
  `rv|c|<claim>|<version>` back to the card, `rv|s|<claim>` skip (the next card after this one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.callback_ids import parse_id
from bot.claims.review import aware
from bot.dialogs.engine import Button
from bot.storage.models import Claim, ClaimKind, Employee, PenaltyRecord, PerformanceRecord, TrainingRecord
from bot.texts import Html, Lang, plain, t
from scoring.texts import EDUCATION_LABELS, PENALTY_LABELS, POSITION_LABELS, PREDICATE_LABELS, day, number

REVIEW_PREFIX = "rv|"
ACTIONS = frozenset({"a", "r", "x", "w", "c", "s"})
REASONS = ("evidence", "mismatch", "duplicate")
"""Reasons a reviewer can choose with one press; the text stored is the catalog's, in DEFAULT_LANGUAGE."""
Record = TrainingRecord | PerformanceRecord | PenaltyRecord


@dataclass(frozen=True)
class Press:
    """A review button as the client sent it (checked for shape only; the service checks the rest)."""

    action: str
    claim_id: int
    version: str
    reason: str | None = None


def parse_press(data: str) -> Press | None:
    """The press in `rv|…` data after the prefix, or None when the bot could not have written it."""
    parts = data.split("|")
    if not parts or parts[0] not in ACTIONS:
        return None
    action = parts[0]
    expected = {"s": 2, "x": 4}.get(action, 3)
    if len(parts) != expected:
        return None
    claim_id = parse_id(parts[1])
    if claim_id is None:
        return None
    version = parts[2] if action != "s" else ""
    if action != "s" and not (len(version) == 6 and all(c in "0123456789abcdef" for c in version)):
        return None
    reason = parts[3] if action == "x" else None
    if action == "x" and reason not in REASONS:
        return None
    return Press(action, claim_id, version, reason)


def data_of(action: str, claim_id: int, version: str = "", reason: str | None = None) -> str:
    if action == "s":
        return f"{REVIEW_PREFIX}s|{claim_id}"
    return f"{REVIEW_PREFIX}{action}|{claim_id}|{version}" + (f"|{reason}" if reason else "")


def card_buttons(claim_id: int, version: str, lang: Lang) -> list[list[Button]]:
    return [[Button(plain("review.button.approve", lang), data_of("a", claim_id, version)),
             Button(plain("review.button.reject", lang), data_of("r", claim_id, version))],
            [Button(plain("review.button.skip", lang), data_of("s", claim_id))]]


def reason_buttons(claim_id: int, version: str, lang: Lang) -> list[list[Button]]:
    rows = [[Button(plain(f"review.reason.{code}", lang), data_of("x", claim_id, version, code))] for code in REASONS]
    rows.append([Button(plain("review.button.write", lang), data_of("w", claim_id, version))])
    rows.append([Button(plain("review.button.back", lang), data_of("c", claim_id, version))])
    return rows


def _when(value: date | datetime | None, lang: Lang) -> str:
    if value is None:
        return "—"
    return day(value.date() if isinstance(value, datetime) else value, lang)


def record_text(record: Record | None, lang: Lang) -> str:
    """One record in a line: a training, an appraisal or a penalty."""
    if isinstance(record, TrainingRecord):
        return plain("claim.what.training", lang, kind=plain(f"trn.kind.{record.kind}", lang), title=record.title,
                     jp=number(record.jp, lang), date=_when(record.end_date, lang))
    if isinstance(record, PerformanceRecord):
        return skp_text(record.year, record.predicate, record.score, lang)
    if isinstance(record, PenaltyRecord):
        return plain("claim.what.penalty", lang, level=PENALTY_LABELS[lang][record.level.value],
                     date=_when(record.effective_date, lang))
    return plain("claim.what.gone", lang)


def skp_text(year: int | None, predicate: Any, score: float | None, lang: Lang) -> str:
    value = PREDICATE_LABELS.get(str(predicate), str(predicate)) if predicate else number(score or 0, lang)
    return plain("claim.what.skp", lang, year=year or "—", value=value)


def claimed_text(claim: Claim, record: Record | None, target: Record | None, lang: Lang) -> str:
    """What the claim says, in a line."""
    if claim.kind in (ClaimKind.TRAINING, ClaimKind.SKP, ClaimKind.PENALTY):
        return record_text(record, lang)
    if claim.kind is ClaimKind.EDUCATION:
        return plain("claim.what.education", lang, value=EDUCATION_LABELS.get(claim.value or "", claim.value or ""))
    if claim.kind is ClaimKind.POSITION:
        return plain("claim.what.position", lang, value=POSITION_LABELS.get(claim.value or "", claim.value or ""))
    if claim.kind is ClaimKind.NO_SKP:
        return plain("claim.what.no_skp", lang)
    return plain("claim.what.dispute", lang, target=record_text(target, lang))


def official_text(claim: Claim, target: Record | None, lang: Lang) -> str:
    """The official record the claim differs from, as it was when the claim was made (its snapshot), or the
    record itself for a dispute; "nothing on record" for a new training, appraisal or penalty."""
    snapshot = claim.official or {}
    if claim.kind is ClaimKind.EDUCATION and "education" in snapshot:
        value = EDUCATION_LABELS.get(str(snapshot["education"]), str(snapshot["education"]))
        return plain("review.official.roster", lang, value=value)
    if claim.kind is ClaimKind.POSITION and "position" in snapshot:
        value = POSITION_LABELS.get(str(snapshot["position"]), str(snapshot["position"]))
        return plain("review.official.roster", lang, value=value)
    if claim.kind in (ClaimKind.SKP, ClaimKind.NO_SKP) and "year" in snapshot:
        return skp_text(snapshot.get("year"), snapshot.get("predicate"), snapshot.get("score"), lang)
    if claim.kind is ClaimKind.DISPUTE and target is not None:
        return record_text(target, lang)
    return plain("review.official.none", lang)


@dataclass(frozen=True)
class Evidence:
    """A file Telegram holds for the claim: sent back to the reviewer by its id."""

    kind: str  # "photo" or "document"
    file_id: str


def evidence_of(claim: Claim, record: Record | None) -> Evidence | None:
    """A training's certificate (kept on its record) or the file attached to a dispute."""
    file_id = record.certificate_file_id if isinstance(record, TrainingRecord) else None
    file_id = file_id or claim.evidence_file_id
    if not file_id:
        return None
    return Evidence("photo" if claim.evidence_kind == "photo" else "document", file_id)


def card_text(claim: Claim, employee: Employee, claimed: str, official: str, *, waiting: int, direct: bool,
              evidence: bool, lang: Lang, tz: Any) -> Html:
    made = aware(claim.created_at)
    note = t("review.note", lang, note=claim.note) if claim.note else ""
    return t("review.card", lang, waiting=number(waiting, lang), name=employee.name, nip=employee.nip,
             relation=plain("review.relation.direct" if direct else "review.relation.below", lang),
             date=day(made.astimezone(tz).date(), lang), claimed=claimed, official=official, note=Html(note),
             evidence=plain("review.evidence.attached" if evidence else "review.evidence.none", lang))
