"""An entry of /catatan in words: what it is and where it stands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.claims.corrections import Entry, EntryStatus
from bot.dialogs.engine import Button
from bot.storage.models import Claim, ClaimKind, PenaltyRecord, PerformanceRecord, TrainingRecord
from bot.texts import Html, Lang, plain, t
from scoring.texts import EDUCATION_LABELS, PENALTY_LABELS, POSITION_LABELS, PREDICATE_LABELS, day, number

MARKS = {EntryStatus.OFFICIAL: "🏛", EntryStatus.VERIFIED: "✅", EntryStatus.PENDING: "⏳", EntryStatus.REJECTED: "❌"}


def _appraisal(year: Any, predicate: Any, score: Any, lang: Lang) -> Html:
    value = PREDICATE_LABELS.get(str(predicate), str(predicate)) if predicate else number(float(score or 0), lang)
    return t("catatan.what.skp", lang, year=year, value=value)


def record_text(record: Any, lang: Lang) -> Html:
    """A training, an appraisal or a penalty in one line."""
    if isinstance(record, TrainingRecord):
        return t("catatan.what.training", lang, kind=plain(f"trn.kind.{record.kind.value}", lang), title=record.title,
                 jp=number(record.jp, lang), date=day(record.end_date, lang))
    if isinstance(record, PerformanceRecord):
        return _appraisal(record.year, record.predicate.value if record.predicate else None, record.score, lang)
    assert isinstance(record, PenaltyRecord)
    return t("catatan.what.penalty", lang, level=PENALTY_LABELS[lang][record.level.value],
             date=day(record.effective_date, lang))


def _snapshot_text(official: dict[str, Any] | None, lang: Lang) -> Html:
    """What a claim names of an official record when it was made (its stored snapshot)."""
    if not official:
        return t("catatan.what.record_gone", lang)
    if "year" in official:
        return _appraisal(official["year"], official.get("predicate"), official.get("score"), lang)
    if "title" in official:
        return Html(f"{official['title']} ({number(float(official.get('jp') or 0), lang)} JP)")
    if "level" in official:
        return Html(PENALTY_LABELS[lang].get(str(official["level"]), str(official["level"])))
    return t("catatan.what.record_gone", lang)


def claim_text(claim: Claim, lang: Lang) -> Html:
    """A claim with no record of its own."""
    if claim.kind is ClaimKind.EDUCATION:
        return t("catatan.what.education", lang, value=EDUCATION_LABELS.get(claim.value or "", claim.value or ""))
    if claim.kind is ClaimKind.POSITION:
        return t("catatan.what.position", lang, value=POSITION_LABELS.get(claim.value or "", claim.value or ""))
    if claim.kind is ClaimKind.NO_SKP:
        if claim.official:
            return t("catatan.what.no_skp", lang, official=_snapshot_text(claim.official, lang))
        return t("catatan.what.no_skp_plain", lang)
    return t("catatan.what.dispute", lang, official=_snapshot_text(claim.official, lang), note=claim.note or "")


def entry_text(entry: Entry, lang: Lang) -> Html:
    if entry.record is not None:
        return record_text(entry.record, lang)
    assert entry.claim is not None
    return claim_text(entry.claim, lang)


def status_text(entry: Entry, lang: Lang) -> str:
    status = plain(f"catatan.status.{entry.status.value}", lang)
    return status + (plain("catatan.disputed", lang) if entry.disputed else "")


def list_line(n: int, entry: Entry, lang: Lang) -> Html:
    return t("catatan.item", lang, n=n, mark=MARKS[entry.status], what=entry_text(entry, lang),
             status=status_text(entry, lang))


def entry_detail(entry: Entry, lang: Lang) -> Html:
    lines = [t("catatan.entry", lang, what=entry_text(entry, lang), status=status_text(entry, lang))]
    if entry.status is EntryStatus.REJECTED and entry.claim is not None and entry.claim.reason:
        lines.append(t("catatan.entry.reason", lang, reason=entry.claim.reason))
    if entry.disputed:
        lines.append(t("catatan.entry.disputed", lang))
    elif entry.changeable:
        lines.append(t("catatan.entry.changeable", lang))
    else:
        lines.append(t(f"catatan.entry.{entry.status.value}", lang))
    return Html("\n".join(lines))


def duplicate_text(found: list[Entry], lang: Lang, *, this_answer: Sequence[tuple[str, float, Any]] = ()) -> Html:
    """The duplicate warning: the stored entries that look the same, and (in /asesmen) the items entered
    earlier in the same assessment, as (title, JP, date)."""
    items = [t("dup.item", lang, title=e.record.title, jp=number(e.record.jp, lang), date=day(e.record.end_date, lang),
               status=status_text(e, lang)) for e in found if isinstance(e.record, TrainingRecord)]
    items += [t("dup.item", lang, title=title, jp=number(jp, lang), date=day(when, lang),
                status=plain("dup.this_answer", lang)) for title, jp, when in this_answer]
    return t("dup.found", lang, items=Html("\n".join(items)))


def duplicate_buttons(keep: str, drop: str, lang: Lang) -> list[list[Button]]:
    return [[Button(plain("dup.keep_both", lang), keep)], [Button(plain("dup.drop", lang), drop)]]
