"""Bahasa Indonesia: what the chat says about typed text, dates, codes and results (issue 15, first hour)."""

MESSAGES: dict[str, str] = {
    "chat.text_control": "Teks itu memuat karakter kendali yang tidak terlihat. Ketik ulang teksnya.",
    "chat.text_invisible_only": (
        "Teks itu hanya berisi karakter yang tidak terlihat (mis. spasi lebar-nol atau penanda arah tulisan). "
        "Tulis nama kegiatannya dengan huruf."
    ),
    "chat.title_no_letters": (
        "Nama kegiatan perlu memuat huruf atau angka (emoji atau tanda baca saja tidak cukup), "
        "mis. <i>Pelatihan Pengelolaan Arsip Digital</i>."
    ),
    "chat.last_year": (
        "ℹ️ Kegiatan ini bertanggal tahun {year}, jadi tidak masuk JP tahun {this_year}: kewajiban 20 JP "
        "dihitung per tahun kalender."
    ),
    "chat.index_until": "Untuk IP ASN kegiatan ini tetap dihitung (jendela {months} bulan) sampai {until}.",
    "chat.index_outside": "Untuk IP ASN pun kegiatan ini sudah di luar jendela {months} bulan, jadi tidak dihitung.",
    "chat.index_no_window": "Untuk IP ASN kegiatan ini tetap dihitung (diklat ini tidak punya batas waktu).",
    "chat.index_never": "Kegiatan jenis lainnya tidak dihitung untuk IP ASN, hanya untuk JP tahunannya.",
    "chat.code_lookalikes": (
        "Kode tautan tidak pernah memakai angka 0 dan 1 atau huruf I dan O (agar tidak tertukar), tetapi yang "
        "Anda kirim memuat: <b>{found}</b>. Periksa lagi kodenya (mis. yang tampak seperti O mungkin Q atau D) "
        "lalu kirim ulang."
    ),
    "chat.reminders_state_on": (
        "🔔 Pengingat 20 JP Anda saat ini <b>menyala</b>: Anda diingatkan sesuai jadwal selama JP tahun ini "
        "belum mencapai 20 JP."
    ),
    "chat.reminders_state_off": "🔕 Pengingat 20 JP Anda saat ini <b>mati</b>.",
    "chat.reminders_turn_off": "🔕 Matikan pengingat",
    "chat.reminders_turn_on": "🔔 Nyalakan pengingat",
    "chat.duty_met_index_not": (
        "ℹ️ Kewajiban 20 JP tahun ini sudah terpenuhi, tetapi {name} baru {points}/{max}: kewajiban tahunan "
        "menghitung semua jenis kegiatan dalam tahun kalender, sedangkan indeks hanya menghitung diklat teknis "
        "dalam {months} bulan terakhir, minimal {min} JP."
    ),
}
