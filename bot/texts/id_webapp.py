"""Bahasa Indonesia: the Mini App (issue 16): its buttons in the chat, its refusals and the page's own words."""

MESSAGES: dict[str, str] = {
    # buttons and lines in the chat
    "webapp.button.map": "🗺 Buka peta unit",
    "webapp.button.team": "🗺 Buka peta tim",
    "webapp.menu": "Peta IP ASN",
    # refusals (the page shows only this line)
    "webapp.auth": "Halaman ini hanya dapat dibuka dari tombol di bot Telegram. Tutup dan buka lagi dari bot.",
    "webapp.unlinked": "Akun Telegram ini belum ditautkan ke data pegawai. Tautkan dulu di bot (/start).",
    "webapp.not_hr": "Peta unit hanya untuk admin kepegawaian (BKPSDM/BKD).",
    "webapp.not_supervisor": "Peta tim hanya untuk atasan yang memiliki bawahan.",
    "webapp.no_role": "Halaman ini untuk admin kepegawaian dan atasan.",
    "webapp.outside": "Unit itu di luar cakupan Anda.",
    "webapp.unknown": "Tidak ditemukan.",
    # what the page shows
    "webapp.scope_all": "Semua unit",
    "webapp.scope_unit": "{code} {name} dan unit di bawahnya",
    "webapp.scope_team": "Tim {name} (semua bawahan)",
    "webapp.comparison_absent": (
        "Perbandingan dengan tanggal sebelumnya ada di peta unit (admin kepegawaian), belum untuk peta tim."
    ),
    "webapp.comparison_loading": "Memuat perbandingan dengan akhir tahun lalu…",
    "webapp.index_of": "Indeks ({basis})",
    "webapp.basis_note": (
        "Terverifikasi = data resmi BKPSDM dan klaim yang sudah disetujui; menurut pernyataan pegawai = termasuk "
        "klaim yang belum ditinjau. Terverifikasi penuh = tidak ada indikator yang bertumpu pada klaim yang belum "
        "ditinjau."
    ),
    "webapp.comparison": "Dibanding {day}: indeks {before} → {after} ({delta}). Kolom ± memakai peta per tanggal itu.",
    "webapp.ui.title": "Peta IP ASN",
    "webapp.ui.as_of": "Per",
    "webapp.ui.index": "Indeks",
    "webapp.ui.coverage": "Cakupan",
    "webapp.ui.jp_share": "Memenuhi 20 JP",
    "webapp.ui.verified_share": "Terverifikasi penuh",
    "webapp.ui.members": "Pegawai",
    "webapp.ui.unassessed": "Belum dinilai",
    "webapp.ui.code": "Kode",
    "webapp.ui.unit": "Unit",
    "webapp.ui.units": "Unit, indeks terendah dulu",
    "webapp.ui.sub_units": "Sub-unit",
    "webapp.ui.people": "Pegawai unit ini, nilai terendah dulu",
    "webapp.ui.name": "Nama",
    "webapp.ui.total": "Nilai",
    "webapp.ui.category": "Kategori",
    "webapp.ui.lacks": "Yang kurang",
    "webapp.ui.back": "← Kembali",
    "webapp.ui.download": "⬇ Unduh XLSX",
    "webapp.ui.downloading": "Menyiapkan berkas…",
    "webapp.ui.filters": "Saring",
    "webapp.ui.filter_category": "Kategori sampai",
    "webapp.ui.filter_any": "semua",
    "webapp.ui.filter_shortfall": "Kurang JP",
    "webapp.ui.filter_never": "Belum pernah dinilai",
    "webapp.ui.nothing": "Tidak ada yang cocok dengan saringan.",
    "webapp.ui.no_members": "Tidak ada pegawai langsung di unit ini.",
    "webapp.ui.no_index": "belum terukur",
    "webapp.ui.change": "±",
    "webapp.ui.comparison": "Perbandingan",
    "webapp.ui.loading": "Memuat…",
    "webapp.ui.hint": "Ketuk unit untuk melihat sub-unit dan pegawainya.",
}
