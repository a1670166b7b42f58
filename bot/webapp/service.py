"""What the Mini App shows, decided per request by the services the chat uses (no second query path).

The HR view is `bot.unitmap.service` (the map /rekap shows), the supervisor view is `bot.team.service`
(the team /tim shows); role and scope are read again on every request, so a revoked grant or a changed
organisation chart holds at the next click. Numbers are formatted by the same functions as the chat
(`bot.unitmap.render`), so the page and /rekap say the same figures in the same words. Knows nothing of HTTP:
a refusal is `Refused(status, key)` and the server turns it into a response.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.linking.service import whoami
from bot.storage.models import Employee, Role
from bot.storage.profiles import Basis
from bot.storage.roles import hr_scope, roles_of
from bot.storage.units import is_in_subtree
from bot.targeting.compare import Change, changes, end_of_last_year
from bot.team.service import TeamRefused, TeamSummary, TeamView, team_summary
from bot.texts import CATALOG, Lang, lang_of, plain
from bot.unitmap.facts import MemberFacts, facts_for_units
from bot.unitmap.figures import Figures, figures_of
from bot.unitmap.lacks import Lacks, member_lacks
from bot.unitmap.render import basis_name, mean_text, percent
from bot.unitmap.service import (
    UnitInfo,
    UnitMap,
    build_map,
    hr_unit_map,
    unit_infos,
    unit_map,
    unit_maps_then_and_now,
)
from bot.unitmap.workbook import lowest_first
from scoring.engine import category_of
from scoring.ruleset import CATEGORY_NAMES
from scoring.texts import category_label, day, number

ViewName = Literal["map", "team"]
VIEWS: tuple[ViewName, ...] = ("map", "team")
UI_PREFIX = "webapp.ui."


class Refused(PermissionError):
    """Nothing is shown: `status` 403 (known person, not allowed) or 404; `key` names the message."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key


@dataclass(frozen=True)
class Viewer:
    employee_id: int
    lang: Lang
    view: ViewName


async def viewer_of(session: AsyncSession, telegram_user_id: int, wanted: str | None, default_lang: Lang) -> Viewer:
    """The linked employee behind the Telegram account and the view they may have: `map` for an HR admin,
    `team` for a supervisor (`wanted` chooses when someone is both; the default is the map)."""
    me = await whoami(session, telegram_user_id, default_lang)
    if me is None:
        raise Refused(403, "webapp.unlinked")
    return await _with_role(session, me.employee_id, me.lang, wanted)


async def viewer_by_employee(session: AsyncSession, employee_id: int, wanted: str, default_lang: Lang) -> Viewer:
    """The same decision for a download link, which names the employee instead of the Telegram account."""
    employee = await session.get(Employee, employee_id)
    if employee is None or not employee.active or employee.telegram_user_id is None:
        raise Refused(403, "webapp.unlinked")
    return await _with_role(session, employee_id, lang_of(employee.language, default_lang), wanted)


async def _with_role(session: AsyncSession, employee_id: int, lang: Lang, wanted: str | None) -> Viewer:
    if wanted is not None and wanted not in VIEWS:
        raise Refused(404, "webapp.unknown")
    is_hr = await hr_scope(session, employee_id) is not None
    if wanted == "map" or (wanted is None and is_hr):
        if not is_hr:
            raise Refused(403, "webapp.not_hr")
        return Viewer(employee_id, lang, "map")
    if Role.SUPERVISOR not in await roles_of(session, employee_id):
        raise Refused(403, "webapp.not_supervisor" if wanted == "team" else "webapp.no_role")
    return Viewer(employee_id, lang, "team")


# -- figures as the page reads them ------------------------------------------------------------------------

def figures_json(figures: Figures, lang: Lang, include_unofficial: bool) -> dict[str, Any]:
    """A group's figures: raw values for colour, size and filters, and the texts /rekap shows for them. The
    index is the headline basis's (INDEX_BASIS, `figures.basis`), the other basis's mean beside it, and the
    share of results resting on no pending claim, as /rekap's lines say them (docs/ipasn-rules.md §10)."""
    summary = figures.summary
    unofficial = 0 if include_unofficial else figures.outside_official
    coverage = summary.coverage if summary.members else None
    return {
        "members": summary.members,
        "measured": summary.measured,
        "unassessed": summary.members - summary.measured - unofficial,
        "mean": summary.mean,
        "mean_text": mean_text(summary, lang),
        "category": None if summary.mean is None else category_of(summary.mean),
        "other_mean": figures.beside.mean,
        "other_mean_text": mean_text(figures.beside, lang),
        "fully_verified": figures.fully_verified,
        "verified_share": figures.verified_share,
        "verified_text": percent(figures.verified_share, lang),
        "coverage": coverage,
        "coverage_text": percent(coverage, lang),
        "jp_duty": figures.jp_duty,
        "jp_met": figures.jp_met,
        "jp_share": figures.jp_share,
        "jp_text": percent(figures.jp_share, lang),
    }


def _own_json(own: Figures | None) -> dict[str, Any] | None:
    """A parent unit's own members, the tile the tree map gives them beside its sub-units (None: not a parent)."""
    if own is None:
        return None
    mean = own.summary.mean
    return {"members": own.summary.members, "category": None if mean is None else category_of(mean)}


def _unit_json(info: UnitInfo, tree: Figures | None, own: Figures | None, parent: int | None, lang: Lang,
               include_unofficial: bool) -> dict[str, Any]:
    return {
        "id": info.id, "code": info.code, "name": info.name, "parent": parent,
        "tree": figures_json(tree or Figures(), lang, include_unofficial),
        "own": _own_json(own),
    }


def units_json(found: UnitMap, lang: Lang) -> list[dict[str, Any]]:
    """Every unit of the map that has anyone in or below it, lowest subtree index first (as /rekap's tree
    view); `parent` is the parent's id when the parent is on the map too. Only a parent's own members are
    given (the page draws them as a tile beside its sub-units): 500 units' worth of figures for nothing
    otherwise."""
    shown = {row.unit.id for row in found.tree}
    parents = {row.unit.parent_id for row in found.tree}
    return [
        _unit_json(row.unit, row.figures, found.figures.get(row.unit.id) if row.unit.id in parents else None,
                   row.unit.parent_id if row.unit.parent_id in shown else None, lang, found.include_unofficial)
        for row in found.tree
    ]


def member_json(member: MemberFacts, lacks: Lacks, lang: Lang, codes: dict[int, str], basis: Basis) -> dict[str, Any]:
    """One person on the headline basis (their score, category and what they lack), as the workbook lists them;
    `lacks` is `bot.unitmap.lacks.member_lacks`'s, the words /rekap's drill-down and the workbook use."""
    result = member.result_of(basis)
    return {
        "id": member.employee_id,
        "name": member.name,
        "nip": member.nip,
        "unit": codes.get(member.unit_id) if member.unit_id is not None else None,
        "total": result.total if result else None,
        "total_text": number(result.total, lang) if result else "—",
        "category": result.category if result else None,
        "category_text": category_label(result.category, lang) if result else "—",
        "official": result.official if result else None,
        "assessed_on": day(member.assessed_on, lang) if member.assessed_on else None,
        "jp_text": number(member.jp, lang),
        "shortfall": member.shortfall,
        "lacks": lacks.parts(lang),
    }


def texts(lang: Lang) -> dict[str, str]:
    """The page's own words, in the viewer's language (the page has none of its own)."""
    keys = [key for key in CATALOG["id"] if key.startswith(UI_PREFIX)]
    ui = {key[len(UI_PREFIX):]: plain(key, lang) for key in keys}
    ui.update({f"category.{name}": category_label(name, lang) for name in CATEGORY_NAMES})
    return ui


def _signed(delta: float | None, lang: Lang) -> str:
    return "—" if delta is None else ("+" if delta > 0 else "") + number(delta, lang)


def comparison_json(before: UnitMap, after: UnitMap, since: date, lang: Lang) -> dict[str, Any]:
    """The map as of `since` beside today's (`bot.targeting.compare`): each unit's mean then and its change."""
    units = {change.unit.id: {"before_text": mean_text(change.before, lang), "delta": change.delta,
                              "delta_text": _signed(change.delta, lang)} for change in changes(before, after)}
    total = Change(after.total.unit, before.total.summary, after.total.summary)
    note = plain("webapp.comparison", lang, day=day(since, lang), before=mean_text(total.before, lang),
                 after=mean_text(total.after, lang), delta=_signed(total.delta, lang))
    return {"since": since.isoformat(), "note": note, "units": {str(k): v for k, v in units.items()}}


def _page(viewer: Viewer, as_of: date, title: str, found: UnitMap, lang: Lang) -> dict[str, Any]:
    other = found.total.figures.other_basis
    return {
        "view": viewer.view,
        "lang": lang,
        "texts": texts(lang),
        "categories": list(CATEGORY_NAMES),
        "as_of": as_of.isoformat(),
        "as_of_text": day(as_of, lang),
        "title": title,
        # which figure the index is (INDEX_BASIS), as /rekap names it, and the other one shown beside it
        "basis": found.basis.value,
        "index_label": plain("webapp.index_of", lang, basis=basis_name(found.basis, lang)),
        "other_label": plain("webapp.index_of", lang, basis=basis_name(other, lang)),
        "basis_note": plain("webapp.basis_note", lang),
        "total": figures_json(found.total.figures, lang, found.include_unofficial),
        "units": units_json(found, lang),
        # HR admins: the map at the end of last year beside today's, asked for by the page once this is drawn
        # (`map_comparison`: a second map, which the first paint does not wait for); the team view has none.
        "comparison_later": viewer.view == "map",
        "comparison_note": plain("webapp.comparison_loading" if viewer.view == "map" else "webapp.comparison_absent",
                                 lang),
    }


# -- HR admins: the unit map ---------------------------------------------------------------------------------

async def _hr_map(session: AsyncSession, viewer: Viewer, today: date, include_unofficial: bool, basis: Basis
                  ) -> UnitMap:
    found = await hr_unit_map(session, viewer.employee_id, today=today, include_unofficial=include_unofficial,
                              basis=basis)
    if found is None:
        raise Refused(403, "webapp.not_hr")
    return found


async def map_overview(session: AsyncSession, viewer: Viewer, *, today: date, include_unofficial: bool,
                       basis: Basis) -> dict[str, Any]:
    found = await _hr_map(session, viewer, today, include_unofficial, basis)
    title = (plain("webapp.scope_unit", viewer.lang, code=found.scope.code, name=found.scope.name) if found.scope
             else plain("webapp.scope_all", viewer.lang))
    return _page(viewer, today, title, found, viewer.lang)


async def map_comparison(session: AsyncSession, viewer: Viewer, *, today: date, include_unofficial: bool,
                         basis: Basis) -> dict[str, Any]:
    """The HR admin's map at the end of last year beside today's, on the same basis (the team view has none)."""
    if viewer.view != "map":
        raise Refused(404, "webapp.unknown")
    scope = await hr_scope(session, viewer.employee_id)
    if scope is None:
        raise Refused(403, "webapp.not_hr")
    since = end_of_last_year(today)
    before, found = await unit_maps_then_and_now(session, scope_unit_id=scope.unit_id, today=today, since=since,
                                                 include_unofficial=include_unofficial, basis=basis)
    return comparison_json(before, found, since, viewer.lang)


async def _hr_may_see(session: AsyncSession, employee_id: int, unit_id: int) -> None:
    scope = await hr_scope(session, employee_id)
    if scope is None:
        raise Refused(403, "webapp.not_hr")
    if scope.unit_id is not None and not await is_in_subtree(session, unit_id, scope.unit_id):
        raise Refused(403, "webapp.outside")


async def _detail(session: AsyncSession, found: UnitMap, unit_id: int, members: list[MemberFacts], lang: Lang
                  ) -> dict[str, Any]:
    lacks = await member_lacks(session, members, found.basis)
    tree = {row.unit.id: row.figures for row in found.tree}
    info = found.units[unit_id]
    children = [row for row in found.tree if row.unit.parent_id == unit_id and row.unit.id != unit_id]
    codes = {u: unit.code for u, unit in found.units.items()}
    return {
        "unit": _unit_json(info, tree.get(unit_id), None, info.parent_id, lang, found.include_unofficial),
        "children": [_unit_json(row.unit, row.figures, None, unit_id, lang, found.include_unofficial)
                     for row in children],
        "members": [member_json(m, lacks[m.employee_id], lang, codes, found.basis)
                    for m in lowest_first(members, found.basis)],
    }


async def map_unit(session: AsyncSession, viewer: Viewer, unit_id: int, *, today: date, include_unofficial: bool,
                   basis: Basis) -> dict[str, Any]:
    """One unit of the HR admin's scope: its sub-units (with everything below each) and its own members."""
    await _hr_may_see(session, viewer.employee_id, unit_id)
    found = await unit_map(session, scope_unit_id=unit_id, today=today, include_unofficial=include_unofficial,
                           basis=basis)
    if unit_id not in found.units:
        raise Refused(404, "webapp.unknown")
    members = await facts_for_units(session, {unit_id}, today)
    return await _detail(session, found, unit_id, members, viewer.lang)


def workbook_name(viewer: Viewer, today: date) -> str:
    """The name /rekap ekspor or /tim ekspor gives the same workbook."""
    if viewer.view == "map":
        return f"rekap-ipasn-{today.isoformat()}.xlsx"
    return f"tim-{viewer.employee_id}-{today.isoformat()}.xlsx"


async def map_workbook_file(session: AsyncSession, viewer: Viewer, *, today: date, include_unofficial: bool,
                            basis: Basis) -> tuple[str, bytes]:
    """The workbook /rekap ekspor sends (with the change since the end of last year), under the same name."""
    from bot.targeting.export import map_export

    found = await _hr_map(session, viewer, today, include_unofficial, basis)
    return workbook_name(viewer, found.as_of), await map_export(session, found, viewer.lang)


# -- supervisors: the team, placed on the units its members belong to ---------------------------------------

async def _team(session: AsyncSession, viewer: Viewer, today: date, include_unofficial: bool, basis: Basis
                ) -> TeamSummary:
    try:
        return await team_summary(session, viewer.employee_id, view=TeamView.ALL, today=today,
                                  include_unofficial=include_unofficial, basis=basis)
    except TeamRefused as refused:
        raise Refused(403, "webapp.not_supervisor") from refused


async def _team_map(session: AsyncSession, team: TeamSummary) -> UnitMap:
    """The team as a unit map: only its members are counted, only their units (and those units' parents
    among them) are shown; nobody outside the supervisor's subtree is read."""
    by_unit: defaultdict[int | None, list[MemberFacts]] = defaultdict(list)
    for member in team.members:
        by_unit[member.unit_id].append(member)
    figures = {unit_id: figures_of(people, team.include_unofficial, team.basis)
               for unit_id, people in by_unit.items()}
    units = await unit_infos(session, {u for u in by_unit if u is not None})
    return build_map(figures, units, scope=None, as_of=team.as_of, include_unofficial=team.include_unofficial,
                     basis=team.basis)


async def team_overview(session: AsyncSession, viewer: Viewer, *, today: date, include_unofficial: bool,
                        basis: Basis) -> dict[str, Any]:
    team = await _team(session, viewer, today, include_unofficial, basis)
    found = await _team_map(session, team)
    return _page(viewer, today, plain("webapp.scope_team", viewer.lang, name=team.root_name), found, viewer.lang)


async def team_unit(session: AsyncSession, viewer: Viewer, unit_id: int, *, today: date, include_unofficial: bool,
                    basis: Basis) -> dict[str, Any]:
    """The supervisor's people in one unit; a unit where none of them works is refused like any other."""
    team = await _team(session, viewer, today, include_unofficial, basis)
    found = await _team_map(session, team)
    if unit_id not in found.units:
        raise Refused(403, "webapp.outside")
    members = [m for m in team.members if m.unit_id == unit_id]
    return await _detail(session, found, unit_id, members, viewer.lang)


async def team_workbook_file(session: AsyncSession, viewer: Viewer, *, today: date, include_unofficial: bool,
                             basis: Basis) -> tuple[str, bytes]:
    """The workbook /tim ekspor sends."""
    from bot.team.export import team_export

    try:
        return await team_export(session, viewer.employee_id, root_id=None, today=today,
                                 include_unofficial=include_unofficial, basis=basis, lang=viewer.lang)
    except TeamRefused as refused:
        raise Refused(403, "webapp.not_supervisor") from refused
