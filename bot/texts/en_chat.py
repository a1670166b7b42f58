"""English: what the chat says about typed text, dates, codes and results (issue 15, first hour)."""

MESSAGES: dict[str, str] = {
    "chat.text_control": "That text contains an invisible control character. Please type it again.",
    "chat.text_invisible_only": (
        "That text holds only invisible characters (such as zero-width spaces or text-direction marks). "
        "Please write the activity's name in letters."
    ),
    "chat.title_no_letters": (
        "The activity's name needs letters or digits (emoji or punctuation alone are not enough), "
        "e.g. <i>Digital Records Management Training</i>."
    ),
    "chat.last_year": (
        "ℹ️ This activity is dated {year}, so it does not count toward the JP of {this_year}: the 20 JP duty "
        "counts each calendar year."
    ),
    "chat.index_until": "For the IP ASN it still counts ({months}-month window) until {until}.",
    "chat.index_outside": "For the IP ASN it is outside the {months}-month window as well, so it does not count.",
    "chat.index_no_window": "For the IP ASN it still counts (this training has no time limit).",
    "chat.index_never": "Activities of the kind “other” count only toward the yearly JP, never for the IP ASN.",
    "chat.code_lookalikes": (
        "Link codes never use the digits 0 and 1 or the letters I and O (they are too easily confused), yet "
        "yours contains: <b>{found}</b>. Check the code again (what looks like an O may be a Q or a D) and "
        "send it again."
    ),
    "chat.reminders_state_on": (
        "🔔 Your 20 JP reminders are <b>on</b>: you are reminded on schedule while your JP this year are "
        "below 20."
    ),
    "chat.reminders_state_off": "🔕 Your 20 JP reminders are <b>off</b>.",
    "chat.reminders_turn_off": "🔕 Turn reminders off",
    "chat.reminders_turn_on": "🔔 Turn reminders on",
    "chat.duty_met_index_not": (
        "ℹ️ This year's 20 JP duty is met, yet {name} scores {points}/{max}: the yearly duty counts every kind "
        "of activity in the calendar year, while the index counts only technical training in the last {months} "
        "months, at least {min} JP."
    ),
}
