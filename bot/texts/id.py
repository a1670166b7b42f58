"""Bahasa Indonesia: the default language of the bot."""

MESSAGES: dict[str, str] = {
    # commands (setMyCommands) and buttons
    "cmd.start": "Mulai dan tautkan akun",
    "cmd.asesmen": "Asesmen mandiri IP ASN",
    "cmd.nilai": "Nilai IP ASN terakhir",
    "cmd.riwayat": "Riwayat penilaian",
    "cmd.pelatihan": "Catat kegiatan pengembangan kompetensi",
    "cmd.jp": "JP tahun ini dan kekurangannya",
    "cmd.bahasa": "Ganti bahasa",
    "cmd.dataku": "Unduh data saya",
    "cmd.hapusdata": "Hapus data saya",
    "cmd.bantuan": "Bantuan",
    "cmd.batal": "Batalkan langkah yang sedang berjalan",
    "button.back": "◀ Kembali",
    "button.cancel": "✖ Batal",
    "button.continue": "Lanjut ▶",
    "button.skip": "Lewati ▶",
    "button.yes": "Ya",
    "button.no": "Belum",
    "menu.asesmen": "📝 Asesmen",
    "menu.nilai": "📊 Nilai",
    "menu.pelatihan": "➕ Pelatihan",
    "menu.jp": "⏱ JP saya",
    "menu.riwayat": "📈 Riwayat",
    "menu.bantuan": "❓ Bantuan",
    "menu.recompute": "🔄 Hitung ulang dengan data hari ini",
    # start and linking
    "start.ask_code": (
        "Selamat datang di <b>Bot IP ASN</b>. Bot ini membantu Anda mengukur Indeks Profesionalitas ASN "
        "dan memantau kewajiban 20 JP pengembangan kompetensi.\n\n"
        "Untuk memulai, kirim <b>kode tautan</b> yang Anda terima dari BKPSDM/BKD (contoh: K7MQX-3RWPA)."
    ),
    "start.welcome": "Halo, <b>{name}</b>! Apa yang ingin Anda lakukan?",
    "link.ok": "Akun Telegram Anda sudah tertaut dengan data kepegawaian <b>{name}</b> (NIP {nip}).",
    "link.invalid": "Kode tidak dikenal. Periksa kembali kode dari BKPSDM/BKD lalu kirim ulang.",
    "link.expired": "Kode ini sudah kedaluwarsa. Mintalah kode baru kepada BKPSDM/BKD.",
    "link.used": "Kode ini sudah pernah dipakai. Mintalah kode baru kepada BKPSDM/BKD.",
    "link.locked": "Terlalu banyak kode yang salah. Silakan coba lagi setelah {until}.",
    "link.taken": (
        "Akun Telegram ini sudah tertaut dengan pegawai lain. Hapus tautan dengan /hapusdata "
        "atau hubungi BKPSDM/BKD."
    ),
    "link.inactive": "Data kepegawaian untuk kode ini tidak aktif. Hubungi BKPSDM/BKD.",
    "link.needed": "Akun Anda belum tertaut. Kirim kode tautan dari BKPSDM/BKD terlebih dahulu.",
    "link.code_format": "Itu bukan kode tautan. Kode terdiri dari huruf dan angka, contoh: K7MQX-3RWPA.",
    "link.already": "Sudah tersimpan: akun Telegram Anda sudah tertaut dengan <b>{name}</b> (NIP {nip}).",
    # general
    "hint.unknown": "Maaf, saya tidak mengerti. Pilih salah satu menu di bawah atau ketik /bantuan.",
    "hint.unknown_command": "Perintah {command} tidak dikenal. Pilih menu di bawah atau ketik /bantuan.",
    "button.expired": "Tombol ini sudah tidak berlaku.",
    "button.expired_long": "Tombol itu sudah tidak berlaku. Silakan lanjutkan dari pertanyaan terakhir.",
    "dialog.cancelled": "Dibatalkan. Data yang sudah tersimpan tidak berubah.",
    "dialog.already_done": "Sudah tersimpan: {receipt}",
    "dialog.nothing_to_cancel": "Tidak ada langkah yang sedang berjalan.",
    "dialog.use_buttons": "Silakan pilih salah satu tombol di bawah pertanyaan.",
    "dialog.no_file_here": "Saat ini saya tidak menunggu berkas. Jawab pertanyaan berikut:",
    "dialog.resume": "Kita lanjutkan dari pertanyaan terakhir:",
    "dialog.busy": "Anda sedang mengisi {flow}. Selesaikan atau ketik /batal dulu.",
    "flow.assessment": "asesmen",
    "flow.training": "pencatatan pelatihan",
    "flow.delete": "penghapusan data",
    "error.generic": "Maaf, terjadi gangguan. Silakan coba lagi sebentar lagi.",
    # input errors
    "error.date_format": (
        "Tanggal tidak dikenali. Tulis misalnya <code>12/3/2026</code>, <code>12-03-2026</code>, "
        "<code>2026-03-12</code> atau <code>12 Maret 2026</code>."
    ),
    "error.date_invalid": "Tanggal itu tidak ada di kalender. Periksa hari dan bulannya.",
    "error.date_future": "Tanggal tidak boleh di masa depan.",
    "error.date_too_old": "Tanggal tidak boleh sebelum tahun 1970.",
    "error.number_format": "Tulis angka saja, misalnya <code>8</code> atau <code>2,5</code>.",
    "error.number_positive": "Angkanya harus lebih dari 0.",
    "error.number_too_large": "Angkanya terlalu besar (maksimal {max:g}).",
    "error.score_format": "Tulis nilai SKP sebagai angka 0–100, misalnya <code>87,5</code>.",
    "error.score_range": "Nilai SKP berada pada rentang 0–100.",
    "error.title_empty": "Judulnya tidak boleh kosong.",
    "error.title_too_long": "Judulnya terlalu panjang (maksimal {max} karakter).",
    "error.text_too_long": "Jawabannya terlalu panjang (maksimal {max} karakter).",
    "error.text_expected": "Saya menunggu jawaban berupa teks.",
    "error.education": "Pilih jenjang pendidikan dengan tombol di bawah.",
    "error.skp_year": "Tulis tahun SKP, misalnya <code>2019</code> (SKP angka berlaku sampai 2019).",
    "error.file_too_large": "Berkas terlalu besar (maksimal 20 MB).",
    "error.file_type": "Kirim foto atau berkas PDF.",
    # assessment dialog
    "asm.education": (
        "<b>Langkah {n}/{total} · Kualifikasi</b>\nPendidikan terakhir Anda menurut data: <b>{current}</b>.\n"
        "Pilih jenjang yang benar:"
    ),
    "asm.position": (
        "<b>Langkah {n}/{total} · Jabatan</b>\nJenis jabatan Anda menurut data: <b>{current}</b>.\n"
        "Pilih jenis jabatan yang benar:"
    ),
    "asm.leadership": (
        "<b>Langkah {n}/{total} · Diklat kepemimpinan</b>\nJabatan {position} mensyaratkan <b>{required}</b>.\n"
        "Tercatat: {recorded}.\nDiklat kepemimpinan tertinggi yang sudah Anda selesaikan?"
    ),
    "asm.leadership_date": "Kapan {level} itu selesai? Tulis tanggalnya, misalnya <code>12/3/2019</code>.",
    "asm.functional": (
        "<b>Langkah {n}/{total} · Diklat fungsional</b>\nSudahkah Anda mengikuti diklat fungsional yang "
        "<b>sesuai jabatan</b>? Contoh: PPG/sertifikasi bagi guru, pendidikan profesi bagi dokter, "
        "apoteker, perawat, bidan; diklat pembentukan jabatan fungsional.\nTercatat: {recorded}."
    ),
    "asm.functional_date": "Kapan diklat fungsional itu selesai? Tulis tanggalnya, misalnya <code>1/8/2021</code>.",
    "asm.technical": (
        "<b>Langkah {n}/{total} · Diklat teknis</b>\nDiklat teknis sejak {start}:\n{items}\n"
        "Jumlah: <b>{jp} JP</b> (syarat {min} JP). Ada yang belum tercatat?"
    ),
    "asm.seminar": (
        "<b>Langkah {n}/{total} · Seminar/workshop/magang/kursus</b>\nSejak {start}:\n{items}\n"
        "Ada yang belum tercatat?"
    ),
    "asm.none_listed": "— belum ada —",
    "asm.item": "• {title} — {jp} JP ({date})",
    "asm.item_nojp": "• {title} ({date})",
    "asm.add_technical": "➕ Tambah diklat teknis",
    "asm.add_seminar": "➕ Tambah seminar/workshop",
    "asm.ask_title": "Apa nama kegiatannya? (mis. <i>Pelatihan Pengelolaan Arsip Digital</i>)",
    "asm.ask_jp": "Berapa JP? Tulis angka, mis. <code>8</code>. Bila dalam jam, tulis mis. <code>6 jam</code>.",
    "asm.ask_jp_optional": (
        "Berapa JP? Tulis angka, mis. <code>4</code>, atau <code>3 jam</code>. Tekan Lewati bila tidak tahu."
    ),
    "asm.ask_date": "Tanggal selesainya? Mis. <code>12/3/2026</code> atau <code>12 Maret 2026</code>.",
    "asm.skp": (
        "<b>Langkah {n}/{total} · Kinerja (SKP)</b>\nTercatat: {recorded}.\nPredikat SKP terakhir Anda?"
    ),
    "asm.skp_numeric": "🔢 Nilai angka (SKP lama)",
    "asm.skp_none": "Belum ada SKP",
    "asm.skp_score": "Tulis nilai SKP lama Anda (0–100), misalnya <code>87,5</code>.",
    "asm.skp_year": "SKP tahun berapa? (SKP angka berlaku sampai 2019), misalnya <code>2019</code>.",
    "asm.penalty": (
        "<b>Langkah {n}/{total} · Disiplin</b>\nHukuman disiplin tercatat dalam 5 tahun terakhir: {recorded}.\n"
        "Apakah ada hukuman disiplin lain dalam 5 tahun terakhir?"
    ),
    "asm.penalty_none": "Tidak ada",
    "asm.penalty_date": "Tanggal TMT hukuman disiplin itu? Mis. <code>15/1/2024</code>.",
    "asm.confirm": "<b>Langkah {n}/{total} · Periksa jawaban</b>\n{summary}\n\nHitung nilai sekarang?",
    "asm.compute": "✅ Hitung nilai",
    "asm.summary_line": "• {label}: {value}",
    "asm.label.education": "Pendidikan",
    "asm.label.position": "Jabatan",
    "asm.label.leadership": "Diklat kepemimpinan",
    "asm.label.functional": "Diklat fungsional",
    "asm.label.technical": "Diklat teknis",
    "asm.label.seminars": "Seminar/workshop",
    "asm.label.skp": "SKP",
    "asm.label.penalties": "Hukuman disiplin",
    "asm.record.leadership": "Diklat kepemimpinan {level}",
    "asm.record.functional": "Diklat fungsional sesuai jabatan",
    "asm.receipt": "asesmen tanggal {day}, IP ASN <b>{total}</b> ({category}). Lihat /nilai.",
    "asm.nothing_recorded": "belum ada",
    "asm.leadership_none": "Belum pernah",
    # result
    "result.header": "<b>Indeks Profesionalitas ASN: {total}</b> — <b>{category}</b>",
    "result.as_of": "Per {day} · aturan {ruleset}",
    "result.unofficial": (
        "<i>Catatan: CPNS dan PPPK berada di luar pengukuran resmi; hasil ini untuk gambaran diri.</i>"
    ),
    "result.dimension": "<b>{name}</b>: {points}/{max}",
    "result.indicator": "{mark} {name}: {points}/{max}\n    <i>{reason}</i>",
    "result.advice_header": "<b>Yang dapat menaikkan nilai Anda:</b>",
    "result.advice_item": "{n}. {text}",
    "result.no_advice": "Semua indikator yang dapat Anda ubah sudah maksimal. 👏",
    "result.chart_caption": "Empat dimensi IP ASN terhadap nilai maksimalnya.",
    "result.none_yet": "Anda belum pernah melakukan asesmen. Mulai dengan /asesmen.",
    "result.recomputed": "Dihitung ulang dengan data per hari ini.",
    "history.header": "<b>Riwayat penilaian</b>",
    "history.item": "• {day}: <b>{total}</b> — {category}",
    "history.chart_title": "Riwayat IP ASN",
    "history.empty": "Belum ada riwayat penilaian. Mulai dengan /asesmen.",
    # jp
    "jp.line_short": "JP tahun ini: <b>{jp}</b> dari 20 JP — kurang <b>{shortfall} JP</b>.",
    "jp.line_met": "JP tahun ini: <b>{jp}</b> — kewajiban 20 JP sudah terpenuhi. ✅",
    "jp.status": "{line}\nSisa waktu tahun ini: {days} hari.\n\n<b>Kegiatan tahun {year}:</b>\n{items}",
    "jp.item": "• {date} · {kind} · {title} — {jp} JP",
    "jp.none": "— belum ada kegiatan tercatat —",
    # training dialog
    "trn.kind": "Jenis kegiatan pengembangan kompetensi apa yang ingin dicatat?",
    "trn.kind.kepemimpinan": "Diklat kepemimpinan",
    "trn.kind.fungsional": "Diklat fungsional",
    "trn.kind.teknis": "Diklat teknis",
    "trn.kind.seminar": "Seminar/workshop/magang/kursus",
    "trn.kind.lainnya": "Lainnya (e-learning, coaching, …)",
    "trn.level": "Jenjang diklat kepemimpinannya?",
    "trn.match": "Apakah diklat fungsional ini sesuai dengan jabatan Anda saat ini?",
    "trn.certificate": "Kirim foto sertifikat atau berkas PDF bila ada (opsional).",
    "trn.saved": "✅ Tersimpan: <b>{title}</b> — {jp} JP, {date}.",
    "trn.certificate_saved": "Sertifikat terlampir.",
    # privacy
    "data.caption": "Semua data yang disimpan bot tentang Anda.",
    "delete.confirm": (
        "Ini akan <b>menghapus</b> semua yang Anda masukkan sendiri (kegiatan, SKP, hukuman disiplin yang "
        "Anda catat, dan riwayat asesmen) serta <b>memutus tautan</b> akun Telegram ini. "
        "Data kepegawaian dari BKPSDM/BKD tetap ada. Lanjutkan?"
    ),
    "delete.yes": "🗑 Ya, hapus data saya",
    "delete.done": (
        "Data Anda sudah dihapus ({records} catatan, {assessments} asesmen) dan tautan akun diputus. "
        "Untuk memakai bot lagi, minta kode tautan baru kepada BKPSDM/BKD."
    ),
    # language
    "lang.ask": "Pilih bahasa / Choose a language:",
    "lang.set": "Bahasa diganti ke Bahasa Indonesia.",
    # help
    "help": (
        "<b>Bot IP ASN</b> membantu Anda mengukur <i>Indeks Profesionalitas ASN</i> "
        "(PermenPANRB 38/2018, Peraturan BKN 8/2019) dan memantau 20 JP pengembangan kompetensi per tahun.\n\n"
        "<b>Cara menghitung</b> (nilai 0–100):\n"
        "• <b>Kualifikasi</b> (maks 25): pendidikan tertinggi. S-3 25, S-2 20, S-1/D-IV 15, D-III 10, "
        "D-I/D-II/SLTA 5, di bawahnya 1.\n"
        "• <b>Kompetensi</b> (maks 40): diklat kepemimpinan (jabatan struktural) atau fungsional "
        "(jabatan fungsional) yang sesuai, diklat teknis minimal 20 JP dalam 12 bulan, dan seminar/"
        "workshop dalam 24 bulan.\n"
        "• <b>Kinerja</b> (maks 30): predikat SKP terakhir.\n"
        "• <b>Disiplin</b> (maks 5): tanpa hukuman disiplin dalam 5 tahun terakhir.\n"
        "Kategori: Sangat Tinggi &gt;90, Tinggi &gt;80, Sedang &gt;70, Rendah &gt;60, Sangat Rendah ≤60.\n\n"
        "<b>Perintah</b>\n"
        "/asesmen — asesmen mandiri langkah demi langkah\n"
        "/nilai — nilai terakhir dan saran\n"
        "/riwayat — riwayat penilaian\n"
        "/pelatihan — catat pelatihan atau seminar\n"
        "/catatan — catatan Anda: perbaiki, tarik atau sanggah\n"
        "/jp — JP tahun ini\n"
        "/pengingat — pengingat 20 JP: matikan atau nyalakan\n"
        "/bahasa — ganti bahasa\n"
        "/dataku — unduh data Anda\n"
        "/hapusdata — hapus data Anda\n"
        "/batal — batalkan langkah yang sedang berjalan"
    ),
}
