"""English: HR broadcasts (/siaran), team summaries (/tim) and the unit map (/rekap)."""

MESSAGES: dict[str, str] = {
    "cmd.siaran": "Broadcast a message to employees (HR admins)",
    "cmd.tim": "IP ASN summary of your team (supervisors)",
    "cmd.rekap": "IP ASN map per unit (HR admins)",
    # /siaran
    "siaran.not_hr": "/siaran is for HR administrators (BKPSDM/BKD) only.",
    "siaran.args_unused": (
        "The words after /siaran were not used: /siaran list shows scheduled and running broadcasts; "
        "for a new broadcast, write the message as the answer below."
    ),
    "siaran.ask_text": (
        "<b>New broadcast.</b> Write the message to send (at most {max} characters). You may format it in your "
        "Telegram app, or use HTML tags: &lt;b&gt;bold&lt;/b&gt;, &lt;i&gt;italic&lt;/i&gt;, &lt;u&gt;, &lt;s&gt;, "
        "&lt;code&gt;, &lt;a href=\"https://…\"&gt;link&lt;/a&gt;. Write &amp;lt; for a &lt; sign."
    ),
    "siaran.html_tag": (
        "Telegram does not support the tag &lt;{tag}&gt;. Use b, i, u, s, code, pre, a, blockquote, tg-spoiler.\n"
        "{where}"
    ),
    "siaran.html_quote": "Put attribute values in quotes, e.g. &lt;a href=\"https://…\"&gt;.\n{where}",
    "siaran.html_lt": "There is a &lt; sign that does not start a tag. Write &amp;lt; for a &lt; sign.\n{where}",
    "siaran.html_order": "&lt;/{tag}&gt; closes before &lt;/{expected}&gt;. Close tags in order.\n{where}",
    "siaran.html_stray_end": "There is a closing tag without its opening tag.\n{where}",
    "siaran.html_unclosed": "The tag &lt;{tag}&gt; is not closed with &lt;/{tag}&gt;.\n{where}",
    "siaran.html_span": "&lt;span&gt; works only as &lt;span class=\"tg-spoiler\"&gt;.\n{where}",
    "siaran.html_refused": "Telegram would refuse the formatting of this message.\n{where}",
    "siaran.too_long": "The message is too long (at most {max} characters).",
    "siaran.empty": "The message is empty. Write what to broadcast.",
    "siaran.ask_audience": "Who should receive it?",
    "siaran.audience.all": "👥 All employees",
    "siaran.audience.units": "🏢 Selected units (with sub-units)",
    "siaran.audience.shortfall": "⏱ Short of 20 JP this year",
    "siaran.audience.category": "📉 A category and below",
    "siaran.audience.unassessed": "📝 Not assessed this year",
    "siaran.audience.all_named": "all employees",
    "siaran.audience.shortfall_named": "employees short of 20 JP this year",
    "siaran.audience.unassessed_named": "employees not assessed this year",
    "siaran.audience.units_named": "employees of {units} and their sub-units",
    "siaran.audience.category_named": "employees whose latest category is {category} or lower",
    "siaran.audience_invalid": "That audience is not known. Please choose again.",
    "siaran.ask_units": (
        "Choose units (press again to deselect), or type unit codes or names separated by commas.\n"
        "Chosen: {selected}"
    ),
    "siaran.units_none": "none yet",
    "siaran.no_units": "Choose at least one unit.",
    "siaran.unit_outside": "That unit is outside your remit.",
    "siaran.unit_unknown": "Unit \"{unit}\" was not found. Type its exact code.",
    "siaran.ask_category": "Send to employees whose latest IP ASN category is this one or lower:",
    "siaran.ask_when": (
        "When should it go out? Write a date and time, e.g. <code>1/12/2026 08:00</code>, "
        "<code>tomorrow 08:00</code>, or just a time for today (<code>14:30</code>)."
    ),
    "siaran.when_format": "Time not recognised. E.g. <code>1/12/2026 08:00</code> or <code>tomorrow 08:00</code>.",
    "siaran.when_past": "That time has passed. Write a time in the future.",
    "siaran.when_far": "A broadcast can be scheduled at most {days} days ahead.",
    "siaran.when_now": "as soon as you confirm",
    "siaran.preview_header": "<b>Broadcast preview</b> (as employees will receive it):",
    "siaran.preview_footer": "Recipients: {audience} — <b>{n}</b> people.\nSending time: {when}.",
    "siaran.nobody": "Nobody reachable matches this choice. Nothing is sent.",
    "siaran.button.send": "✅ Send now",
    "siaran.button.schedule": "✅ Schedule",
    "siaran.button.when": "🕒 Set a sending time",
    "siaran.button.now": "⚡ Send right away instead",
    "siaran.queued": "Broadcast #{id} to {n} recipients is on its way. Its progress will show here.",
    "siaran.scheduled": "Broadcast #{id} to {n} recipients is scheduled for {when}.",
    "siaran.progress": (
        "📢 Broadcast #{id}: sent {sent} of {total} · failed {failed} · unreachable {unreachable} · "
        "uncertain {uncertain} · left {left}"
    ),
    "siaran.progress_done": (
        "📢 Broadcast #{id} done: sent {sent} of {total} · failed {failed} · unreachable {unreachable} · "
        "uncertain {uncertain}"
    ),
    "siaran.report": (
        "✅ <b>Report of broadcast #{id}</b>\nSent: {sent} of {total}\nFailed: {failed}\n"
        "Unreachable (blocked the bot or deleted the account): {unreachable}\n"
        "Uncertain (Telegram did not answer; may have been delivered): {uncertain}"
    ),
    "siaran.report_uncertain": (
        "Uncertain messages are not resent automatically, so that nobody gets one twice. The button below "
        "resends to those {n} recipients; some of them may already have it."
    ),
    "siaran.report_csv": "The recipients who did not surely get the message are attached (CSV).",
    "siaran.button.resend_uncertain": "🔁 Resend to the {n} uncertain recipients",
    "siaran.resend.queued": "Broadcast #{id} is being resent to {n} uncertain recipients. Its report will follow here.",
    "siaran.resend.none": "Broadcast #{id} has no uncertain recipients left (already resent). Nothing was sent.",
    "siaran.resend.not_allowed": "Only the HR admin who created broadcast #{id} can resend it.",
    "siaran.csv.nip": "NIP",
    "siaran.csv.name": "Name",
    "siaran.csv.unit": "Unit code",
    "siaran.csv.status": "Status",
    "siaran.csv.attempts": "Attempts",
    "siaran.csv.error": "Detail",
    "siaran.csv.deleted": "(data deleted)",
    "siaran.csv.status.failed": "failed",
    "siaran.csv.status.unreachable": "unreachable",
    "siaran.csv.status.pending": "waiting",
    "siaran.csv.status.sending": "sending",
    "siaran.csv.status.sent": "sent",
    "siaran.csv.status.uncertain": "uncertain (may have been delivered)",
    "siaran.csv.status.dropped": "cancelled",
    "siaran.csv.status.skipped": "skipped",
    # shared summary lines (rules §6 and §7)
    "hr.coverage": "Coverage: {measured} of {members} employees measured ({percent})",
    "hr.distribution": "Distribution: {items}",
    "hr.dimensions": "Dimension means: {items}",
    "hr.jp_share": "Meeting 20 JP this year: {met} of {duty} ({percent})",
    "hr.unofficial_left_out": (
        "<i>{n} CPNS/PPPK results are left out of the mean (outside the official measurement).</i>"
    ),
    "hr.xlsx_caption": "The full detail is in the attached file.",
    # /tim
    "team.not_supervisor": "/tim is for supervisors with reports.",
    "team.outside": "That employee is not in your team or below it.",
    "team.unknown_args": "Use /tim, /tim ekspor, or /tim NIP for the team of a supervisor below you.",
    "team.header": "<b>Team of {name}</b> — {view}\nas of {day}",
    "team.view.direct": "direct reports",
    "team.view.all": "everyone below",
    "team.empty": "No active members in this view yet.",
    "team.shortfall": "<b>Short of JP ({n}):</b> {names}",
    "team.shortfall_none": "Everyone who owes 20 JP has them this year.",
    "team.unassessed": "<b>Never measured ({n}):</b> {names}",
    "team.unassessed_none": "Everyone has been measured.",
    "team.name_short": "{name} ({shortfall} JP short)",
    "team.and_more": "and {n} more",
    "team.button.all": "👥 Everyone below",
    "team.button.direct": "👤 Direct reports",
    "team.button.export": "📥 Export XLSX",
    "team.chart_title": "Categories — team of {name}",
    "team.chart_caption": "The team's IP ASN categories.",
    # /rekap
    "rekap.not_hr": "/rekap is for HR administrators (BKPSDM/BKD) only.",
    "rekap.header": "<b>IP ASN map per unit</b>\nas of {day}",
    "rekap.scope_all": "Data: every unit.",
    "rekap.scope_unit": "Data: {code} {name} and its sub-units.",
    "rekap.view_own": "<b>Per unit (its own employees), lowest index first</b> — {units} units:",
    "rekap.view_tree": "<b>Per unit with its sub-units, lowest index first</b> — {units} units:",
    "rekap.row": (
        "{n}. <b>{code}</b> {name}: <b>{mean}</b> · measured {measured}/{members} ({coverage}) · "
        "20 JP {jp}\n    {distribution}"
    ),
    "rekap.more": "… and {n} more units: see /rekap ekspor.",
    "rekap.empty": "No active employees in this scope yet.",
    "rekap.button.tree": "🏢 Include sub-units",
    "rekap.button.own": "🏠 Own employees only",
    "rekap.button.export": "📥 Export XLSX",
    "rekap.chart_title": "Mean index, the {n} lowest units",
    "rekap.chart_caption": "The units with the lowest mean index.",
    # workbook (shared by /rekap ekspor, /tim ekspor and `admin report`)
    "xlsx.sheet.summary": "Summary",
    "xlsx.sheet.own": "Per unit",
    "xlsx.sheet.tree": "Units with sub-units",
    "xlsx.sheet.members": "Members",
    "xlsx.sheet.notes": "Notes",
    "xlsx.col.code": "Unit code",
    "xlsx.col.unit": "Unit",
    "xlsx.col.parent": "Parent unit code",
    "xlsx.col.view": "View",
    "xlsx.col.members": "Active employees",
    "xlsx.col.measured": "Measured",
    "xlsx.col.coverage": "Coverage",
    "xlsx.col.mean": "Mean index",
    "xlsx.col.jp_duty": "Owe 20 JP",
    "xlsx.col.jp_met": "Meet 20 JP",
    "xlsx.col.jp_share": "Share meeting 20 JP",
    "xlsx.col.unofficial": "CPNS/PPPK results",
    "xlsx.col.nip": "NIP",
    "xlsx.col.name": "Name",
    "xlsx.col.status": "Status",
    "xlsx.col.direct": "Direct report",
    "xlsx.col.total": "Latest IP ASN score",
    "xlsx.col.category": "Category",
    "xlsx.col.assessed_on": "Measured on",
    "xlsx.col.official": "Official measurement",
    "xlsx.col.jp": "JP this year",
    "xlsx.col.shortfall": "JP short",
    "xlsx.yes": "yes",
    "xlsx.no": "no",
    "xlsx.note.as_of": "Data as of",
    "xlsx.note.scope_all": "every unit",
    "xlsx.note.rule_mean": (
        "A unit's index is the mean of its measured employees' latest scores, to 2 decimals; employees never "
        "measured do not count as 0, they lower the coverage."
    ),
    "xlsx.note.rule_unofficial": "CPNS and PPPK results are outside the official measurement and left out of means.",
    "xlsx.note.rule_unofficial_included": "CPNS and PPPK results are included in the means (setting).",
    "xlsx.note.rule_jp": (
        "The 20 JP a year bind PNS and CPNS; every learning activity ending in the current year counts."
    ),
}
