"""Bahasa Indonesia: what the map and the team view rest on, the verified and the declared index (issue 13)."""

MESSAGES: dict[str, str] = {
    "basis.name.verified": "terverifikasi",
    "basis.name.declared": "menurut pernyataan pegawai",
    "basis.mean": "Indeks rata-rata ({basis}): <b>{mean}</b> · {other}: {other_mean}",
    "basis.share": "Terverifikasi penuh: {n} dari {measured} hasil ({percent})",
    "basis.explain": (
        "<i>Terverifikasi = data resmi BKPSDM dan klaim yang sudah disetujui; menurut pernyataan pegawai = "
        "termasuk klaim yang belum ditinjau. Terverifikasi penuh = tidak ada indikator yang bertumpu pada klaim "
        "yang belum ditinjau.</i>"
    ),
    "basis.row_tail": "\n    {other} {other_mean} · terverifikasi penuh {share}",
    "xlsx.col.mean_other": "Indeks rata-rata ({other})",
    "xlsx.col.fully_verified": "Hasil terverifikasi penuh",
    "xlsx.col.verified_share": "Persentase terverifikasi penuh",
    "xlsx.col.total_other": "Nilai {other}",
    "xlsx.col.member_fully_verified": "Terverifikasi penuh",
    "xlsx.note.basis": "Dasar indeks",
    "xlsx.note.rule_basis": (
        "Terverifikasi: data resmi dan klaim pegawai yang sudah disetujui. Menurut pernyataan pegawai: termasuk "
        "klaim yang belum ditinjau (yang ditolak tidak). Kolom nilai dan rata-rata utama mengikuti dasar indeks "
        "(pengaturan INDEX_BASIS); yang lain ada di kolom tersendiri."
    ),
}
