"""A team summary as a Telegram message, buttons and a chart."""

from __future__ import annotations

from bot.callback_ids import parse_id
from bot.charts import bar_chart
from bot.dialogs.engine import Button
from bot.team.service import TeamSummary, TeamView
from bot.texts import Html, Lang, plain, t
from bot.unitmap.facts import MemberFacts
from bot.unitmap.render import summary_lines
from scoring.ruleset import CATEGORY_NAMES
from scoring.texts import category_label, day, number

TEAM_PREFIX = "tim|"
LISTED_NAMES = 15
"""Names listed per group in the message; /tim ekspor lists everyone."""


def team_data(action: str, view: TeamView, root_id: int) -> str:
    """Callback data of a /tim button: `tim|<action>|<view>|<root employee id>` (re-checked when pressed)."""
    return f"{TEAM_PREFIX}{action}|{view.value}|{root_id}"


def parse_team_data(data: str) -> tuple[str, TeamView, int] | None:
    parts = data.split("|")
    if len(parts) != 4 or parts[0] + "|" != TEAM_PREFIX or parts[1] not in ("show", "export"):
        return None
    try:
        view = TeamView(parts[2])
    except ValueError:
        return None
    root_id = parse_id(parts[3])
    return None if root_id is None else (parts[1], view, root_id)


def _names(members: list[MemberFacts], lang: Lang, *, shortfall: bool) -> str:
    shown = [
        t("team.name_short", lang, name=m.name, shortfall=number(m.shortfall, lang)) if shortfall else m.name
        for m in members[:LISTED_NAMES]
    ]
    if len(members) > LISTED_NAMES:
        shown.append(t("team.and_more", lang, n=len(members) - LISTED_NAMES))
    return ", ".join(shown)


def team_text(summary: TeamSummary, lang: Lang) -> Html:
    view = plain(f"team.view.{summary.view.value}", lang)
    lines = [t("team.header", lang, name=summary.root_name, view=view, day=day(summary.as_of, lang)), ""]
    if not summary.members:
        lines.append(t("team.empty", lang))
        return Html("\n".join(lines))
    lines += summary_lines(summary.figures, lang, include_unofficial=summary.include_unofficial)
    short, unassessed = summary.shortfall, summary.unassessed
    lines.append("")
    lines.append(t("team.shortfall", lang, n=len(short), names=_names(short, lang, shortfall=True))
                 if short else t("team.shortfall_none", lang))
    lines.append(t("team.unassessed", lang, n=len(unassessed), names=_names(unassessed, lang, shortfall=False))
                 if unassessed else t("team.unassessed_none", lang))
    return Html("\n".join(lines))


def team_buttons(summary: TeamSummary, lang: Lang) -> list[list[Button]]:
    other = TeamView.ALL if summary.view is TeamView.DIRECT else TeamView.DIRECT
    return [[Button(plain(f"team.button.{other.value}", lang), team_data("show", other, summary.root_id)),
             Button(plain("team.button.export", lang), team_data("export", summary.view, summary.root_id))]]


def team_chart(summary: TeamSummary, lang: Lang) -> bytes | None:
    """The distribution over the five categories (None when nobody in the team is measured)."""
    if not summary.summary.measured:
        return None
    counts = [float(summary.summary.distribution[name]) for name in CATEGORY_NAMES]  # type: ignore[index]
    labels = [category_label(name, lang) for name in CATEGORY_NAMES]
    return bar_chart(labels, counts, plain("team.chart_title", lang, name=summary.root_name), lang=lang,
                     limit=max(counts) or 1.0)
