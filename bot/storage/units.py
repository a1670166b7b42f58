"""The unit tree: finding a unit from what an admin types, and subtree membership for scoped HR admins."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Unit
from bot.texts import Lang, plain

MAX_DEPTH = 64
"""Deeper than any real organisation chart; bounds the recursive walk even if bad data made a cycle."""


class UnitNotFound(LookupError):
    """No unit, or several, answer to what was typed; `text(lang)` says which (the catalog's 'units.*' keys;
    `str()` is the English text)."""

    def __init__(self, key: str, **values: str) -> None:
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, lang: Lang = "id") -> str:
        return plain(self.key, lang, **self.values)


async def resolve_unit(session: AsyncSession, text: str) -> Unit:
    """A unit by exact code, else by code or name ignoring case, if that is unambiguous."""
    wanted = " ".join(text.split())
    exact = (await session.exec(select(Unit).where(col(Unit.code) == wanted))).first()
    if exact is not None:
        return exact
    folded = wanted.casefold()
    matches = [
        unit
        for unit in (await session.exec(select(Unit))).all()
        if unit.code.casefold() == folded or unit.name.casefold() == folded
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnitNotFound("units.not_found", unit=wanted)
    raise UnitNotFound("units.ambiguous", unit=wanted, codes=", ".join(sorted(unit.code for unit in matches)))


async def unit_subtree_ids(session: AsyncSession, root_id: int) -> set[int]:
    """The unit and all units below it (a recursive CTE; UNION, not UNION ALL, so a cycle cannot loop)."""
    unit = table_of(Unit)
    tree = sa.select(unit.c.id).where(unit.c.id == root_id).cte("tree", recursive=True)
    tree = tree.union(sa.select(unit.c.id).where(unit.c.parent_id == tree.c.id))
    connection = await core_connection(session)
    return set((await connection.execute(sa.select(tree.c.id))).scalars().all())


async def unit_ancestor_ids(session: AsyncSession, unit_id: int) -> list[int]:
    """The unit and its ancestors, nearest first."""
    unit = table_of(Unit)
    up = (
        sa.select(unit.c.id, unit.c.parent_id, sa.literal(0).label("depth"))
        .where(unit.c.id == unit_id)
        .cte("up", recursive=True)
    )
    up = up.union(
        sa.select(unit.c.id, unit.c.parent_id, (up.c.depth + 1).label("depth")).where(
            unit.c.id == up.c.parent_id, up.c.depth < MAX_DEPTH
        )
    )
    connection = await core_connection(session)
    rows = (await connection.execute(sa.select(up.c.id, up.c.depth).order_by(up.c.depth))).all()
    seen: list[int] = []
    for row in rows:
        if int(row[0]) not in seen:
            seen.append(int(row[0]))
    return seen


async def is_in_subtree(session: AsyncSession, unit_id: int | None, root_id: int) -> bool:
    """Whether `unit_id` is `root_id` or below it (walks up, so it costs the depth, not the tree size)."""
    if unit_id is None:
        return False
    return root_id in await unit_ancestor_ids(session, unit_id)
