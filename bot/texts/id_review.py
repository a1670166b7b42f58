"""Bahasa Indonesia: reviewing claims (/verifikasi, the employee's notice, reviewer reminders; issue 13)."""

MESSAGES: dict[str, str] = {
    "cmd.verifikasi": "Tinjau klaim bawahan/pegawai",
    "flow.review_reason": "alasan penolakan",
    "review.not_reviewer": (
        "/verifikasi untuk atasan (yang memiliki bawahan) dan admin kepegawaian. Anda tidak memiliki klaim "
        "untuk ditinjau."
    ),
    "review.none": "Tidak ada klaim yang menunggu tinjauan Anda. 👍",
    "review.end": (
        "Tidak ada klaim lagi setelah yang ini. Masih menunggu: {waiting} (termasuk yang Anda lewati). "
        "Ketik /verifikasi untuk mulai lagi dari yang terlama."
    ),
    "review.card": (
        "<b>Verifikasi klaim</b> · menunggu: {waiting}\n"
        "Pegawai: <b>{name}</b> (NIP {nip}) · {relation}\n"
        "Diajukan: {date}\n\n"
        "Klaim: <b>{claimed}</b>\n"
        "Data resmi: {official}{note}\n"
        "Bukti: {evidence}"
    ),
    "review.relation.direct": "bawahan langsung",
    "review.relation.below": "dalam lingkup Anda",
    "review.note": "\nCatatan pegawai: {note}",
    "review.evidence.attached": "terlampir di atas",
    "review.evidence.none": "tidak ada",
    "review.evidence_caption": "Bukti klaim {name}: {claimed}",
    "review.official.none": "tidak ada yang tercatat",
    "review.official.roster": "menurut data kepegawaian: {value}",
    "review.button.approve": "✅ Setujui",
    "review.button.reject": "❌ Tolak",
    "review.button.skip": "⏭ Lewati",
    "review.button.write": "✍️ Tulis alasan",
    "review.button.back": "↩️ Kembali ke klaim",
    "review.ask_reason": "Mengapa klaim ini ditolak? Pilih alasan, atau tulis sendiri.\n\n<b>{claimed}</b> — {name}",
    "review.reason.evidence": "Bukti tidak ada atau tidak terbaca",
    "review.reason.mismatch": "Tidak sesuai dengan bukti atau data yang ada",
    "review.reason.duplicate": "Sudah tercatat (ganda)",
    "review.type_reason": (
        "Tulis alasan penolakan (maksimal {max} karakter).\n\n<b>{claimed}</b> — {name}"
    ),
    "review.approved": "✅ Disetujui — {name}: {claimed}",
    "review.rejected": "❌ Ditolak — {name}: {claimed}\nAlasan: {reason}",
    "review.figure_changed": "Nilai terverifikasi {name}: {before} → <b>{after}</b>.",
    "review.figure_same": "Nilai terverifikasi {name} tetap {after}.",
    "review.figure_none": "{name} belum pernah menilai diri; nilainya dihitung saat asesmen berikutnya.",
    "review.receipt": "Sudah tersimpan: {decision}",
    "review.decided_by": "Klaim ini sudah diputuskan oleh {who}: {status}. Tidak diubah.",
    "review.withdrawn": "Klaim ini sudah ditarik oleh pegawai. Tidak diubah.",
    "review.someone": "peninjau lain",
    "review.status.verified": "disetujui",
    "review.status.rejected": "ditolak",
    "review.status.withdrawn": "ditarik",
    "review.refused.reason_missing": "Alasan belum ada. Tulis alasannya, atau pilih /batal.",
    "review.refused.reason_too_long": "Alasannya terlalu panjang (maksimal {max} karakter).",
    # what a claim says
    "claim.what.training": "{kind} «{title}», {jp} JP, selesai {date}",
    "claim.what.skp": "SKP {year}: {value}",
    "claim.what.penalty": "hukuman disiplin {level} sejak {date}",
    "claim.what.education": "pendidikan {value}",
    "claim.what.position": "jenis jabatan {value}",
    "claim.what.no_skp": "belum ada SKP",
    "claim.what.dispute": "data ini salah: {target}",
    "claim.what.gone": "(data yang dirujuk sudah tidak ada)",
    # the employee's notice (delivery engine)
    "review.notice.verified": "✅ Klaim Anda disetujui oleh {who}: {claimed}.",
    "review.notice.rejected": (
        "❌ Klaim Anda ditolak oleh {who}: {claimed}.\nAlasan: {reason}\n"
        "Anda dapat memperbaiki atau menarik klaim ini."
    ),
    "review.notice.figure": "\nNilai terverifikasi Anda kini <b>{total}</b> — {category}.",
    "review.notice.reviewer": "atasan/admin kepegawaian",
    # reviewers' weekly reminder
    "review.reminder": (
        "⏳ Ada <b>{count}</b> klaim pegawai yang menunggu tinjauan Anda lebih dari {days} hari. "
        "Ketik /verifikasi untuk meninjaunya."
    ),
    "review.reminder.button": "Tinjau sekarang",
    # admin review export / import (the operator's language)
    "review.xlsx.what": "Tinjauan klaim",
    "review.xlsx.sheet.claims": "Klaim",
    "review.xlsx.sheet.siasn": "Perlu dimutakhirkan di SIASN",
    "review.xlsx.sheet.howto": "Petunjuk",
    "review.xlsx.kind.training": "Pelatihan",
    "review.xlsx.kind.skp": "SKP",
    "review.xlsx.kind.penalty": "Hukuman disiplin",
    "review.xlsx.kind.education": "Pendidikan",
    "review.xlsx.kind.position": "Jenis jabatan",
    "review.xlsx.kind.no_skp": "Belum ada SKP",
    "review.xlsx.kind.dispute": "Data resmi disanggah",
    "review.xlsx.certificate_number": "No. sertifikat {number}",
    "review.xlsx.file_in_telegram": "foto/PDF di Telegram (lihat /verifikasi)",
    "review.xlsx.howto.decision": (
        "Kolom Keputusan: setujui, atau tolak; kosong atau lewati = belum diputuskan (baris dilewati)."
    ),
    "review.xlsx.howto.reason": "Kolom Alasan: wajib bila ditolak, maksimal {max} karakter.",
    "review.xlsx.howto.all": (
        "Impor: python -m bot admin review import BERKAS.xlsx. Semua atau tidak sama sekali: satu baris bermasalah, "
        "tidak ada yang ditulis. Jangan ubah kolom ID Klaim dan Versi."
    ),
    "review.xlsx.howto.siasn": (
        "Lembar 'Perlu dimutakhirkan di SIASN': klaim yang sudah disetujui tetapi belum ada di data resmi. "
        "Setelah SIASN dimutakhirkan dan diimpor lagi, klaim itu ditutup dan hilang dari daftar."
    ),
    "review.xlsx.summary": "disetujui {approved}, ditolak {rejected}, dilewati {skipped}",
    "review.xlsx.nothing_written": "Tidak ada yang ditulis: perbaiki baris di atas lalu impor lagi.",
    "review.xlsx.unknown_claim": "ID klaim {id} tidak dikenal",
    "review.xlsx.twice": "klaim {id} sudah ada di baris {row}",
    "review.xlsx.bad_decision": "keputusan {value!r} tidak dikenal (setujui, tolak, atau kosong)",
    "review.xlsx.not_pending": "klaim {id} sudah {status}; tidak dapat diputuskan lagi",
    "review.xlsx.changed": "klaim {id} berubah sejak ekspor (Versi lain); ekspor lagi",
    "review.xlsx.inactive": "klaim {id}: pegawainya tidak aktif lagi",
    "review.xlsx.refused.decided": "klaim {id} diputuskan orang lain saat impor berjalan",
    "review.xlsx.refused.gone": "klaim {id} berubah saat impor berjalan",
    "review.xlsx.refused.reason_missing": "klaim {id}: alasan belum ada",
    "review.xlsx.refused.reason_too_long": "klaim {id}: alasan terlalu panjang",
    "review.xlsx.exported": "{path}: {pending} klaim menunggu, {to_update} perlu dimutakhirkan di SIASN",
    "cli.admin.review.help": "tinjau klaim lewat lembar kerja (ekspor, isi kolom Keputusan, impor)",
    "cli.admin.review_export.help": "tulis klaim yang menunggu dan daftar 'perlu dimutakhirkan di SIASN' (.xlsx)",
    "cli.admin.review_import.help": "terapkan kolom Keputusan dari lembar kerja ekspor (semua atau tidak sama sekali)",
    "cli.admin.review_unit.help": "hanya pegawai unit ini dan di bawahnya (kode atau nama)",
}
