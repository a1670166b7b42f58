"""The reminder kind of the delivery engine: what one reminder says, with the button that starts /pelatihan, and
that outside working time it waits. (How each Telegram answer is handled is the engine's, tested in
tests/delivery against the emulator.)"""

from __future__ import annotations

from bot.clock import FakeClock
from bot.delivery.kinds import Defer, Message
from bot.delivery.outbox import Claimed
from bot.reminders.delivery import PELATIHAN_BUTTON, ReminderKind, render
from bot.reminders.service import Reminder
from tests.reminders.conftest import MakeServices, Roster, jakarta


def reminder(lang: str = "id") -> Reminder:
    return Reminder(employee_id=1, chat_id=42, lang=lang, year=2026, jp=12.5, shortfall=7.5,  # type: ignore[arg-type]
                    days_left=32)


def test_the_message_gives_the_figures_and_a_button_that_starts_pelatihan() -> None:
    message = render(reminder())
    assert "12,5 JP" in message.text and "7,5 JP" in message.text and "32 hari" in message.text
    assert "2026" in message.text
    assert message.reply_markup is not None
    [[button]] = message.reply_markup.inline_keyboard
    assert button.callback_data == PELATIHAN_BUTTON == "m|pelatihan"
    english = render(reminder("en"))
    assert "12.5 JP" in english.text and "Days left this year: 32" in english.text
    assert english.reply_markup is not None and english.reply_markup.inline_keyboard[0][0].text == "➕ Log training"


async def test_a_reminder_is_composed_at_its_turn_and_waits_outside_working_time(
    processes: MakeServices, clock: FakeClock
) -> None:
    services = processes()
    roster = Roster(services)
    employee = await roster.add(jp=4)
    claimed = [Claimed(1, 1, employee.id, employee.telegram_user_id, 0, 1)]
    kind = ReminderKind(services)
    clock.set(jakarta(30, 8))
    async with services.session() as session:
        [message] = await kind.compose(session, claimed)
    assert isinstance(message, Message) and "masih kurang <b>16 JP</b>" in message.text
    clock.set(jakarta(30, 20, 30))  # after WORKING_HOURS: the next working instant is tomorrow 07:00
    async with services.session() as session:
        [later] = await kind.compose(session, claimed)
    assert later == Defer(jakarta(1, 7, month=12))
