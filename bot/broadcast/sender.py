"""Who sent a broadcast, as its recipients read it: the sender's unit and agency."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.base import core_connection, table_of
from bot.storage.models import Employee, Unit
from bot.storage.units import unit_ancestor_ids


async def sender_line(session: AsyncSession, employee_id: int) -> str | None:
    """'<unit>, <agency>' of the sender: their unit and the top of its chain (the agency); None without a
    unit. Kept with the broadcast when it is created, so a later move does not rewrite what people received."""
    employee = await session.get(Employee, employee_id)
    if employee is None or employee.unit_id is None:
        return None
    chain = await unit_ancestor_ids(session, employee.unit_id)
    unit = table_of(Unit)
    connection = await core_connection(session)
    names = {int(r.id): str(r.name) for r in await connection.execute(
        sa.select(unit.c.id, unit.c.name).where(unit.c.id.in_(chain)))}
    own, agency = names.get(chain[0]), names.get(chain[-1])
    if own is None:
        return None
    return own if agency is None or chain[0] == chain[-1] else f"{own}, {agency}"
