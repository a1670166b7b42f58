"""English: the spreadsheets the bot and the admin commands write (column titles, sheet names)."""

MESSAGES: dict[str, str] = {
    "cli.output.refused": "The output file was not written: {reason}",
    "xlsx.col.scope": "Scope",
    "xlsx.col.parent_name": "Parent unit",
    "xlsx.sheet.people": "Employees",
    "xlsx.col.lacks": "What they lack",
    "xlsx.lack.unmeasured": "never measured",
    "xlsx.lack.dimension": "{dimension} {points} of {maximum}",
    "xlsx.lack.jp": "{jp} more JP this year",
}
