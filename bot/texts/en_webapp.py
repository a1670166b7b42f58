"""English: the Mini App (issue 16): its buttons in the chat, its refusals and the page's own words."""

MESSAGES: dict[str, str] = {
    # buttons and lines in the chat
    "webapp.button.map": "🗺 Open the unit map",
    "webapp.button.team": "🗺 Open the team map",
    "webapp.menu": "IP ASN map",
    # refusals (the page shows only this line)
    "webapp.auth": "This page opens only from a button in the Telegram bot. Close it and open it again from the bot.",
    "webapp.unlinked": "This Telegram account is not linked to an employee record yet. Link it in the bot (/start).",
    "webapp.not_hr": "The unit map is for HR administrators (BKPSDM/BKD) only.",
    "webapp.not_supervisor": "The team map is for supervisors with reports.",
    "webapp.no_role": "This page is for HR administrators and supervisors.",
    "webapp.outside": "That unit is outside your remit.",
    "webapp.unknown": "Not found.",
    # what the page shows
    "webapp.scope_all": "All units",
    "webapp.scope_unit": "{code} {name} and the units below it",
    "webapp.scope_team": "Team of {name} (everyone below)",
    "webapp.comparison_absent": (
        "A comparison with an earlier date is on the unit map (HR administrators), not yet on the team map."
    ),
    "webapp.comparison_loading": "Loading the comparison with the end of last year…",
    "webapp.index_of": "Index ({basis})",
    "webapp.basis_note": (
        "Verified = HR's official records and approved claims; as declared by employees = including claims not "
        "yet reviewed. Fully verified = no indicator rests on a claim not yet reviewed."
    ),
    "webapp.comparison": (
        "Compared with {day}: index {before} → {after} ({delta}). The ± column uses the map as of that day."
    ),
    "webapp.ui.title": "IP ASN map",
    "webapp.ui.as_of": "As of",
    "webapp.ui.index": "Index",
    "webapp.ui.coverage": "Coverage",
    "webapp.ui.jp_share": "Meeting 20 JP",
    "webapp.ui.verified_share": "Fully verified",
    "webapp.ui.members": "Employees",
    "webapp.ui.unassessed": "Not assessed",
    "webapp.ui.code": "Code",
    "webapp.ui.unit": "Unit",
    "webapp.ui.units": "Units, lowest index first",
    "webapp.ui.sub_units": "Sub-units",
    "webapp.ui.people": "This unit's employees, lowest score first",
    "webapp.ui.name": "Name",
    "webapp.ui.total": "Score",
    "webapp.ui.category": "Category",
    "webapp.ui.lacks": "Lacking",
    "webapp.ui.back": "← Back",
    "webapp.ui.download": "⬇ Download XLSX",
    "webapp.ui.downloading": "Preparing the file…",
    "webapp.ui.filters": "Filter",
    "webapp.ui.filter_category": "Category at or below",
    "webapp.ui.filter_any": "any",
    "webapp.ui.filter_shortfall": "Short of JP",
    "webapp.ui.filter_never": "Never assessed",
    "webapp.ui.nothing": "Nothing matches the filter.",
    "webapp.ui.no_members": "No employees directly in this unit.",
    "webapp.ui.no_index": "not measured",
    "webapp.ui.change": "±",
    "webapp.ui.comparison": "Comparison",
    "webapp.ui.loading": "Loading…",
    "webapp.ui.hint": "Tap a unit to see its sub-units and employees.",
}
