"""The map workbook as `/rekap ekspor`, `python -m bot admin report` and the Mini App's download write it: the
map, everyone in it with what they lack, and the change since an earlier date (the end of last year unless
asked otherwise), units that fell first.

The layout is `bot.unitmap.workbook`'s; the comparison is `bot.targeting.compare`'s (the same `changes` /rekap's
comparison lists), made here because the map sits below targeting. The writing runs in a worker thread: 50,000
rows never hold up other people's replies.
"""

from __future__ import annotations

import asyncio
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.targeting.compare import changes, end_of_last_year
from bot.texts import Lang
from bot.unitmap.service import UnitMap, unit_map
from bot.unitmap.workbook import Compared, map_members, map_workbook


async def map_comparison(session: AsyncSession, found: UnitMap, since: date) -> Compared:
    """`found`'s units compared with the map of the same scope, counting and basis as of `since`."""
    before = await unit_map(session, scope_unit_id=found.scope.id if found.scope else None, today=since,
                            include_unofficial=found.include_unofficial, until=since, basis=found.basis)
    return Compared(since, changes(before, found))


async def map_export(session: AsyncSession, found: UnitMap, lang: Lang, *, since: date | None = None) -> bytes:
    """The workbook of `found` (an HR admin's map, already scoped), compared with `since` (default: the end of
    the year before the map's date)."""
    people = await map_members(session, found)
    compared = await map_comparison(session, found, since or end_of_last_year(found.as_of))
    return await asyncio.to_thread(map_workbook, found, people, lang, compared)
