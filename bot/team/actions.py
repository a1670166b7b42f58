"""/tim's actions as messages and buttons: nudge the team (which reason, how many), list the members, one member's
page.

Callback data (re-checked when pressed): `timi|<view>|<root>` asks which reason, `timi|<view>|<root>|<reason>`
sends the nudge; `timm|<view>|<root>|<page>` lists the members, `timm|d|<member>` opens one.
"""

from __future__ import annotations

from bot.assessment.render import jp_line
from bot.dialogs.engine import Button
from bot.team.detail import MemberDetail
from bot.team.service import TeamSummary
from bot.texts import Html, Lang, plain, t
from bot.unitmap.facts import MemberFacts
from scoring.texts import DIMENSION_LABELS, category_label, day, number

NUDGE_PREFIX = "timi|"
"""`timi|<view>|<root>` asks which reason; `timi|<view>|<root>|<reason>` sends the nudge."""
MEMBERS_PREFIX = "timm|"
"""`timm|<view>|<root>|<page>`: the members as buttons, lowest first; `timm|d|<member>` one member's detail."""
MEMBERS_PAGE = 10


def extra_buttons(summary: TeamSummary, lang: Lang) -> list[list[Button]]:
    """Under the team message: nudge the team, open one member."""
    view, root = summary.view.value, summary.root_id
    if not summary.members:
        return []
    return [[Button(plain("nudge.button.open", lang), f"{NUDGE_PREFIX}{view}|{root}"),
             Button(plain("nudge.button.members", lang), f"{MEMBERS_PREFIX}{view}|{root}|0")]]


def nudge_choice(summary: TeamSummary, counts: dict[str, int], lang: Lang) -> tuple[Html, list[list[Button]]]:
    view = plain(f"team.view.{summary.view.value}", lang)
    buttons = [[Button(plain(f"nudge.reason.{reason}", lang, n=n),
                       f"{NUDGE_PREFIX}{summary.view.value}|{summary.root_id}|{reason}")]
               for reason, n in counts.items()]
    return t("nudge.ask", lang, view=view), buttons


def nudged_text(queued: int, already: int, unreachable: int, reason: str, lang: Lang) -> Html:
    return t("nudge.done", lang, queued=queued, already=already, unreachable=unreachable,
             reason=plain(f"nudge.reason_named.{reason}", lang))


def member_order(member: MemberFacts) -> tuple[bool, float, str]:
    """Lowest index first; the never measured after them."""
    return (member.result is None, member.result.total if member.result else 0.0, member.name)


def members_page(summary: TeamSummary, page: int, lang: Lang) -> tuple[Html, list[list[Button]]]:
    people = sorted(summary.members, key=member_order)
    pages = max(1, -(-len(people) // MEMBERS_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = people[page * MEMBERS_PAGE : (page + 1) * MEMBERS_PAGE]
    buttons = [[Button(f"{m.name} · {number(m.result.total, lang) if m.result else '—'}"[:60],
                       f"{MEMBERS_PREFIX}d|{m.employee_id}")] for m in shown]
    base = f"{MEMBERS_PREFIX}{summary.view.value}|{summary.root_id}|"
    paging = []
    if page > 0:
        paging.append(Button(plain("target.button.prev", lang), f"{base}{page - 1}"))
    if page + 1 < pages:
        paging.append(Button(plain("target.button.next", lang, page=page + 2, pages=pages), f"{base}{page + 1}"))
    if paging:
        buttons.append(paging)
    text = t("member.list", lang, view=plain(f"team.view.{summary.view.value}", lang), n=len(people), page=page + 1,
             pages=pages)
    return text, buttons


def detail_text(detail: MemberDetail, lang: Lang) -> Html:
    facts, result = detail.facts, detail.result
    lines: list[str] = [t("member.header", lang, name=facts.name, nip=facts.nip, unit=detail.unit or "-")]
    if result is None:
        lines.append(t("member.unmeasured", lang))
    else:
        mark = "" if result.official else plain("target.unit.unofficial_mark", lang)
        lines.append(t("member.result", lang, total=number(result.total, lang),
                       category=category_label(result.category, lang),
                       day=day(result.as_of, lang), mark=mark))
        lines.append(" · ".join(f"{DIMENSION_LABELS[lang][name]} {number(points, lang)}"
                                for name, points in result.dimension_points.items()))
        lines.append("")
        if result.advice:
            lines.append(t("member.lacks_header", lang))
            lines += [t("result.advice_item", lang, n=n, text=a.text_in(lang)) for n, a in enumerate(result.advice, 1)]
        else:
            lines.append(t("member.lacks_none", lang))
    lines.append("")
    lines.append(jp_line(facts.jp, facts.shortfall, lang) if facts.owes_jp
                 else t("jp.line_met", lang, jp=number(facts.jp, lang)))
    return Html("\n".join(lines))
