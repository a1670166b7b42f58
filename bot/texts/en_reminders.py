"""English: reminders about the 20 JP and /pengingat."""

MESSAGES: dict[str, str] = {
    "cmd.pengingat": "Turn the 20 JP reminders on or off",
    "reminder.message": (
        "⏰ <b>20 JP reminder</b>\n"
        "JP in {year} so far: <b>{jp} JP</b> — still <b>{shortfall} JP</b> short of the 20 JP obligation.\n"
        "Days left this year: {days}.\n\n"
        "Attended training, e-learning, a seminar, coaching or mentoring? Log it so that your JP count.\n"
        "<i>Rather not get these reminders? Send /pengingat.</i>"
    ),
    "reminder.button": "➕ Log training",
    "reminders.on": (
        "🔔 20 JP reminders are <b>on</b>. You will be reminded on schedule while your JP this year are "
        "below 20. Send /pengingat to turn them off."
    ),
    "reminders.on_not_covered": (
        "🔔 20 JP reminders are <b>on</b>, but they currently go to PNS and CPNS only (the yearly 20 JP "
        "obligation). Send /pengingat to turn them off."
    ),
    "reminders.off": "🔕 20 JP reminders are <b>off</b>. Send /pengingat to turn them on again.",
    "reminders.already": "Already saved: 20 JP reminders are <b>{state}</b>. To change that, send /pengingat {other}.",
    # reminders.already's {state} and {other}: the latter is the word /pengingat takes (handlers.ON_WORDS, OFF_WORDS)
    "reminders.state_on": "on",
    "reminders.state_off": "off",
    "reminders.usage": "Send /pengingat to turn the 20 JP reminders on or off, or /pengingat on · /pengingat off.",
}
