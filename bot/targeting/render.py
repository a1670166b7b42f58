"""Unit pages, the intervention list and the comparison as Telegram messages and buttons.

Callback data (`rk|…`, at most 64 bytes, every id re-checked by the services when pressed):
`rk|u|<unit>|<page>|<back>` a unit page (back: the unit to return to, 0 for the top), `rk|t|<page>` the top
units, `rk|n|<unit or 0>` what to do first, `rk|c|<unit or 0>|<YYYYMMDD>` the comparison with that day.
"""

from __future__ import annotations

from datetime import date

from bot.callback_ids import parse_id
from bot.dialogs.engine import Button
from bot.targeting.compare import Change, Comparison
from bot.targeting.drill import PAGE_MEMBERS, PAGE_UNITS, UnitPage
from bot.targeting.needs import Needs
from bot.texts import Html, Lang, plain, t
from bot.unitmap.lacks import lack_text
from bot.unitmap.render import mean_text, percent
from bot.unitmap.service import UnitInfo
from scoring import load_ruleset
from scoring.texts import category_label, day, number

PREFIX = "rk|"
TOP_BUTTONS = 8
LISTED_CHANGES = 15
LISTED_NEEDS = 6


def unit_data(unit_id: int, page: int = 0, back: int | None = None) -> str:
    return f"{PREFIX}u|{unit_id}|{page}|{back or 0}"


def needs_data(unit_id: int | None) -> str:
    return f"{PREFIX}n|{unit_id or 0}"


def compare_data(unit_id: int | None, since: date) -> str:
    return f"{PREFIX}c|{unit_id or 0}|{since:%Y%m%d}"


def top_data(page: int) -> str:
    return f"{PREFIX}t|{page}"


def _number(text: str) -> int | None:
    """A page number or the 0 that stands for "none": ASCII digits only, bounded."""
    return 0 if text == "0" else parse_id(text)


def parse(data: str) -> tuple[str, list[int | None]] | None:
    """(what, its numbers) of `rk|…` data (after the prefix), None for anything the bot could not have written.
    A date comes back as its YYYYMMDD number."""
    parts = data.split("|")
    shapes = {"u": 4, "t": 2, "n": 2, "c": 3}
    if not parts or parts[0] not in shapes or len(parts) != shapes[parts[0]]:
        return None
    numbers = [_number(p) for p in parts[1:]]
    if any(n is None for n in numbers):
        return None
    return parts[0], numbers


def page_text(page: UnitPage, lang: Lang) -> Html:
    unit, subtree = page.unit, page.subtree.summary
    lines: list[str] = [t("target.unit.header", lang, code=unit.code, name=unit.name, day=day(page.as_of, lang))]
    if page.parent is not None:
        lines.append(t("target.unit.parent", lang, code=page.parent.code, name=page.parent.name))
    lines.append(t("target.unit.figures", lang, mean=mean_text(subtree, lang), measured=subtree.measured,
                   members=subtree.members, coverage=percent(subtree.coverage if subtree.members else None, lang),
                   met=page.subtree.jp_met, duty=page.subtree.jp_duty))
    if page.children:
        lines += ["", t("target.unit.children", lang, n=len(page.children))]
        start = page.page * PAGE_UNITS if page.page * PAGE_UNITS < len(page.children) else 0
        for n, row in enumerate(page.children[start : start + PAGE_UNITS], start + 1):
            s = row.summary
            lines.append(t("target.unit.child", lang, n=n, code=row.unit.code, name=row.unit.name,
                           mean=mean_text(s, lang), measured=s.measured, members=s.members))
    lines.append("")
    if not page.member_count:
        lines.append(t("target.unit.no_members", lang))
        return Html("\n".join(lines))
    own = page.own.summary
    lines.append(t("target.unit.members", lang, n=page.member_count, mean=mean_text(own, lang),
                   page=page.page + 1, pages=page.pages))
    for n, member in enumerate(page.members, page.page * PAGE_MEMBERS + 1):
        facts, result = member.facts, member.result
        if result is None:
            lines.append(t("target.unit.member_unmeasured", lang, n=n, name=facts.name))
            continue
        mark = "" if result.official else plain("target.unit.unofficial_mark", lang)
        values = {"n": n, "name": facts.name, "total": number(result.total, lang),
                  "category": category_label(result.category, lang), "mark": mark}
        if member.lacks.advice:
            lacks = ", ".join(lack_text(code, gain, lang) for code, gain in member.lacks.advice[:2])
            lines.append(t("target.unit.member", lang, lacks=lacks, **values))
        else:
            lines.append(t("target.unit.member_complete", lang, **values))
    return Html("\n".join(lines))


def page_buttons(page: UnitPage, back: int, since: date, lang: Lang) -> list[list[Button]]:
    unit_id = page.unit.id or 0
    rows: list[list[Button]] = []
    start = page.page * PAGE_UNITS if page.page * PAGE_UNITS < len(page.children) else 0
    children = [Button(f"{row.unit.code} · {mean_text(row.summary, lang)}", unit_data(row.unit.id or 0, 0, unit_id))
                for row in page.children[start : start + PAGE_UNITS] if row.unit.id is not None]
    rows += [children[i : i + 2] for i in range(0, len(children), 2)]
    paging = []
    if page.page > 0:
        paging.append(Button(plain("target.button.prev", lang), unit_data(unit_id, page.page - 1, back)))
    if page.page + 1 < page.pages:
        paging.append(Button(plain("target.button.next", lang, page=page.page + 2, pages=page.pages),
                             unit_data(unit_id, page.page + 1, back)))
    if paging:
        rows.append(paging)
    rows.append([Button(plain("target.button.needs", lang), needs_data(unit_id)),
                 Button(plain("target.button.compare", lang, day=day(since, lang)), compare_data(unit_id, since))])
    moves = []
    if page.parent is not None and page.parent.id is not None:
        moves.append(Button(plain("target.button.up", lang, code=page.parent.code),
                            unit_data(page.parent.id, 0, unit_id)))
    moves.append(Button(plain("target.button.back", lang),
                        unit_data(back, 0, 0) if back and back != unit_id else top_data(0)))
    rows.append(moves)
    return rows


def top_buttons(units: list[UnitInfo], page: int, since: date, lang: Lang, *, summary: bool) -> list[list[Button]]:
    """Buttons into the top units (paged), then what to do first and the comparison for the whole scope."""
    shown = units[page * TOP_BUTTONS : (page + 1) * TOP_BUTTONS]
    buttons = [Button(f"🏢 {u.code}", unit_data(u.id or 0, 0, 0)) for u in shown if u.id is not None]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    paging = []
    if page > 0:
        paging.append(Button(plain("target.button.prev", lang), top_data(page - 1)))
    if (page + 1) * TOP_BUTTONS < len(units):
        pages = -(-len(units) // TOP_BUTTONS)
        paging.append(Button(plain("target.button.next", lang, page=page + 2, pages=pages), top_data(page + 1)))
    if paging:
        rows.append(paging)
    if summary:
        rows.append([Button(plain("target.button.needs", lang), needs_data(None)),
                     Button(plain("target.button.compare", lang, day=day(since, lang)), compare_data(None, since))])
    return rows


def top_text(units: list[UnitInfo], page: int, lang: Lang) -> Html:
    return t("target.top.header", lang, n=len(units), page=page + 1, pages=max(1, -(-len(units) // TOP_BUTTONS)))


def _scope_name(unit: UnitInfo | None, lang: Lang) -> str:
    return plain("target.scope_all", lang) if unit is None else f"{unit.code} {unit.name}"


def action_text(code: str, lang: Lang) -> str:
    rules = load_ruleset().kompetensi
    return plain(f"target.action.{code}", lang, jp=number(rules.technical_min_jp, lang),
                 months=rules.technical_window_months, seminar_months=rules.seminar_window_months)


def needs_text(needs: Needs, lang: Lang) -> Html:
    lines: list[str] = [t("target.needs.header", lang, scope=_scope_name(needs.unit, lang), day=day(needs.as_of, lang),
               mean=number(needs.mean, lang) if needs.mean is not None else "—", measured=needs.measured,
               members=needs.members)]
    if not needs.needs:
        lines.append(t("target.needs.none", lang))
    for n, need in enumerate(needs.needs[:LISTED_NEEDS], 1):
        lines.append(t("target.needs.item", lang, n=n, action=action_text(need.code, lang), people=need.gain.people,
                       units=need.units, gain=number(need.on_mean or 0.0, lang),
                       per_person=number(float(need.gain.per_person()), lang)))
    unmeasured = needs.members - needs.measured
    if unmeasured:
        lines.append(t("target.needs.unmeasured", lang, n=unmeasured))
    lines += ["", t("target.needs.note", lang)]
    return Html("\n".join(lines))


def _signed(value: float | None, lang: Lang) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value), lang)


def _change_line(n: int, change: Change, lang: Lang) -> Html:
    return t("target.compare.row", lang, n=n, code=change.unit.code, name=change.unit.name,
             before=mean_text(change.before, lang), after=mean_text(change.after, lang),
             delta=_signed(change.delta, lang), m1=change.before.measured, m2=change.after.measured)


def compare_text(found: Comparison, lang: Lang) -> Html:
    total = found.total
    lines: list[str] = [
        t("target.compare.header", lang, scope=_scope_name(found.unit, lang), since=day(found.since, lang),
          today=day(found.today, lang)),
        t("target.compare.total", lang, before=mean_text(total.before, lang), after=mean_text(total.after, lang),
          delta=_signed(total.delta, lang), m1=total.before.measured, m2=total.after.measured),
    ]
    fell = [c for c in found.units if c.delta is not None and c.delta < 0]
    rest = [c for c in found.units if c.delta is not None and c.delta >= 0]
    missing = [c for c in found.units if c.delta is None]
    if fell:
        lines += ["", t("target.compare.fell", lang, n=len(fell))]
        lines += [_change_line(n, c, lang) for n, c in enumerate(fell[:LISTED_CHANGES], 1)]
    if rest:
        lines += ["", t("target.compare.rose", lang, n=len(rest))]
        shown = sorted(rest, key=lambda c: (-(c.delta or 0.0), c.unit.code))[:LISTED_CHANGES]
        lines += [_change_line(n, c, lang) for n, c in enumerate(shown, 1)]
    if missing:
        lines += ["", t("target.compare.missing", lang, n=len(missing),
                        codes=", ".join(c.unit.code for c in missing[:LISTED_CHANGES]))]
    lines += ["", t("target.compare.hint", lang)]
    return Html("\n".join(lines))
