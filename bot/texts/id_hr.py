"""Bahasa Indonesia: HR broadcasts (/siaran), team summaries (/tim) and the unit map (/rekap)."""

MESSAGES: dict[str, str] = {
    "cmd.siaran": "Siaran pesan ke pegawai (admin BKPSDM)",
    "cmd.tim": "Ringkasan IP ASN tim Anda (atasan)",
    "cmd.rekap": "Peta IP ASN per unit (admin BKPSDM)",
    # /siaran
    "siaran.not_hr": "Perintah /siaran hanya untuk admin kepegawaian (BKPSDM/BKD).",
    "siaran.args_unused": (
        "Kata setelah /siaran tidak dipakai: /siaran daftar menampilkan siaran terjadwal dan yang berjalan; "
        "untuk siaran baru, tulis pesannya sebagai jawaban di bawah."
    ),
    "siaran.ask_text": (
        "<b>Siaran baru.</b> Tulis pesan yang akan dikirim (maksimal {max} karakter). Anda boleh memakai format "
        "Telegram langsung dari aplikasi, atau tag HTML: &lt;b&gt;tebal&lt;/b&gt;, &lt;i&gt;miring&lt;/i&gt;, "
        "&lt;u&gt;, &lt;s&gt;, &lt;code&gt;, &lt;a href=\"https://…\"&gt;tautan&lt;/a&gt;. "
        "Tulis &amp;lt; untuk tanda &lt;."
    ),
    "siaran.html_tag": (
        "Tag &lt;{tag}&gt; tidak didukung Telegram. Pakai b, i, u, s, code, pre, a, blockquote, tg-spoiler.\n{where}"
    ),
    "siaran.html_quote": "Tulis nilai atribut dalam tanda kutip, mis. &lt;a href=\"https://…\"&gt;.\n{where}",
    "siaran.html_lt": "Ada tanda &lt; yang bukan awal tag. Tulis &amp;lt; untuk tanda &lt;.\n{where}",
    "siaran.html_order": "Tag &lt;/{tag}&gt; menutup sebelum &lt;/{expected}&gt;. Tutup tag sesuai urutan.\n{where}",
    "siaran.html_stray_end": "Ada tag penutup tanpa tag pembuka.\n{where}",
    "siaran.html_unclosed": "Tag &lt;{tag}&gt; belum ditutup dengan &lt;/{tag}&gt;.\n{where}",
    "siaran.html_span": "Tag &lt;span&gt; hanya bisa dipakai sebagai &lt;span class=\"tg-spoiler\"&gt;.\n{where}",
    "siaran.html_refused": "Telegram akan menolak format pesan ini.\n{where}",
    "siaran.too_long": "Pesannya terlalu panjang (maksimal {max} karakter).",
    "siaran.empty": "Pesannya kosong. Tulis isi siaran.",
    "siaran.ask_audience": "Siapa penerimanya?",
    "siaran.audience.all": "👥 Semua pegawai",
    "siaran.audience.units": "🏢 Unit tertentu (beserta subunit)",
    "siaran.audience.shortfall": "⏱ Yang masih kurang 20 JP tahun ini",
    "siaran.audience.category": "📉 Kategori IP ASN tertentu ke bawah",
    "siaran.audience.unassessed": "📝 Yang belum diukur tahun ini",
    "siaran.audience.all_named": "semua pegawai",
    "siaran.audience.shortfall_named": "pegawai yang masih kurang 20 JP tahun ini",
    "siaran.audience.unassessed_named": "pegawai yang belum diukur tahun ini",
    "siaran.audience.units_named": "pegawai unit {units} beserta subunitnya",
    "siaran.audience.category_named": "pegawai dengan kategori terakhir {category} atau lebih rendah",
    "siaran.audience_invalid": "Pilihan penerima tidak dikenali. Pilih lagi.",
    "siaran.ask_units": (
        "Pilih unit (tekan lagi untuk membatalkan pilihan), atau ketik kode/nama unit dipisah koma.\n"
        "Terpilih: {selected}"
    ),
    "siaran.units_none": "belum ada",
    "siaran.no_units": "Pilih setidaknya satu unit.",
    "siaran.unit_outside": "Unit itu di luar wewenang Anda.",
    "siaran.unit_unknown": "Unit \"{unit}\" tidak ditemukan. Ketik kode unit yang tepat.",
    "siaran.ask_category": "Kirim ke pegawai yang kategori IP ASN terakhirnya sama dengan atau di bawah:",
    "siaran.ask_when": (
        "Kapan dikirim? Tulis tanggal dan jam, misalnya <code>1/12/2026 08:00</code>, "
        "<code>besok 08:00</code>, atau jam saja untuk hari ini (<code>14:30</code>)."
    ),
    "siaran.when_format": "Waktu tidak dikenali. Contoh: <code>1/12/2026 08:00</code> atau <code>besok 08:00</code>.",
    "siaran.when_past": "Waktu itu sudah lewat. Tulis waktu yang akan datang.",
    "siaran.when_far": "Siaran hanya bisa dijadwalkan paling lama {days} hari ke depan.",
    "siaran.when_now": "segera setelah dikonfirmasi",
    "siaran.preview_header": "<b>Pratinjau siaran</b> (seperti yang akan diterima pegawai):",
    "siaran.preview_footer": "Penerima: {audience} — <b>{n}</b> orang.\nWaktu kirim: {when}.",
    "siaran.nobody": "Tidak ada pegawai yang dapat dihubungi untuk pilihan ini. Tidak ada yang dikirim.",
    "siaran.button.send": "✅ Kirim sekarang",
    "siaran.button.schedule": "✅ Jadwalkan",
    "siaran.button.when": "🕒 Atur waktu kirim",
    "siaran.button.now": "⚡ Kirim segera saja",
    "siaran.queued": "Siaran #{id} untuk {n} penerima mulai dikirim. Kemajuannya akan tampil di sini.",
    "siaran.scheduled": "Siaran #{id} untuk {n} penerima dijadwalkan {when}.",
    "siaran.progress": (
        "📢 Siaran #{id}: terkirim {sent} dari {total} · gagal {failed} · tidak terjangkau {unreachable} · "
        "tidak pasti {uncertain} · sisa {left}"
    ),
    "siaran.progress_done": (
        "📢 Siaran #{id} selesai: terkirim {sent} dari {total} · gagal {failed} · tidak terjangkau {unreachable} · "
        "tidak pasti {uncertain}"
    ),
    "siaran.report": (
        "✅ <b>Laporan siaran #{id}</b>\nTerkirim: {sent} dari {total}\nGagal: {failed}\n"
        "Tidak terjangkau (memblokir bot atau akun dihapus): {unreachable}\n"
        "Tidak pasti (Telegram tidak menjawab, mungkin sudah terkirim): {uncertain}"
    ),
    "siaran.report_uncertain": (
        "Pesan yang tidak pasti tidak dikirim ulang otomatis agar tidak ada yang menerimanya dua kali. "
        "Tombol di bawah mengirim ulang ke {n} penerima itu; sebagian mungkin sudah menerimanya."
    ),
    "siaran.report_csv": "Daftar penerima yang tidak pasti menerima pesan terlampir (CSV).",
    "siaran.button.resend_uncertain": "🔁 Kirim ulang ke {n} penerima yang tidak pasti",
    "siaran.resend.queued": "Siaran #{id} dikirim ulang ke {n} penerima yang tidak pasti. Laporannya menyusul di sini.",
    "siaran.resend.none": (
        "Siaran #{id} tidak punya penerima yang tidak pasti lagi (sudah dikirim ulang). Tidak ada yang dikirim."
    ),
    "siaran.resend.not_allowed": "Hanya admin kepegawaian pembuat siaran #{id} yang dapat mengirim ulangnya.",
    "siaran.csv.nip": "NIP",
    "siaran.csv.name": "Nama",
    "siaran.csv.unit": "Kode unit",
    "siaran.csv.status": "Status",
    "siaran.csv.attempts": "Percobaan",
    "siaran.csv.error": "Keterangan",
    "siaran.csv.deleted": "(data dihapus)",
    "siaran.csv.status.failed": "gagal",
    "siaran.csv.status.unreachable": "tidak terjangkau",
    "siaran.csv.status.pending": "menunggu",
    "siaran.csv.status.sending": "sedang dikirim",
    "siaran.csv.status.sent": "terkirim",
    "siaran.csv.status.uncertain": "tidak pasti (mungkin sudah terkirim)",
    "siaran.csv.status.dropped": "dibatalkan",
    "siaran.csv.status.skipped": "dilewati",
    # shared summary lines (rules §6 and §7)
    "hr.coverage": "Cakupan: {measured} dari {members} pegawai sudah diukur ({percent})",
    "hr.distribution": "Sebaran: {items}",
    "hr.dimensions": "Rata-rata dimensi: {items}",
    "hr.jp_share": "Memenuhi 20 JP tahun ini: {met} dari {duty} ({percent})",
    "hr.unofficial_left_out": (
        "<i>{n} hasil CPNS/PPPK tidak dihitung dalam rata-rata (di luar pengukuran resmi).</i>"
    ),
    "hr.xlsx_caption": "Rincian lengkap dalam berkas terlampir.",
    # /tim
    "team.not_supervisor": "Perintah /tim hanya untuk atasan yang memiliki bawahan.",
    "team.outside": "Pegawai itu tidak berada dalam tim atau jajaran di bawah Anda.",
    "team.unknown_args": "Gunakan /tim, /tim ekspor, atau /tim NIP untuk tim seorang atasan di bawah Anda.",
    "team.header": "<b>Tim {name}</b> — {view}\nper {day}",
    "team.view.direct": "bawahan langsung",
    "team.view.all": "seluruh jajaran di bawahnya",
    "team.empty": "Belum ada anggota aktif dalam tampilan ini.",
    "team.shortfall": "<b>Kekurangan JP ({n}):</b> {names}",
    "team.shortfall_none": "Semua anggota yang wajib sudah memenuhi 20 JP tahun ini.",
    "team.unassessed": "<b>Belum pernah diukur ({n}):</b> {names}",
    "team.unassessed_none": "Semua anggota sudah pernah diukur.",
    "team.name_short": "{name} (kurang {shortfall} JP)",
    "team.and_more": "dan {n} lainnya",
    "team.button.all": "👥 Seluruh jajaran",
    "team.button.direct": "👤 Bawahan langsung",
    "team.button.export": "📥 Ekspor XLSX",
    "team.chart_title": "Sebaran kategori — Tim {name}",
    "team.chart_caption": "Sebaran kategori IP ASN tim.",
    # /rekap
    "rekap.not_hr": "Perintah /rekap hanya untuk admin kepegawaian (BKPSDM/BKD).",
    "rekap.header": "<b>Peta IP ASN per unit</b>\nper {day}",
    "rekap.scope_all": "Cakupan data: seluruh unit.",
    "rekap.scope_unit": "Cakupan data: {code} {name} dan subunitnya.",
    "rekap.view_own": "<b>Per unit (pegawai unit itu sendiri), dari indeks terendah</b> — {units} unit:",
    "rekap.view_tree": "<b>Per unit beserta subunitnya, dari indeks terendah</b> — {units} unit:",
    "rekap.row": (
        "{n}. <b>{code}</b> {name}: <b>{mean}</b> · diukur {measured}/{members} ({coverage}) · "
        "20 JP {jp}\n    {distribution}"
    ),
    "rekap.more": "… dan {n} unit lainnya: lihat /rekap ekspor.",
    "rekap.empty": "Belum ada pegawai aktif dalam cakupan ini.",
    "rekap.button.tree": "🏢 Termasuk subunit",
    "rekap.button.own": "🏠 Unit sendiri saja",
    "rekap.button.export": "📥 Ekspor XLSX",
    "rekap.chart_title": "Indeks rata-rata, {n} unit terendah",
    "rekap.chart_caption": "Unit dengan indeks rata-rata terendah.",
    # workbook (shared by /rekap ekspor, /tim ekspor and `admin report`)
    "xlsx.sheet.summary": "Ringkasan",
    "xlsx.sheet.own": "Per unit",
    "xlsx.sheet.tree": "Unit dan subunit",
    "xlsx.sheet.members": "Anggota",
    "xlsx.sheet.notes": "Keterangan",
    "xlsx.col.code": "Kode unit",
    "xlsx.col.unit": "Unit",
    "xlsx.col.parent": "Kode unit induk",
    "xlsx.col.view": "Tampilan",
    "xlsx.col.members": "Pegawai aktif",
    "xlsx.col.measured": "Diukur",
    "xlsx.col.coverage": "Cakupan",
    "xlsx.col.mean": "Indeks rata-rata",
    "xlsx.col.jp_duty": "Wajib 20 JP",
    "xlsx.col.jp_met": "Memenuhi 20 JP",
    "xlsx.col.jp_share": "Persentase memenuhi 20 JP",
    "xlsx.col.unofficial": "Hasil CPNS/PPPK",
    "xlsx.col.nip": "NIP",
    "xlsx.col.name": "Nama",
    "xlsx.col.status": "Status",
    "xlsx.col.direct": "Bawahan langsung",
    "xlsx.col.total": "Nilai IP ASN terakhir",
    "xlsx.col.category": "Kategori",
    "xlsx.col.assessed_on": "Tanggal pengukuran",
    "xlsx.col.official": "Pengukuran resmi",
    "xlsx.col.jp": "JP tahun ini",
    "xlsx.col.shortfall": "Kekurangan JP",
    "xlsx.yes": "ya",
    "xlsx.no": "tidak",
    "xlsx.note.as_of": "Data per",
    "xlsx.note.scope_all": "seluruh unit",
    "xlsx.note.rule_mean": (
        "Indeks unit = rata-rata nilai pegawai yang sudah diukur (nilai terakhir masing-masing), dua desimal; "
        "pegawai yang belum diukur tidak dihitung sebagai 0 melainkan menurunkan cakupan."
    ),
    "xlsx.note.rule_unofficial": "Hasil CPNS dan PPPK di luar pengukuran resmi dan tidak dihitung dalam rata-rata.",
    "xlsx.note.rule_unofficial_included": "Hasil CPNS dan PPPK ikut dihitung dalam rata-rata (pengaturan).",
    "xlsx.note.rule_jp": (
        "Kewajiban 20 JP setahun berlaku bagi PNS dan CPNS; semua kegiatan pengembangan kompetensi yang "
        "tanggal selesainya jatuh pada tahun berjalan dihitung."
    ),
}
