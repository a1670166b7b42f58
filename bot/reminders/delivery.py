"""Reminders as a kind of the delivery engine: each message is composed at its turn, from the person's figures
then (they may have logged training or opted out since the occasion opened: then it is dropped), and only in
working time (outside it, deferred to the next working instant). Rate, retries and the answer to each
Telegram error are the engine's (`bot.delivery.policy`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery.kinds import Composed, Defer, Drop, Message, Quiet
from bot.delivery.outbox import Claimed
from bot.menu import MENU_PREFIX
from bot.reminders.service import KIND, Plan, Reminder, reminder_for
from bot.services import Services
from bot.texts import lang_of, plain, t
from scoring.texts import number

PELATIHAN_BUTTON = f"{MENU_PREFIX}pelatihan"  # the main menu's item: the same path as /pelatihan
NO_LONGER = "no longer due a reminder (opted out, training logged, unlinked or blocked)"


def render(reminder: Reminder) -> Message:
    """The reminder in the person's language, with one button that starts /pelatihan."""
    lang = reminder.lang
    text = t("reminder.message", lang, year=reminder.year, jp=number(reminder.jp, lang),
             shortfall=number(reminder.shortfall, lang), days=reminder.days_left)
    button = InlineKeyboardButton(plain("reminder.button", lang), callback_data=PELATIHAN_BUTTON)
    return Message(text, InlineKeyboardMarkup([[button]]))


class ReminderKind(Quiet):
    name = KIND

    def __init__(self, services: Services) -> None:
        self.services = services
        self.plan = Plan.from_settings(services.settings)

    async def compose(self, session: AsyncSession, claimed: Sequence[Claimed]) -> Sequence[Composed]:
        now = self.services.clock.now()
        if not self.plan.working.is_working(now):
            later = self.plan.working.next_working(now)
            return [Defer(later) for _ in claimed]
        default = lang_of(self.services.settings.DEFAULT_LANGUAGE)
        composed: list[Composed] = []
        for message in claimed:
            reminder = None if message.employee_id is None else await reminder_for(
                session, self.plan, message.employee_id, self.services.today(), default)
            composed.append(Drop(NO_LONGER) if reminder is None else render(reminder))
        return composed
