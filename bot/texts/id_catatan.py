"""Bahasa Indonesia: /catatan (an employee's own entries, corrections and disputes) and the duplicate warning."""

MESSAGES: dict[str, str] = {
    "cmd.catatan": "Catatan saya: perbaiki, tarik atau sanggah",
    "flow.records": "catatan saya",
    "catatan.list": (
        "<b>Catatan Anda</b> ({n})\n{items}\n\nPilih nomornya untuk melihat, memperbaiki, menarik atau menyanggah."
    ),
    "catatan.more": "… dan {n} catatan lebih lama.",
    "catatan.empty": "Belum ada catatan atas nama Anda. Catat pelatihan dengan /pelatihan atau isi /asesmen.",
    "catatan.item": "{n}. {mark} {what} — <i>{status}</i>",
    "catatan.status.official": "resmi (data BKPSDM)",
    "catatan.status.pending": "klaim, menunggu verifikasi",
    "catatan.status.verified": "klaim terverifikasi",
    "catatan.status.rejected": "klaim ditolak",
    "catatan.disputed": " · sanggahan Anda menunggu",
    "catatan.what.training": "{kind}: {title}, {jp} JP, {date}",
    "catatan.what.skp": "SKP {year}: {value}",
    "catatan.what.penalty": "Hukuman disiplin {level}, {date}",
    "catatan.what.education": "Pendidikan terakhir: {value}",
    "catatan.what.position": "Jenis jabatan: {value}",
    "catatan.what.no_skp": "Belum ada SKP (bukan {official})",
    "catatan.what.no_skp_plain": "Belum ada SKP",
    "catatan.what.dispute": "Sanggahan atas {official}: “{note}”",
    "catatan.what.record_gone": "catatan yang sudah tidak ada",
    "catatan.entry": "<b>{what}</b>\nStatus: {status}",
    "catatan.entry.reason": "Alasan penolakan: {reason}",
    "catatan.entry.official": (
        "Catatan resmi tidak dapat Anda ubah. Bila salah, sanggah: BKPSDM akan meninjaunya."
    ),
    "catatan.entry.verified": "Klaim yang sudah diverifikasi tidak dapat diubah. Bila salah, sanggah.",
    "catatan.entry.changeable": "Anda dapat memperbaikinya (kembali menunggu verifikasi) atau menariknya.",
    "catatan.entry.disputed": "Sanggahan Anda atas catatan ini sedang menunggu peninjauan.",
    "catatan.button.fix": "✏️ Perbaiki",
    "catatan.button.withdraw": "🗑 Tarik",
    "catatan.button.dispute": "⚠️ Sanggah",
    "catatan.ask_withdraw": "Tarik <b>{what}</b>? Klaim yang ditarik tidak dihitung lagi.",
    "catatan.button.confirm_withdraw": "Ya, tarik",
    "catatan.ask_field": "Apa yang diperbaiki dari <b>{what}</b>?",
    "catatan.field.title": "Judul",
    "catatan.field.jp": "JP",
    "catatan.field.end_date": "Tanggal selesai",
    "catatan.field.effective_date": "Tanggal berlaku (TMT)",
    "catatan.field.predicate": "Predikat",
    "catatan.field.level": "Tingkat hukuman",
    "catatan.field.value": "Nilai",
    "catatan.field.note": "Keterangan",
    "catatan.ask.title": "Ketik judul yang benar:",
    "catatan.ask.jp": "Ketik jumlah JP yang benar (atau jam, mis. <code>6 jam</code>):",
    "catatan.ask.end_date": "Ketik tanggal selesai yang benar (mis. <code>15/03/2026</code>):",
    "catatan.ask.effective_date": "Ketik tanggal berlaku (TMT) yang benar (mis. <code>15/03/2026</code>):",
    "catatan.ask.choice": "Pilih yang benar:",
    "catatan.ask.note": "Ketik keterangan yang benar (paling banyak {max} karakter):",
    "catatan.ask_dispute": (
        "Sanggah <b>{what}</b>: tuliskan apa yang salah dan yang benar menurut Anda (paling banyak {max} "
        "karakter). Catatan resmi tetap seperti adanya sampai BKPSDM memutuskan."
    ),
    "catatan.ask_evidence": "Lampirkan bukti (foto atau PDF), atau lewati.",
    "catatan.saved.withdrawn": "Klaim ditarik: {what}.",
    "catatan.saved.corrected": "Diperbaiki dan menunggu verifikasi: {what}.",
    "catatan.saved.disputed": "Sanggahan dikirim ke BKPSDM: {what}.",
    "catatan.saved.evidence": "Bukti terlampir.",
    "catatan.changed": (
        "Catatan ini sudah berubah sejak Anda membukanya (mis. sudah diputuskan peninjau); tidak ada yang diubah. "
        "Lihat lagi dengan /catatan."
    ),
    "catatan.gone": "Tombol ini sudah tidak berlaku. Pilih dari daftar terbaru.",
    "catatan.not_changeable": "Catatan resmi atau yang sudah diverifikasi tidak dapat diubah, hanya disanggah.",
    "catatan.not_correctable": "Bagian itu tidak dapat diperbaiki di sini.",
    "catatan.not_disputable": "Catatan ini tidak dapat disanggah (atau sanggahan Anda sudah menunggu).",
    "catatan.note_too_long": "Keterangan terlalu panjang: paling banyak {max} karakter.",
    "catatan.unchanged": "Isinya sama dengan sebelumnya; tidak ada yang diubah.",
    "claim.invalid": "Isian itu tidak dapat disimpan ({reason}); periksa dan ketik ulang.",
    "claim.not_withdrawable": "Klaim yang berstatus {status} tidak dapat ditarik.",
    "catatan.text.control": "Teks itu berisi karakter kendali yang tidak dapat disimpan; ketik ulang.",
    "catatan.text.too_long": "Terlalu panjang: paling banyak {max} karakter.",
    "catatan.text.empty": "Teksnya kosong; ketik isinya.",
    # the duplicate warning (/pelatihan, /asesmen)
    "dup.found": (
        "⚠️ Sudah ada catatan yang tampak sama (jenis dan tanggal sama, serta judul atau JP sama):\n{items}\n\n"
        "Simpan juga yang baru?"
    ),
    "dup.item": "• {title}, {jp} JP, {date} — <i>{status}</i>",
    "dup.this_answer": "dicatat di asesmen ini",
    "dup.keep_both": "➕ Simpan keduanya",
    "dup.drop": "✖️ Jangan simpan yang baru",
    "dup.dropped": "Tidak disimpan: {title}. Catatan yang sudah ada tetap.",
}
