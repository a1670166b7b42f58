"""Where a person stands on the 20 JP of the year, as a message."""

from __future__ import annotations

from datetime import date

from bot.assessment.render import jp_line
from bot.texts import Html, Lang, plain, t
from bot.training.service import JpStatus
from scoring import load_ruleset
from scoring.dates import in_window, last_day_counted
from scoring.models import TrainingKind
from scoring.texts import day, number


def jp_status_text(status: JpStatus, lang: Lang) -> Html:
    items = "\n".join(
        t("jp.item", lang, date=day(r.end_date, lang), kind=plain(f"trn.kind.{r.kind.value}", lang),
          title=r.title, jp=number(r.jp, lang))
        for r in status.activities
    ) or t("jp.none", lang)
    return t("jp.status", lang, line=jp_line(status.jp, status.shortfall, lang), days=status.days_left,
             year=status.year, items=Html(items))


def where_it_counts(kind: TrainingKind, end_date: date, today: date, lang: Lang) -> Html | None:
    """For an activity dated before this calendar year: where it still counts (rules §2 and §7). The yearly
    20 JP counts only activities of this calendar year; the index counts technical training in its 12-month
    window, seminars in their 24-month window, leadership and functional training without a window, and
    never the kind *lainnya*. None for an activity of this year (it counts for the 20 JP: nothing to say)."""
    if end_date.year >= today.year:
        return None
    comp = load_ruleset().kompetensi
    months = {TrainingKind.TEKNIS: comp.technical_window_months, TrainingKind.SEMINAR: comp.seminar_window_months,
              TrainingKind.KEPEMIMPINAN: comp.leadership_window_months,
              TrainingKind.FUNGSIONAL: comp.functional_window_months}
    duty = t("chat.last_year", lang, year=end_date.year, this_year=today.year)
    if kind is TrainingKind.LAINNYA:
        index = t("chat.index_never", lang)
    elif (window := months[kind]) is None:
        index = t("chat.index_no_window", lang)
    elif in_window(end_date, today, window):
        index = t("chat.index_until", lang, months=window, until=day(last_day_counted(end_date, window), lang))
    else:
        index = t("chat.index_outside", lang, months=window)
    return Html(f"{duty} {index}")
