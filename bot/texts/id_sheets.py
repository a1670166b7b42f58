"""Bahasa Indonesia: the spreadsheets the bot and the admin commands write (column titles, sheet names)."""

MESSAGES: dict[str, str] = {
    "cli.output.refused": "Berkas keluaran tidak ditulis: {reason}",
    "xlsx.col.scope": "Lingkup",
    "xlsx.col.parent_name": "Unit induk",
}
