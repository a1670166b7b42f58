"""Bahasa Indonesia: the spreadsheets the bot and the admin commands write (column titles, sheet names)."""

MESSAGES: dict[str, str] = {
    "cli.output.refused": "Berkas keluaran tidak ditulis: {reason}",
    "xlsx.col.scope": "Lingkup",
    "xlsx.col.parent_name": "Unit induk",
    "xlsx.sheet.people": "Pegawai",
    "xlsx.col.lacks": "Yang kurang",
    "xlsx.lack.unmeasured": "belum pernah diukur",
    "xlsx.lack.jp": "{jp} JP lagi tahun ini",
    "xlsx.sheet.change": "Perubahan",
    "xlsx.col.mean_on": "Indeks rata-rata {day}",
    "xlsx.col.measured_on": "Diukur {day}",
    "xlsx.col.change": "Selisih",
    "xlsx.note.since": "Dibandingkan dengan",
    "xlsx.note.rule_change": (
        "Perubahan: tiap unit beserta subunitnya, indeks rata-rata per tanggal pembanding (hasil terakhir tiap "
        "pegawai pada atau sebelum tanggal itu) dan per tanggal data; unit yang turun paling banyak di atas."
    ),
}
