"""Where a person stands on the 20 JP of the year, as a message."""

from __future__ import annotations

from bot.assessment.render import jp_line
from bot.texts import Html, Lang, plain, t
from bot.training.service import JpStatus
from scoring.texts import day, number


def jp_status_text(status: JpStatus, lang: Lang) -> Html:
    items = "\n".join(
        t("jp.item", lang, date=day(r.end_date, lang), kind=plain(f"trn.kind.{r.kind.value}", lang),
          title=r.title, jp=number(r.jp, lang))
        for r in status.activities
    ) or t("jp.none", lang)
    return t("jp.status", lang, line=jp_line(status.jp, status.shortfall, lang), days=status.days_left,
             year=status.year, items=Html(items))
