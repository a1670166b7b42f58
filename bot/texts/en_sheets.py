"""English: the spreadsheets the bot and the admin commands write (column titles, sheet names)."""

MESSAGES: dict[str, str] = {
    "cli.output.refused": "The output file was not written: {reason}",
    "xlsx.col.scope": "Scope",
    "xlsx.col.parent_name": "Parent unit",
    "xlsx.sheet.people": "Employees",
    "xlsx.col.lacks": "What they lack",
    "xlsx.lack.unmeasured": "never measured",
    "xlsx.lack.jp": "{jp} more JP this year",
    "xlsx.sheet.change": "Change",
    "xlsx.col.mean_on": "Mean index {day}",
    "xlsx.col.measured_on": "Measured {day}",
    "xlsx.col.change": "Difference",
    "xlsx.note.since": "Compared with",
    "xlsx.note.rule_change": (
        "Change: each unit with its sub-units, the mean index as of the comparison date (each employee's latest "
        "result on or before it) and as of the data's date; the units that fell most first."
    ),
}
