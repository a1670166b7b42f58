"""Bahasa Indonesia: targeting intervention (issue 14): managing broadcasts, nudges, drill-down, what to do first,
change over time."""

MESSAGES: dict[str, str] = {
    # /siaran daftar
    "siaran.list.header": "<b>Siaran terjadwal dan berjalan</b> ({n}):",
    "siaran.list.none": "Tidak ada siaran yang terjadwal atau sedang berjalan.",
    "siaran.list.scheduled": (
        "#{id} · terjadwal {when} · {total} penerima · {audience}\n   oleh {sender}: <i>{preview}</i>"
    ),
    "siaran.list.running": (
        "#{id} · berjalan: terkirim {sent} dari {total} · gagal {failed} · tidak terjangkau {unreachable} · "
        "tidak pasti {uncertain} · sisa {left} · {audience}\n   oleh {sender}: <i>{preview}</i>"
    ),
    "siaran.list.someone": "(data dihapus)",
    "siaran.button.cancel": "🗑 Batalkan #{id}",
    "siaran.button.stop": "⏹ Hentikan #{id}",
    "siaran.stop.cancelled": "Siaran #{id} dibatalkan: tidak ada pesan yang dikirim ({n} penerima).",
    "siaran.stop.stopped": (
        "Siaran #{id} dihentikan: {n} pesan yang belum dikirim dibatalkan. Yang sudah terkirim tetap terkirim; "
        "laporannya menyusul di sini."
    ),
    "siaran.stop.already": "Sudah tersimpan: siaran #{id} sudah dihentikan pada {when}.",
    "siaran.stop.finished": "Siaran #{id} sudah selesai terkirim; tidak ada yang dapat dihentikan.",
    "siaran.stop.not_allowed": "Hanya admin kepegawaian pembuat siaran #{id} yang dapat menghentikannya.",
    "siaran.report_cancelled": "Dibatalkan (tidak dikirim): {cancelled}",
    "siaran.sender": "<i>— {sender}</i>",
    # /rekap drill-down
    "target.outside": "Unit itu tidak ada atau di luar cakupan Anda.",
    "target.scope_all": "seluruh unit",
    "target.top.header": "<b>Unit teratas</b> ({n}) — halaman {page}/{pages}. Pilih unit untuk melihat isinya:",
    "target.unit.header": "<b>{code} {name}</b>\nper {day}",
    "target.unit.parent": "Di bawah {code} {name}.",
    "target.unit.figures": (
        "Indeks rata-rata (beserta subunit): <b>{mean}</b> · diukur {measured}/{members} ({coverage}) · "
        "memenuhi 20 JP {met}/{duty}"
    ),
    "target.unit.children": "<b>Subunit ({n}), terendah dulu:</b>",
    "target.unit.child": "{n}. <b>{code}</b> {name}: {mean} · diukur {measured}/{members}",
    "target.unit.members": (
        "<b>Pegawai unit ini ({n}), terendah dulu</b> — rata-rata {mean} · halaman {page}/{pages}:"
    ),
    "target.unit.member": "{n}. {name} — {total} {category}{mark} · kurang: {lacks}",
    "target.unit.member_complete": "{n}. {name} — {total} {category}{mark} · tidak ada yang kurang",
    "target.unit.member_unmeasured": "{n}. {name} — belum pernah diukur",
    "target.unit.unofficial_mark": " (CPNS/PPPK)",
    "target.unit.lack": "{indicator} (+{gain})",
    "target.unit.no_members": "Tidak ada pegawai aktif langsung di unit ini.",
    "target.button.up": "⬆️ Naik ke {code}",
    "target.button.back": "↩️ Kembali",
    "target.button.prev": "◀️ Sebelumnya",
    "target.button.next": "▶️ Berikutnya ({page}/{pages})",
    "target.button.needs": "🎯 Apa dulu?",
    "target.button.compare": "📈 Dibanding {day}",
    "target.search.none": "Unit \"{text}\" tidak ditemukan dalam cakupan Anda. Ketik kode atau nama unit.",
    "target.search.many": "Ada {n} unit yang cocok dengan \"{text}\" ({shown} pertama di bawah). Pilih salah satu:",
    "target.usage": (
        "Gunakan /rekap, /rekap KODE-ATAU-NAMA-UNIT, /rekap banding [TANGGAL] atau /rekap ekspor."
    ),
    # what to do first
    "target.needs.header": (
        "<b>🎯 Apa dulu: {scope}</b>\nIndeks rata-rata {mean} dari {measured} pegawai yang diukur (dari {members}), "
        "per {day}. Tindakan, dari yang paling menaikkan rata-rata per orang:"
    ),
    "target.needs.item": (
        "{n}. {action} untuk <b>{people}</b> orang di {units} unit: <b>+{gain}</b> pada rata-rata "
        "(+{per_person} per orang)"
    ),
    "target.needs.none": "Tidak ada indikator yang kurang di antara pegawai yang diukur.",
    "target.needs.unmeasured": "{n} pegawai belum diukur: ukur dulu agar terlihat apa yang mereka perlukan.",
    "target.needs.note": (
        "<i>Dihitung dari saran penilaian terakhir tiap pegawai. Hukuman disiplin tidak pernah disarankan: "
        "hanya bisa ditunggu masa berlakunya.</i>"
    ),
    "target.action.pendidikan": "jenjang pendidikan berikutnya",
    "target.action.diklat_kepemimpinan": "pelatihan kepemimpinan sesuai jabatan",
    "target.action.diklat_fungsional": "pelatihan fungsional sesuai jabatan",
    "target.action.diklat_teknis": "pelatihan teknis ≥ {jp} JP (dalam {months} bulan)",
    "target.action.seminar": "seminar/workshop/kursus/magang (dalam {seminar_months} bulan)",
    "target.action.skp": "SKP dengan predikat tertinggi",
    # change over time
    "target.compare.header": "<b>📈 Perubahan indeks: {scope}</b>\n{since} → {today}",
    "target.compare.total": "Rata-rata: {before} → {after} (<b>{delta}</b>) · diukur {m1} → {m2}",
    "target.compare.fell": "<b>Unit yang turun ({n}), terbesar dulu:</b>",
    "target.compare.rose": "<b>Naik atau tetap ({n}):</b>",
    "target.compare.missing": "<b>Belum bisa dibandingkan ({n}):</b> {codes}",
    "target.compare.row": "{n}. <b>{code}</b> {name}: {before} → {after} (<b>{delta}</b>) · diukur {m1} → {m2}",
    "target.compare.hint": (
        "<i>Tanggal lain: /rekap banding 30/06/2026. Peta per tanggal memakai penilaian terakhir tiap pegawai pada "
        "atau sebelum tanggal itu.</i>"
    ),
    "target.compare.not_past": "Tanggal pembanding harus sebelum hari ini.",
    # /tim: nudge and member detail
    "nudge.button.open": "🔔 Ingatkan",
    "nudge.button.members": "👤 Rincian anggota",
    "nudge.ask": (
        "Kirim satu pengingat ke anggota {view} yang:\n<i>Setiap orang paling banyak sekali sehari, "
        "siapa pun atasannya yang mengirim.</i>"
    ),
    "nudge.reason.shortfall": "⏱ Kurang 20 JP tahun ini ({n})",
    "nudge.reason.unassessed": "📝 Belum diukur tahun ini ({n})",
    "nudge.reason.claims": "📎 Ada klaim menunggu verifikasi ({n})",
    "nudge.done": (
        "🔔 Pengingat ({reason}): <b>{queued}</b> anggota akan menerimanya. Sudah diingatkan hari ini: {already}. "
        "Tidak dapat dihubungi lewat Telegram: {unreachable}."
    ),
    "nudge.nobody": "Tidak ada anggota yang cocok dengan pilihan ini.",
    "nudge.reason_named.shortfall": "kurang 20 JP",
    "nudge.reason_named.unassessed": "belum diukur tahun ini",
    "nudge.reason_named.claims": "klaim menunggu verifikasi",
    "nudge.someone": "Atasan Anda",
    "nudge.message.shortfall": (
        "🔔 <b>{supervisor}</b> mengingatkan: JP Anda tahun {year} masih kurang <b>{shortfall}</b> dari 20 JP. "
        "Catat pelatihan yang sudah Anda ikuti, atau rencanakan yang berikutnya."
    ),
    "nudge.message.unassessed": (
        "🔔 <b>{supervisor}</b> mengingatkan: Anda belum mengukur IP ASN tahun {year}. Butuh beberapa menit: /asesmen."
    ),
    "nudge.message.claims": (
        "🔔 <b>{supervisor}</b> mengingatkan: ada data yang Anda ajukan masih menunggu verifikasi BKPSDM. Siapkan "
        "buktinya (sertifikat, SK) bila diminta; /nilai menunjukkan mana yang menunggu."
    ),
    "nudge.button.assess": "📝 Asesmen",
    "member.list": "<b>Anggota {view}</b> ({n}), terendah dulu — halaman {page}/{pages}. Pilih untuk rinciannya:",
    "member.header": "<b>{name}</b> — NIP {nip}\n{unit}",
    "member.result": "IP ASN terakhir: <b>{total}</b> ({category}), per {day}{mark}",
    "member.unmeasured": "Belum pernah diukur.",
    "member.lacks_header": "<b>Yang kurang, dari yang paling menaikkan:</b>",
    "member.lacks_none": "Tidak ada yang kurang menurut penilaian terakhir.",
}
