"""Bahasa Indonesia: the spreadsheets the bot and the admin commands write (column titles, sheet names)."""

MESSAGES: dict[str, str] = {
    "cli.output.refused": "Berkas keluaran tidak ditulis: {reason}",
    "xlsx.col.scope": "Lingkup",
    "xlsx.col.parent_name": "Unit induk",
    "xlsx.sheet.people": "Pegawai",
    "xlsx.col.lacks": "Yang kurang",
    "xlsx.lack.unmeasured": "belum pernah diukur",
    "xlsx.lack.dimension": "{dimension} {points} dari {maximum}",
    "xlsx.lack.jp": "{jp} JP lagi tahun ini",
}
