"""An account's preferences (language). Who is behind an account: `bot.linking.service.whoami`."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.storage.audit import audit, employee_actor
from bot.storage.models import Employee
from bot.texts import Lang


async def set_language(session: AsyncSession, employee_id: int, lang: Lang, *, clock: Clock) -> None:
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    before = employee.language
    employee.language = lang
    employee.updated_at = clock.now()
    audit(session, actor=employee_actor(employee_id), action="employee.language", at=clock.now(),
          target_employee_id=employee_id, details={"from": before, "to": lang})
