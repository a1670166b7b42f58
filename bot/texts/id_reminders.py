"""Bahasa Indonesia: reminders about the 20 JP and /pengingat."""

MESSAGES: dict[str, str] = {
    "cmd.pengingat": "Nyalakan atau matikan pengingat 20 JP",
    "reminder.message": (
        "⏰ <b>Pengingat 20 JP</b>\n"
        "JP tahun {year} sejauh ini: <b>{jp} JP</b> — masih kurang <b>{shortfall} JP</b> dari kewajiban 20 JP.\n"
        "Sisa waktu tahun ini: {days} hari.\n\n"
        "Sudah mengikuti pelatihan, e-learning, seminar, coaching atau mentoring? Catat agar JP Anda terhitung.\n"
        "<i>Tidak ingin menerima pengingat ini? Kirim /pengingat.</i>"
    ),
    "reminder.button": "➕ Catat pelatihan",
    "reminders.on": (
        "🔔 Pengingat 20 JP <b>dinyalakan</b>. Anda akan diingatkan sesuai jadwal selama JP tahun ini "
        "belum mencapai 20 JP. Kirim /pengingat untuk mematikannya."
    ),
    "reminders.on_not_covered": (
        "🔔 Pengingat 20 JP <b>dinyalakan</b>, tetapi saat ini pengingat hanya dikirim kepada PNS dan CPNS "
        "(kewajiban 20 JP per tahun). Kirim /pengingat untuk mematikannya."
    ),
    "reminders.off": "🔕 Pengingat 20 JP <b>dimatikan</b>. Kirim /pengingat untuk menyalakannya lagi.",
    "reminders.already": "Sudah tersimpan: pengingat 20 JP <b>{state}</b>. Untuk mengubahnya kirim /pengingat {other}.",
    # reminders.already's {state} and {other}: the latter is the word /pengingat takes (handlers.ON_WORDS, OFF_WORDS)
    "reminders.state_on": "nyala",
    "reminders.state_off": "mati",
    "reminders.usage": (
        "Kirim /pengingat untuk menyalakan atau mematikan pengingat 20 JP, "
        "atau /pengingat nyala · /pengingat mati."
    ),
}
