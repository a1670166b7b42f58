"""A result as a Telegram message and a chart, in the user's language; both figures when they differ."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo

from bot.charts import dimensions_chart
from bot.storage.assessments import Provenance, Scored, indicator_points
from bot.storage.models import Assessment
from bot.texts import Html, Lang, t
from scoring import ScoreResult, load_ruleset
from scoring.ruleset import DIMENSIONS
from scoring.texts import DIMENSION_LABELS, INDICATOR_LABELS, category_label, day, number

PENDING_MARK = "⏳"
TECHNICAL = "diklat_teknis"
"""The code of the technical-training indicator (scoring's rule set)."""


def signed(value: float, lang: Lang) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), lang)


def _two_figures(scored: Scored, lang: Lang) -> list[str]:
    """The verified figure under the declared one, and what deciding the pending claims would change."""
    declared, verified = scored.declared, scored.verified
    gains = {name: declared.dimension_points[name] - verified.dimension_points[name] for name in DIMENSIONS}
    changes = " · ".join(f"{DIMENSION_LABELS[lang][name]} {signed(gain, lang)}" for name, gain in gains.items() if gain)
    return [
        t("result.verified_line", lang, total=number(verified.total, lang),
          category=category_label(verified.category, lang)),
        t("result.pending_note", lang, mark=PENDING_MARK),
        t("result.if_verified", lang, total=number(declared.total, lang), changes=changes,
          verified=number(verified.total, lang)),
    ]


def result_text(result: ScoreResult, lang: Lang, *, scored: Scored | None = None) -> Html:
    """Total and category, each dimension and indicator with its reason, the advice with gains. With `scored`
    (whose declared result is `result`) and figures that differ: the verified figure too, each indicator
    resting on a pending claim marked with its verified points, and what verification would change."""
    two = scored is not None and scored.differ
    lines: list[str] = [
        t("result.header", lang, total=number(result.total, lang), category=category_label(result.category, lang)),
    ]
    if scored is not None and two:
        lines += _two_figures(scored, lang)
    lines.append(t("result.as_of", lang, day=day(result.as_of, lang), ruleset=result.ruleset))
    if not result.official:
        lines.append(t("result.unofficial", lang))
    checked = indicator_points(scored.verified) if scored is not None and two else {}
    for name, dimension in result.dimensions.items():
        lines.append("")
        lines.append(t("result.dimension", lang, name=DIMENSION_LABELS[lang][name],
                       points=number(dimension.points, lang), max=number(dimension.max, lang)))
        for indicator in dimension.indicators:
            pending = scored is not None and scored.provenance.get(indicator.code) is Provenance.PENDING
            mark = PENDING_MARK if pending else "✅" if indicator.met else "▫️"
            lines.append(t("result.indicator", lang, mark=mark,
                           name=INDICATOR_LABELS[lang].get(indicator.code, indicator.code),
                           points=number(indicator.points, lang), max=number(indicator.max, lang),
                           reason=indicator.reason_in(lang)))
            if pending and two:
                lines.append(t("result.indicator_verified", lang, points=number(checked.get(indicator.code, 0), lang),
                               max=number(indicator.max, lang)))
    lines.append("")
    if result.advice:
        lines.append(t("result.advice_header", lang))
        lines.extend(t("result.advice_item", lang, n=i, text=a.text_in(lang))
                     for i, a in enumerate(result.advice, 1))
    else:
        lines.append(t("result.no_advice", lang))
    lines.append("")
    lines.append(jp_line(result.jp_this_year, result.jp_shortfall, lang))
    if (why := duty_met_index_not(result, lang)) is not None:
        lines.append(why)
    return Html("\n".join(lines))


def duty_met_index_not(result: ScoreResult, lang: Lang) -> Html | None:
    """Why the yearly 20 JP is met (✅) while the technical-training indicator is not: the duty counts every
    kind of activity in the calendar year, the indicator only technical training in its window (rules §2,
    §7). Without this, "20 JP ✅" beside "Diklat teknis 0/22,5" reads as a contradiction."""
    if result.jp_shortfall > 0:
        return None
    technical = next((indicator for dimension in result.dimensions.values() for indicator in dimension.indicators
                      if indicator.code == TECHNICAL and not indicator.met), None)
    if technical is None:
        return None
    comp = load_ruleset(result.ruleset).kompetensi
    return t("chat.duty_met_index_not", lang, name=INDICATOR_LABELS[lang].get(TECHNICAL, TECHNICAL),
             points=number(technical.points, lang), max=number(technical.max, lang),
             min=number(comp.technical_min_jp, lang), months=comp.technical_window_months)


def jp_line(jp: float, shortfall: float, lang: Lang) -> Html:
    if shortfall > 0:
        return t("jp.line_short", lang, jp=number(jp, lang), shortfall=number(shortfall, lang))
    return t("jp.line_met", lang, jp=number(jp, lang))


def result_chart(result: ScoreResult, lang: Lang) -> bytes:
    names = list(result.dimensions)
    return dimensions_chart(
        [DIMENSION_LABELS[lang][n] for n in names],
        [result.dimensions[n].points for n in names],
        [result.dimensions[n].max for n in names],
        f"IP ASN {number(result.total, lang)} — {category_label(result.category, lang)}",
        lang,
    )


def history_text(assessments: Sequence[Assessment], lang: Lang, tz: tzinfo) -> Html:
    """One line per result, oldest first. A recompute on the same day that changed nothing is not a new
    line (it would read as a duplicate); a day that still has several results (an assessment, then a claim
    decided) shows each one's time."""
    shown = distinct_results(assessments)
    per_day = Counter(a.as_of for a in shown)
    lines = [t("history.header", lang)]
    for a in shown:
        when = day(a.as_of, lang)
        if per_day[a.as_of] > 1:
            when = f"{when} {_aware(a.created_at).astimezone(tz):%H:%M}"
        line = t("history.item", lang, day=when, total=number(a.total, lang),
                 category=category_label(a.category, lang))
        if a.verified_total != a.total:
            line = Html(line + t("history.verified", lang, total=number(a.verified_total, lang)))
        lines.append(line)
    return Html("\n".join(lines))


def distinct_results(assessments: Sequence[Assessment]) -> list[Assessment]:
    """Oldest first, without an assessment that repeats the previous one of the same day (same figures)."""
    kept: list[Assessment] = []
    for a in assessments:
        before = kept[-1] if kept else None
        if before is not None and before.as_of == a.as_of and _figures(before) == _figures(a):
            continue
        kept.append(a)
    return kept


def _figures(a: Assessment) -> tuple[float, str, float, str]:
    return a.total, a.category, a.verified_total, a.verified_category


def last_of_each_day(assessments: Sequence[Assessment]) -> list[Assessment]:
    """The trend's points: a day's last assessment stands for the day (oldest first), so two assessments of
    one day are one point, not two spread across the chart as if time had passed between them."""
    last: dict[date, Assessment] = {}
    for a in assessments:
        last[a.as_of] = a  # oldest first: a later one of the same day replaces it
    return list(last.values())


def _aware(at: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
