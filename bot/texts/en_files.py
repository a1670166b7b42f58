"""English: files people send the bot (what a certificate must be)."""

MESSAGES: dict[str, str] = {
    "file.not_pdf": "This file is not a PDF, though it was sent as one. Send the certificate's real PDF, or a photo.",
    "file.not_image": (
        "This file is not a picture (JPEG, PNG, WebP or HEIC). Send a photo of the certificate or its PDF."
    ),
    "file.unreadable": "That file could not be fetched from Telegram. Send it once more, or skip.",
}
