"""Texts shared by several features: the JP status, the assessment history."""

from __future__ import annotations

from collections.abc import Sequence

from bot.assessment.render import jp_line
from bot.storage.models import Assessment
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


def history_text(assessments: Sequence[Assessment], lang: Lang) -> Html:
    lines = [t("history.header", lang)]
    lines += [t("history.item", lang, day=day(a.as_of, lang), total=number(a.total, lang), category=a.category)
              for a in assessments]
    return Html("\n".join(lines))
