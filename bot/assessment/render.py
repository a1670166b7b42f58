"""A ScoreResult as a Telegram message and a chart, in the user's language."""

from __future__ import annotations

from collections.abc import Sequence

from bot.charts import dimensions_chart
from bot.storage.models import Assessment
from bot.texts import Html, Lang, t
from scoring import ScoreResult
from scoring.texts import DIMENSION_LABELS, INDICATOR_LABELS, day, number


def result_text(result: ScoreResult, lang: Lang) -> Html:
    """Total and category, each dimension and indicator with its reason, the advice with gains."""
    lines: list[str] = [
        t("result.header", lang, total=number(result.total, lang), category=result.category),
        t("result.as_of", lang, day=day(result.as_of, lang), ruleset=result.ruleset),
    ]
    if not result.official:
        lines.append(t("result.unofficial", lang))
    for name, dimension in result.dimensions.items():
        lines.append("")
        lines.append(t("result.dimension", lang, name=DIMENSION_LABELS[lang][name],
                       points=number(dimension.points, lang), max=number(dimension.max, lang)))
        for indicator in dimension.indicators:
            mark = "✅" if indicator.met else "▫️"
            lines.append(t("result.indicator", lang, mark=mark,
                           name=INDICATOR_LABELS[lang].get(indicator.code, indicator.code),
                           points=number(indicator.points, lang), max=number(indicator.max, lang),
                           reason=indicator.reason_in(lang)))
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
    lines += [t("history.item", lang, day=day(a.as_of, lang), total=number(a.total, lang), category=a.category)
              for a in assessments]
    return Html("\n".join(lines))
