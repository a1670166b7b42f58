"""Looking up the employee behind a Telegram account; language preference."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.linking.service import employee_for_telegram_user
from bot.storage.audit import audit, employee_actor
from bot.storage.models import Employee
from bot.texts import Lang, lang_of


@dataclass(frozen=True)
class Me:
    """The caller as services see them: enough to greet, authorise and localise."""

    employee_id: int
    name: str
    nip: str
    lang: Lang


async def whoami(session: AsyncSession, telegram_user_id: int, default_lang: Lang) -> Me | None:
    employee = await employee_for_telegram_user(session, telegram_user_id)
    if employee is None or employee.id is None:
        return None
    if employee.telegram_blocked_at is not None:
        # They write to the bot, so they no longer block it: reminders and broadcasts may reach them again.
        employee.telegram_blocked_at = None
        session.add(employee)
    return Me(employee.id, employee.name, employee.nip, lang_of(employee.language, default_lang))


async def set_language(session: AsyncSession, employee_id: int, lang: Lang, *, clock: Clock) -> None:
    employee = await session.get(Employee, employee_id)
    if employee is None:
        raise LookupError(employee_id)
    before = employee.language
    employee.language = lang
    employee.updated_at = clock.now()
    audit(session, actor=employee_actor(employee_id), action="employee.language", at=clock.now(),
          target_employee_id=employee_id, details={"from": before, "to": lang})
