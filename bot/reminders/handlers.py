"""Telegram in/out for reminders: `/pengingat` and the wake-up job, added by `register(router)`.

The job keeps nothing in memory that matters: it only calls `service.sweep`, which reads what is due from
the schedule and the database and puts an occasion's reminders into the outbox; the delivery engine sends
them (`bot.reminders.delivery.ReminderKind` composes each one at its turn).
"""

from __future__ import annotations

from bot.delivery.job import schedule_sweep, worker_of
from bot.dialogs.engine import Button, Reply
from bot.menu import menu_buttons
from bot.reminders import service
from bot.reminders.delivery import ReminderKind
from bot.router import Caller, Router
from bot.storage.models import Employee
from bot.texts import Html, Lang, plain, t

COMMAND = "pengingat"
JOB_NAME = "reminders-sweep"
FIRST_WAKE_SECONDS = 5.0  # soon after start: occasions missed while the bot was down go out now (grace)
BUTTON_PREFIX = "rem|"
ON_WORDS = frozenset({"nyala", "nyalakan", "aktif", "on", "ya"})
OFF_WORDS = frozenset({"mati", "matikan", "nonaktif", "off", "tidak"})


async def pengingat(who: Caller) -> None:
    """`/pengingat` shows whether one's reminders are on, with a button to change it; `/pengingat nyala|mati`
    (on|off) sets them. A bare command never changes anything: sent twice (the first answer seemed lost) it
    shows the same state, where a toggle would have flipped it back."""
    assert who.me is not None  # `linked` lets only linked people through
    words = [word.lower() for word in who.args]
    if not words:
        employee = await who.session.get(Employee, who.me.employee_id)
        if employee is None:  # unlinked meanwhile: nothing to show
            who.say(Reply(t("reminders.usage", who.lang), menu_buttons(who.lang)))
            return
        who.say(state_reply(who, employee.reminders_enabled))
        return
    if words[0] not in ON_WORDS | OFF_WORDS:
        who.say(Reply(t("reminders.usage", who.lang), menu_buttons(who.lang)))
        return
    await _set(who, words[0] in ON_WORDS)


def state_reply(who: Caller, enabled: bool) -> Reply:
    """The current setting and the one button that changes it."""
    if enabled:
        return Reply(t("chat.reminders_state_on", who.lang),
                     [[Button(plain("chat.reminders_turn_off", who.lang), f"{BUTTON_PREFIX}off")]])
    return Reply(t("chat.reminders_state_off", who.lang),
                 [[Button(plain("chat.reminders_turn_on", who.lang), f"{BUTTON_PREFIX}on")]])


async def pengingat_button(who: Caller, value: str) -> None:
    """`rem|on` / `rem|off`: sets (never toggles), so a second press of the same button changes nothing."""
    if value not in ("on", "off"):
        who.answer(plain("button.expired", who.lang), alert=True)
        return
    who.retire = True
    await _set(who, value == "on")


async def _set(who: Caller, enabled: bool) -> None:
    assert who.me is not None
    services = who.services
    setting = await service.set_reminders(who.session, who.me.employee_id, enabled, clock=services.clock,
                                          covered=service.covered_statuses(services.settings))
    if not setting.changed and (setting.covered or not setting.enabled):
        who.say(Reply(already_text(setting.enabled, who.lang), menu_buttons(who.lang)))
        return
    key = ("reminders.on" if setting.covered else "reminders.on_not_covered") if setting.enabled else "reminders.off"
    who.say(Reply(t(key, who.lang), menu_buttons(who.lang)))


def already_text(enabled: bool, lang: Lang) -> Html:
    """Sent again (the first answer seemed lost), a setting is confirmed as it stands, with the word that changes
    it; on but not covered keeps `reminders.on_not_covered`, which says why none will come."""
    state, other = ("reminders.state_on", "reminders.state_off") if enabled else ("reminders.state_off",
                                                                                  "reminders.state_on")
    return t("reminders.already", lang, state=plain(state, lang), other=plain(other, lang))


def register(router: Router) -> None:
    """/pengingat, the wake-up job (APScheduler through PTB's JobQueue) and the reminder kind."""
    router.command(COMMAND, pengingat)
    router.button(BUTTON_PREFIX, pengingat_button)
    application = router.application
    worker_of(application).add(ReminderKind(router.services))
    schedule_sweep(application, JOB_NAME, service.sweep, FIRST_WAKE_SECONDS)
