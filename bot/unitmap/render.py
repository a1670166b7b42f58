"""The unit map as a Telegram message and a chart; the summary lines /tim shares with it."""

from __future__ import annotations

from bot.charts import bar_chart
from bot.storage.profiles import Basis
from bot.texts import Html, Lang, plain, t
from bot.unitmap.figures import Figures
from bot.unitmap.service import UnitMap, UnitRow
from scoring.result import DimensionName, UnitSummary
from scoring.ruleset import CATEGORY_NAMES, DIMENSIONS
from scoring.texts import DIMENSION_LABELS, category_label, day, number

LISTED_UNITS = 15
"""Units named in the message, lowest first; the workbook (/rekap ekspor) has them all."""
CHARTED_UNITS = 20


def percent(value: float | None, lang: Lang) -> str:
    return "—" if value is None else f"{number(value * 100, lang)}%"


def mean_text(summary: UnitSummary, lang: Lang) -> str:
    return "—" if summary.mean is None else number(summary.mean, lang)


def distribution_text(summary: UnitSummary, lang: Lang) -> str:
    counts = summary.distribution
    return " · ".join(f"{category_label(name, lang)} {counts[name]}" for name in CATEGORY_NAMES)  # type: ignore[index]


def _dimension(summary: UnitSummary, name: DimensionName, lang: Lang) -> str:
    value = summary.dimension_means[name]
    return f"{DIMENSION_LABELS[lang][name]} {'—' if value is None else number(value, lang)}"


def basis_name(basis: Basis, lang: Lang) -> str:
    return plain(f"basis.name.{basis.value}", lang)


def mean_line(figures: Figures, lang: Lang) -> Html:
    """The headline mean (INDEX_BASIS) with the other basis's beside it (docs/ipasn-rules.md §10)."""
    return t("basis.mean", lang, basis=basis_name(figures.basis, lang), mean=mean_text(figures.summary, lang),
             other=basis_name(figures.other_basis, lang), other_mean=mean_text(figures.beside, lang))


def share_line(figures: Figures, lang: Lang) -> Html:
    """How many of the results in the mean rest on no pending claim."""
    return t("basis.share", lang, n=figures.fully_verified, measured=figures.summary.measured,
             percent=percent(figures.verified_share, lang))


def summary_lines(figures: Figures, lang: Lang, *, include_unofficial: bool) -> list[str]:
    """Index on both bases, coverage, the fully verified share, distribution, dimension means and the 20 JP
    share (rules §6 and §7); the distribution and dimensions are the headline basis's."""
    summary = figures.summary
    dims = " · ".join(_dimension(summary, name, lang) for name in DIMENSIONS)
    lines: list[str] = [
        mean_line(figures, lang),
        t("hr.coverage", lang, measured=summary.measured, members=summary.members,
          percent=percent(summary.coverage if summary.members else None, lang)),
        share_line(figures, lang),
        t("hr.distribution", lang, items=distribution_text(summary, lang)),
        t("hr.dimensions", lang, items=dims),
        t("hr.jp_share", lang, met=figures.jp_met, duty=figures.jp_duty, percent=percent(figures.jp_share, lang)),
    ]
    if figures.outside_official and not include_unofficial:
        lines.append(t("hr.unofficial_left_out", lang, n=figures.outside_official))
    lines.append(t("basis.explain", lang))
    return lines


def _row_line(n: int, row: UnitRow, lang: Lang) -> Html:
    summary, figures = row.summary, row.figures
    line = t("rekap.row", lang, n=n, code=row.unit.code, name=row.unit.name, mean=mean_text(summary, lang),
             measured=summary.measured, members=summary.members,
             coverage=percent(summary.coverage if summary.members else None, lang),
             jp=percent(figures.jp_share, lang), distribution=distribution_text(summary, lang))
    tail = t("basis.row_tail", lang, other=basis_name(figures.other_basis, lang),
             other_mean=mean_text(figures.beside, lang), share=percent(figures.verified_share, lang))
    return Html(line + tail)


def rows_of(found: UnitMap, tree: bool) -> list[UnitRow]:
    return found.tree if tree else found.own


def map_text(found: UnitMap, lang: Lang, *, tree: bool) -> Html:
    rows = rows_of(found, tree)
    scope = (t("rekap.scope_unit", lang, code=found.scope.code, name=found.scope.name) if found.scope
             else t("rekap.scope_all", lang))
    lines = [
        t("rekap.header", lang, day=day(found.as_of, lang)),
        scope,
        "",
        *summary_lines(found.total.figures, lang, include_unofficial=found.include_unofficial),
    ]
    lines += ["", t("rekap.view_tree" if tree else "rekap.view_own", lang, units=len(rows))]
    lines += [_row_line(n, row, lang) for n, row in enumerate(rows[:LISTED_UNITS], 1)]
    if len(rows) > LISTED_UNITS:
        lines.append(t("rekap.more", lang, n=len(rows) - LISTED_UNITS))
    if not rows:
        lines.append(t("rekap.empty", lang))
    return Html("\n".join(lines))


def map_chart(found: UnitMap, lang: Lang, *, tree: bool) -> bytes | None:
    """The lowest units' means as bars (None when no unit has anyone measured)."""
    rows = [row for row in rows_of(found, tree) if row.summary.mean is not None][:CHARTED_UNITS]
    if not rows:
        return None
    return bar_chart([_chart_label(row) for row in rows], [row.summary.mean or 0.0 for row in rows],
                     plain("rekap.chart_title", lang, n=len(rows)), lang=lang)


def _chart_label(row: UnitRow) -> str:
    """The unit's code and name, cut so the bars keep most of the width."""
    label = row.unit.code if row.unit.name in ("", row.unit.code) else f"{row.unit.code} {row.unit.name}"
    return label if len(label) <= 32 else label[:31] + "…"
