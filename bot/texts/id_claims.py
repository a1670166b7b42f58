"""Bahasa Indonesia: claims and their review, the two figures (issue 13)."""

MESSAGES: dict[str, str] = {
    # /asesmen: answers that differ from the official data
    "asm.stated": "Pernyataan Anda: <b>{value}</b> (klaim; data resmi tidak diubah).",
    "asm.skp_none_claimed": "belum ada SKP (tercatat {recorded}: diajukan untuk ditinjau)",
    "asm.skp_later_counts": "{answer}; yang dinilai {counted}, karena lebih baru",
    "asm.skp_beside": " (tercatat {recorded}; jawaban Anda diajukan untuk diverifikasi)",
    # the two figures
    "result.verified_line": (
        "Terverifikasi: <b>{total}</b> — {category}. Nilai di atas menurut jawaban Anda; yang terverifikasi hanya "
        "menghitung data resmi dan klaim yang sudah disetujui."
    ),
    "result.pending_note": "{mark} = indikator yang bertumpu pada klaim Anda yang belum diverifikasi.",
    "result.if_verified": (
        "Bila klaim Anda disetujui, nilai terverifikasi menjadi <b>{total}</b> ({changes}); bila ditolak, "
        "tetap {verified}."
    ),
    "result.indicator_verified": "    ⏳ terverifikasi: {points}/{max}",
    "history.verified": " · terverifikasi {total}",
}
