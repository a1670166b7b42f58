"""What the HR admin reads about a broadcast: the audience in words, the progress, the report and its CSV."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.broadcast.audience import Audience, AudienceKind
from bot.broadcast.service import Counts, Failure
from bot.storage.nip import printed_nip
from bot.texts import Html, Lang, plain, t
from scoring.io.writing import csv_bytes
from scoring.texts import category_label, day

SHOWN_UNITS = 10
RESEND_PREFIX = "siaran-ulang:"
"""Callback data of the report's button: `siaran-ulang:<broadcast id>`."""


def when_text(at: datetime, tz: ZoneInfo, lang: Lang) -> str:
    local = at.astimezone(tz)
    return f"{day(local.date(), lang)} {local:%H:%M}"


def audience_text(audience: Audience, unit_codes: Sequence[str], lang: Lang) -> str:
    if audience.kind is AudienceKind.UNITS:
        shown = ", ".join(unit_codes[:SHOWN_UNITS])
        if len(unit_codes) > SHOWN_UNITS:  # the preview must stay one message, whatever was chosen
            shown += f" (+{len(unit_codes) - SHOWN_UNITS})"
        return plain("siaran.audience.units_named", lang, units=shown)
    if audience.kind is AudienceKind.CATEGORY:
        return plain("siaran.audience.category_named", lang, category=category_label(audience.category or "", lang))
    return plain(f"siaran.audience.{audience.kind.value}_named", lang)


def progress_text(broadcast_id: int, counts: Counts, lang: Lang) -> Html:
    key = "siaran.progress_done" if counts.done else "siaran.progress"
    text = t(key, lang, id=broadcast_id, sent=counts.sent, total=counts.total, failed=counts.failed,
             unreachable=counts.unreachable, uncertain=counts.uncertain, left=counts.left)
    if counts.cancelled:
        text = Html(text + "\n" + t("siaran.report_cancelled", lang, cancelled=counts.cancelled))
    return text


def report_text(broadcast_id: int, counts: Counts, lang: Lang) -> Html:
    """sent + failed + unreachable + uncertain (+ cancelled, when an admin stopped it) = recipients, each on its
    line."""
    lines = [t("siaran.report", lang, id=broadcast_id, sent=counts.sent, total=counts.total, failed=counts.failed,
               unreachable=counts.unreachable, uncertain=counts.uncertain)]
    if counts.cancelled:
        lines.append(t("siaran.report_cancelled", lang, cancelled=counts.cancelled))
    if counts.uncertain:
        lines.append(t("siaran.report_uncertain", lang, n=counts.uncertain))
    if counts.failed or counts.unreachable or counts.uncertain:
        lines.append(t("siaran.report_csv", lang))
    return Html("\n".join(lines))


def resend_button(broadcast_id: int, counts: Counts, lang: Lang) -> InlineKeyboardMarkup | None:
    """Under the report: resend the uncertain messages, a deliberate choice of the admin's."""
    if not counts.uncertain:
        return None
    label = plain("siaran.button.resend_uncertain", lang, n=counts.uncertain)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=f"{RESEND_PREFIX}{broadcast_id}")]])


def failures_csv(failures: Sequence[Failure], lang: Lang) -> bytes:
    """One row per recipient who did not get the message, through the one writer (UTF-8 with BOM so Excel
    reads the names right; a name that looks like a formula stays text; the NIP printed, so Excel keeps it
    as text)."""
    header = [plain(f"siaran.csv.{column}", lang) for column in ("nip", "name", "unit", "status", "attempts", "error")]
    return csv_bytes(header, (
        [printed_nip(failure.nip) if failure.nip else "", failure.name or plain("siaran.csv.deleted", lang),
         failure.unit or "", plain(f"siaran.csv.status.{failure.status.value}", lang), failure.attempts,
         failure.error or ""]
        for failure in failures
    ))
