"""English: targeting intervention (issue 14): managing broadcasts, nudges, drill-down, what to do first, change
over time."""

MESSAGES: dict[str, str] = {
    # /siaran daftar
    "siaran.list.header": "<b>Scheduled and running broadcasts</b> ({n}):",
    "siaran.list.none": "No broadcast is scheduled or running.",
    "siaran.list.scheduled": (
        "#{id} · scheduled {when} · {total} recipients · {audience}\n   by {sender}: <i>{preview}</i>"
    ),
    "siaran.list.running": (
        "#{id} · running: sent {sent} of {total} · failed {failed} · unreachable {unreachable} · "
        "uncertain {uncertain} · left {left} · {audience}\n   by {sender}: <i>{preview}</i>"
    ),
    "siaran.list.someone": "(data deleted)",
    "siaran.button.cancel": "🗑 Cancel #{id}",
    "siaran.button.stop": "⏹ Stop #{id}",
    "siaran.stop.cancelled": "Broadcast #{id} cancelled: no message was sent ({n} recipients).",
    "siaran.stop.stopped": (
        "Broadcast #{id} stopped: {n} messages not yet sent are cancelled. What was sent stays sent; the report "
        "follows here."
    ),
    "siaran.stop.already": "Already saved: broadcast #{id} was stopped on {when}.",
    "siaran.stop.finished": "Broadcast #{id} has already been sent in full; there is nothing to stop.",
    "siaran.stop.not_allowed": "Only the HR admin who created broadcast #{id} can stop it.",
    "siaran.report_cancelled": "Cancelled (not sent): {cancelled}",
    "siaran.sender": "<i>— {sender}</i>",
    # /rekap drill-down
    "target.outside": "That unit does not exist or is outside your scope.",
    "target.scope_all": "all units",
    "target.top.header": "<b>Top units</b> ({n}) — page {page}/{pages}. Choose a unit to open it:",
    "target.unit.header": "<b>{code} {name}</b>\nas of {day}",
    "target.unit.parent": "Under {code} {name}.",
    "target.unit.figures": (
        "Mean index (with sub-units): <b>{mean}</b> · measured {measured}/{members} ({coverage}) · "
        "met 20 JP {met}/{duty}"
    ),
    "target.unit.children": "<b>Sub-units ({n}), lowest first:</b>",
    "target.unit.child": "{n}. <b>{code}</b> {name}: {mean} · measured {measured}/{members}",
    "target.unit.members": "<b>Employees of this unit ({n}), lowest first</b> — mean {mean} · page {page}/{pages}:",
    "target.unit.member": "{n}. {name} — {total} {category}{mark} · lacks: {lacks}",
    "target.unit.member_complete": "{n}. {name} — {total} {category}{mark} · lacks nothing",
    "target.unit.member_unmeasured": "{n}. {name} — never measured",
    "target.unit.unofficial_mark": " (CPNS/PPPK)",
    "target.unit.lack": "{indicator} (+{gain})",
    "target.unit.no_members": "No active employee belongs to this unit directly.",
    "target.button.up": "⬆️ Up to {code}",
    "target.button.back": "↩️ Back",
    "target.button.prev": "◀️ Previous",
    "target.button.next": "▶️ Next ({page}/{pages})",
    "target.button.needs": "🎯 What first?",
    "target.button.compare": "📈 Compared with {day}",
    "target.search.none": "No unit \"{text}\" in your scope. Type a unit's code or name.",
    "target.search.many": "{n} units match \"{text}\" (the first {shown} below). Choose one:",
    "target.usage": "Use /rekap, /rekap UNIT-CODE-OR-NAME, /rekap compare [DATE] or /rekap export.",
    "target.needs.header": (
        "<b>🎯 What first: {scope}</b>\nMean index {mean} of {measured} measured employees (of {members}), as of "
        "{day}. Actions, the most points of the mean per person first:"
    ),
    "target.needs.item": (
        "{n}. {action} for <b>{people}</b> people in {units} units: <b>+{gain}</b> on the mean "
        "(+{per_person} per person)"
    ),
    "target.needs.none": "No indicator is lacking among the measured employees.",
    "target.needs.unmeasured": "{n} employees were never measured: measure them to see what they need.",
    "target.needs.note": (
        "<i>From each employee's latest assessment's advice. A disciplinary penalty is never suggested: it can "
        "only be waited out.</i>"
    ),
    "target.action.pendidikan": "the next level of education",
    "target.action.diklat_kepemimpinan": "leadership training for the position",
    "target.action.diklat_fungsional": "functional training for the position",
    "target.action.diklat_teknis": "technical training ≥ {jp} JP (within {months} months)",
    "target.action.seminar": "a seminar/workshop/course/internship (within {seminar_months} months)",
    "target.action.skp": "an SKP with the highest predicate",
    "target.compare.header": "<b>📈 Change of the index: {scope}</b>\n{since} → {today}",
    "target.compare.total": "Mean: {before} → {after} (<b>{delta}</b>) · measured {m1} → {m2}",
    "target.compare.fell": "<b>Units that fell ({n}), the largest fall first:</b>",
    "target.compare.rose": "<b>Rose or unchanged ({n}):</b>",
    "target.compare.missing": "<b>Not comparable yet ({n}):</b> {codes}",
    "target.compare.row": "{n}. <b>{code}</b> {name}: {before} → {after} (<b>{delta}</b>) · measured {m1} → {m2}",
    "target.compare.hint": (
        "<i>Another date: /rekap compare 30/06/2026. The map of a date uses each employee's latest assessment on "
        "or before it.</i>"
    ),
    "target.compare.not_past": "The date to compare with must be before today.",
    "nudge.button.open": "🔔 Remind",
    "nudge.button.members": "👤 Member details",
    "nudge.ask": (
        "Send one reminder to the members ({view}) who:\n<i>Each person at most once a day, whichever "
        "supervisor sends it.</i>"
    ),
    "nudge.reason.shortfall": "⏱ Short of 20 JP this year ({n})",
    "nudge.reason.unassessed": "📝 Not measured this year ({n})",
    "nudge.reason.claims": "📎 Claims waiting for verification ({n})",
    "nudge.done": (
        "🔔 Reminder ({reason}): <b>{queued}</b> members will get it. Already reminded today: {already}. "
        "Not reachable on Telegram: {unreachable}."
    ),
    "nudge.nobody": "No member matches this choice.",
    "nudge.reason_named.shortfall": "short of 20 JP",
    "nudge.reason_named.unassessed": "not measured this year",
    "nudge.reason_named.claims": "claims waiting for verification",
    "nudge.someone": "Your supervisor",
    "nudge.message.shortfall": (
        "🔔 <b>{supervisor}</b> reminds you: your JP for {year} are still <b>{shortfall}</b> short of 20 JP. "
        "Log the training you have done, or plan the next one."
    ),
    "nudge.message.unassessed": (
        "🔔 <b>{supervisor}</b> reminds you: you have not measured your IP ASN in {year}. It takes a few minutes: "
        "/asesmen."
    ),
    "nudge.message.claims": (
        "🔔 <b>{supervisor}</b> reminds you: some of what you stated is still waiting for HR's verification. Have "
        "the evidence (certificate, decree) ready if asked; /nilai shows what is waiting."
    ),
    "nudge.button.assess": "📝 Assessment",
    "member.list": "<b>Members ({view})</b> ({n}), lowest first — page {page}/{pages}. Choose one for details:",
    "member.header": "<b>{name}</b> — NIP {nip}\n{unit}",
    "member.result": "Latest IP ASN: <b>{total}</b> ({category}), as of {day}{mark}",
    "member.unmeasured": "Never measured.",
    "member.lacks_header": "<b>What is lacking, the largest gain first:</b>",
    "member.lacks_none": "Nothing is lacking according to the latest assessment.",
}
