"""/tim ekspor: the team as an XLSX workbook (both views summarised, every member listed)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.profiles import Basis
from bot.team.service import TeamView, direct_view, team_summary
from bot.texts import Lang, plain
from bot.unitmap.lacks import member_lacks
from bot.unitmap.service import unit_infos
from bot.unitmap.workbook import MapPeople, team_workbook


async def team_export(
    session: AsyncSession, viewer_id: int, *, root_id: int | None, today: date, include_unofficial: bool,
    lang: Lang, basis: Basis = Basis.VERIFIED,
) -> tuple[str, bytes]:
    """(file name, workbook) of the whole subtree below `root_id` (default: the viewer), marking direct reports.

    Raises `TeamRefused` like `team_summary`: the same rules decide who appears."""
    wide = await team_summary(session, viewer_id, root_id=root_id, view=TeamView.ALL, today=today,
                              include_unofficial=include_unofficial, basis=basis)
    direct = direct_view(wide)
    units = await unit_infos(session, {m.unit_id for m in wide.members if m.unit_id is not None})
    views = [(plain("team.view.direct", lang), direct.figures), (plain("team.view.all", lang), wide.figures)]
    stamp = datetime.combine(today, time())
    people = MapPeople(wide.members, await member_lacks(session, wide.members, basis))
    content = team_workbook(views, people, wide.direct_ids, units, lang=lang, as_of=stamp,
                            scope=wide.root_name, include_unofficial=include_unofficial, basis=basis)
    return f"tim-{wide.root_id}-{today.isoformat()}.xlsx", content
