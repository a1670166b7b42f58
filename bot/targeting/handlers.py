"""/rekap and its drill-down buttons: Telegram in and out; the services decide what the HR admin may see.

`/rekap` is the unit map (`bot.unitmap`) with buttons into the top units, what to do first and the comparison
with the end of last year, in either of its views (`rekap|own`, `rekap|tree`); `/rekap NAME` opens a unit by
code or name (several matches: a choice); `/rekap banding [DATE]` compares with another day; `/rekap ekspor`
(and `rekap|export`) is the workbook (`export.map_export`).
"""

from __future__ import annotations

from datetime import date

from bot.cleaning import TextRefused, clean_line
from bot.dialogs.engine import Button, Reply
from bot.parsing import InputError, parse_date
from bot.router import Caller, Router
from bot.storage.profiles import Basis
from bot.targeting import render
from bot.targeting.compare import compare, end_of_last_year
from bot.targeting.drill import CHOICES, find_units, top_units, unit_page
from bot.targeting.export import map_export
from bot.targeting.needs import scope_needs
from bot.targeting.scope import NotHrAdmin, OutsideScope
from bot.texts import Html, plain, t
from bot.unitmap import handlers as unitmap
from bot.unitmap.service import UnitMap, hr_unit_map

COMPARE_WORDS = ("banding", "compare")


def register(router: Router) -> None:
    router.command("rekap", command, heavy=True)
    router.button(render.PREFIX, button, heavy=True)
    router.button(unitmap.REKAP_PREFIX, view_button, heavy=True)


def _unofficial(who: Caller) -> bool:
    return who.services.settings.INDEX_INCLUDE_UNOFFICIAL


def _basis(who: Caller) -> Basis:
    """The headline figure (INDEX_BASIS): every view here shows and ranks by it, as /rekap's map does."""
    return Basis(who.services.settings.INDEX_BASIS)


async def command(who: Caller) -> None:
    """/rekap, /rekap ekspor, /rekap banding [DATE], /rekap NAME."""
    args = [arg.lower() for arg in who.args]
    try:
        if not args:
            await overview(who)
        elif len(args) == 1 and args[0] in unitmap.EXPORT_WORDS:
            await export(who)
        elif args[0] in COMPARE_WORDS:
            await compared(who, None, _since(who, " ".join(who.args[1:])))
        else:
            await search(who, " ".join(who.args))
    except NotHrAdmin:
        who.say(Reply(t("rekap.not_hr", who.lang)))
    except OutsideScope:
        who.say(Reply(t("target.outside", who.lang)))
    except InputError as problem:
        who.say(Reply(t(problem.key, who.lang, **problem.params)))


def _since(who: Caller, text: str) -> date:
    today = who.services.today()
    if not text.strip():
        return end_of_last_year(today)
    since = parse_date(text, today=today)
    if since >= today:
        raise InputError("target.compare.not_past")
    return since


async def overview(who: Caller, view: str = "own") -> None:
    """The map in one of its views (`own`: each unit alone, as /rekap always was; `tree`: with sub-units), with
    buttons into the top units, what to do first, the comparison."""
    assert who.me is not None
    since = end_of_last_year(who.services.today())
    tops = await top_units(who.session, who.me.employee_id)

    def extra(found: UnitMap) -> list[list[Button]]:
        return render.top_buttons(tops, 0, since, who.lang, summary=True)

    await unitmap.respond(who, view, extra=extra)


async def export(who: Caller) -> None:
    """The workbook of the admin's scope, compared with the end of last year."""
    assert who.me is not None
    services = who.services
    found = await hr_unit_map(who.session, who.me.employee_id, today=services.today(),
                              include_unofficial=_unofficial(who), basis=_basis(who))
    if found is None:
        raise NotHrAdmin(who.me.employee_id)
    content = await map_export(who.session, found, who.lang)
    who.say(Reply(t("hr.xlsx_caption", who.lang), document=(f"rekap-ipasn-{found.as_of.isoformat()}.xlsx", content)))


async def view_button(who: Caller, view: str) -> None:
    """`rekap|own`, `rekap|tree` (the map's views, each with the drill-down's buttons), `rekap|export`."""
    try:
        if view == "export":
            await export(who)
        elif view in unitmap.VIEWS:
            await overview(who, view)
        else:
            who.answer(plain("button.expired", who.lang), alert=True)
    except NotHrAdmin:
        who.say(Reply(t("rekap.not_hr", who.lang)))


async def search(who: Caller, text: str) -> None:
    """/rekap WORDS: the words are cleaned where they enter (`bot.cleaning`), so what is searched and echoed has
    no bidi override or invisible character; words that leave nothing get the usage line."""
    assert who.me is not None
    try:
        text = clean_line(text[:100], limit=100) or ""
    except TextRefused:
        text = ""
    if not text:
        who.say(Reply(t("target.usage", who.lang)))
        return
    found = await find_units(who.session, who.me.employee_id, text)
    if not found:
        who.say(Reply(Html(t("target.search.none", who.lang, text=text[:60]) + "\n" + t("target.usage", who.lang))))
    elif len(found) == 1 and found[0].id is not None:
        await page(who, found[0].id, 0, 0)
    else:
        buttons = [[Button(f"{u.code} — {u.name}"[:60], render.unit_data(u.id or 0))] for u in found[:CHOICES]]
        who.say(Reply(t("target.search.many", who.lang, n=len(found), text=text[:60], shown=min(len(found), CHOICES)),
                      buttons))


async def page(who: Caller, unit_id: int, number: int, back: int) -> None:
    assert who.me is not None
    today = who.services.today()
    shown = await unit_page(who.session, who.me.employee_id, unit_id, number, today=today,
                            include_unofficial=_unofficial(who), basis=_basis(who))
    who.say(Reply(render.page_text(shown, who.lang),
                  render.page_buttons(shown, back, end_of_last_year(today), who.lang)))


async def top(who: Caller, number: int) -> None:
    assert who.me is not None
    units = await top_units(who.session, who.me.employee_id)
    number = min(max(number, 0), max(0, (len(units) - 1) // render.TOP_BUTTONS))
    since = end_of_last_year(who.services.today())
    who.say(Reply(render.top_text(units, number, who.lang),
                  render.top_buttons(units, number, since, who.lang, summary=True)))


async def needs(who: Caller, unit_id: int | None) -> None:
    assert who.me is not None
    found = await scope_needs(who.session, who.me.employee_id, unit_id, today=who.services.today(),
                              include_unofficial=_unofficial(who), basis=_basis(who))
    back = [[Button(plain("target.button.back", who.lang),
                           render.unit_data(unit_id) if unit_id else render.top_data(0))]]
    who.say(Reply(render.needs_text(found, who.lang), back))


async def compared(who: Caller, unit_id: int | None, since: date) -> None:
    assert who.me is not None
    found = await compare(who.session, who.me.employee_id, unit_id, since=since, today=who.services.today(),
                          include_unofficial=_unofficial(who), basis=_basis(who))
    back = [[Button(plain("target.button.back", who.lang),
                           render.unit_data(unit_id) if unit_id else render.top_data(0))]]
    who.say(Reply(render.compare_text(found, who.lang), back))


def _day(number: int) -> date | None:
    try:
        return date(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return None


async def button(who: Caller, data: str) -> None:
    """A drill-down button: whatever unit it names is checked against the admin's scope again, now."""
    parsed = render.parse(data)
    if parsed is None:
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    what, numbers = parsed
    today = who.services.today()
    try:
        if what == "u" and numbers[0]:
            await page(who, numbers[0], numbers[1] or 0, numbers[2] or 0)
        elif what == "t":
            await top(who, numbers[0] or 0)
        elif what == "n":
            await needs(who, numbers[0] or None)
        elif what == "c" and (since := _day(numbers[1] or 0)) is not None and since < today:
            await compared(who, numbers[0] or None, since)
        else:
            who.answer(plain("button.expired", who.lang), alert=True)
    except NotHrAdmin:
        who.say(Reply(t("rekap.not_hr", who.lang)))
    except OutsideScope:
        who.say(Reply(t("target.outside", who.lang)))
