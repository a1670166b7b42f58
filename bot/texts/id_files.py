"""Bahasa Indonesia: files people send the bot (what a certificate must be)."""

MESSAGES: dict[str, str] = {
    "file.not_pdf": (
        "Berkas ini bukan PDF, meski dikirim sebagai PDF. Kirim sertifikat dalam PDF aslinya, atau fotonya."
    ),
    "file.not_image": "Berkas ini bukan gambar (JPEG, PNG, WebP atau HEIC). Kirim foto sertifikat atau PDF-nya.",
    "file.unreadable": "Berkas itu tidak dapat diambil dari Telegram. Kirim sekali lagi, atau lewati.",
}
