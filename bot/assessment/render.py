"""A result as a Telegram message and a chart, in the user's language; both figures when they differ."""

from __future__ import annotations

from collections.abc import Sequence

from bot.charts import dimensions_chart
from bot.storage.assessments import Provenance, Scored, indicator_points
from bot.storage.models import Assessment
from bot.texts import Html, Lang, t
from scoring import ScoreResult
from scoring.ruleset import DIMENSIONS
from scoring.texts import DIMENSION_LABELS, INDICATOR_LABELS, day, number

PENDING_MARK = "⏳"


def signed(value: float, lang: Lang) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), lang)


def _two_figures(scored: Scored, lang: Lang) -> list[str]:
    """The verified figure under the declared one, and what deciding the pending claims would change."""
    declared, verified = scored.declared, scored.verified
    gains = {name: declared.dimension_points[name] - verified.dimension_points[name] for name in DIMENSIONS}
    changes = " · ".join(f"{DIMENSION_LABELS[lang][name]} {signed(gain, lang)}" for name, gain in gains.items() if gain)
    return [
        t("result.verified_line", lang, total=number(verified.total, lang), category=verified.category),
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
        t("result.header", lang, total=number(result.total, lang), category=result.category),
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
    return Html("\n".join(lines))


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
        f"IP ASN {number(result.total, lang)} — {result.category}",
    )


def history_text(assessments: Sequence[Assessment], lang: Lang) -> Html:
    lines = [t("history.header", lang)]
    for a in assessments:
        line = t("history.item", lang, day=day(a.as_of, lang), total=number(a.total, lang), category=a.category)
        if a.verified_total != a.total:
            line = Html(line + t("history.verified", lang, total=number(a.verified_total, lang)))
        lines.append(line)
    return Html("\n".join(lines))
